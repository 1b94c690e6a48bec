import * as kx from "@pulumi/kubernetesx";
import * as assert from "assert";
import {
  PodContainer,
  PodEnvMap,
  PodPortMap,
  PodSpecShorthand,
  PodVolumeMount,
} from "../../components/kruise/podShorthand";

/** `true` when A and B are assignable both ways; anything else fails to compile below. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Compile-time: our types and kubernetesx 0.1.6's are the same, in both directions.
const SAME = {
  podSpec: true satisfies Same<PodSpecShorthand, kx.types.PodSpec>,
  container: true satisfies Same<PodContainer, kx.types.Container>,
  volumeMount: true satisfies Same<PodVolumeMount, kx.types.VolumeMount>,
  envMap: true satisfies Same<PodEnvMap, kx.types.EnvMap>,
  portMap: true satisfies Same<PodPortMap, kx.types.PortMap>,
};

describe("CloneSet's Pod spec shorthand: the package's own types, kubernetesx's shape", () => {
  it("is the same as kubernetesx's types both ways (checked when this file compiles)", () => {
    assert.deepStrictEqual(Object.values(SAME), [true, true, true, true, true]);
  });

  it("a spec written for kubernetesx's PodBuilder is one CloneSet takes, and back", () => {
    const forKx: kx.types.PodSpec = {
      containers: [{ name: "web", image: "nginx:1.27.3", ports: { http: 80 }, env: { A: "1" } }],
    };
    const ours: PodSpecShorthand = forKx;
    const back: kx.types.PodSpec = ours;
    assert.strictEqual(back, forKx);
  });
});
