/**
 * The warm components' lifecycle on the real engine against the e2e API server, through an
 * inline Automation API program: Kruise installed by KruiseOperator (client templating, CRDs
 * from the upstream chart), warm jobs after it; image change, pullSecrets change, destroy, and
 * bad input that must fail at preview with nothing created.
 */
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import * as assert from "assert";
import * as path from "path";
import {
  ensureNamespace,
  kubeconfigPath,
  list,
  request,
  startApiServer,
  stopApiServer,
} from "./support/cluster";
import { CLUSTER_PACKS, ROOT, inlineStack, mirror, recorder } from "./support/stacks";
import { MIRROR_LAYOUT } from "../../stacks/mirror";

const NS = "warm-e2e";
const JOBS = "apps.kruise.io/v1alpha1";

interface WarmArgs {
  images: string[];
  pullSecrets?: string[];
}

/** The program: Kruise, then base images and a sidecar kept warm in NS. */
function program(base: WarmArgs, sidecar: WarmArgs) {
  return async () => {
    // The built package, loaded inside the program as a user's `import "kruise-devops"` would be.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kd = require(
      path.join(ROOT, ".build", "components"),
    ) as typeof import("../../components");
    const kruise = new kd.KruiseOperator("kruise", {
      source: { path: path.join(mirror(), MIRROR_LAYOUT.kruise) },
    });
    const after = { dependsOn: kruise.ready };
    const b = new kd.BaseImageWarm("base", { namespace: NS, ...base }, after);
    const s = new kd.SidecarWarm("sidecar", { namespace: NS, ...sidecar }, after);
    return { base: b.jobNames, sidecar: s.jobNames };
  };
}

describe("warm components on a real API server: lifecycle", function () {
  let stack: Stack;
  const alpine = "docker.io/library/alpine:3.20";
  const envoy = "docker.io/envoyproxy/envoy:v1.31.2";

  before(() => startApiServer());
  after(stopApiServer);

  before(async () => {
    await ensureNamespace(NS);
    stack = await inlineStack(
      "warm",
      program({ images: [alpine] }, { images: [envoy] }),
      kubeconfigPath(),
    );
  });

  it("creates one ImagePullJob per image, after the Kruise CRDs", async () => {
    const res = await stack.up({ policyPacks: CLUSTER_PACKS });
    const names = [
      ...Object.values(res.outputs.base.value),
      ...Object.values(res.outputs.sidecar.value),
    ];
    assert.deepStrictEqual(
      (await list(JOBS, "imagepulljobs", NS)).sort(),
      names.map((n) => `${NS}/${n}`).sort(),
    );
  });

  it("on an image change creates the new job before deleting the old one", async () => {
    const before = (await stack.outputs()).base.value as Record<string, string>;
    const next = "docker.io/library/alpine:3.21";
    (stack.workspace as LocalWorkspace).program = program({ images: [next] }, { images: [envoy] });
    const rec = recorder();
    const res = await stack.up({ onEvent: rec.onEvent, policyPacks: CLUSTER_PACKS });
    const now = res.outputs.base.value as Record<string, string>;
    const created = rec.events.indexOf(`create ${now[next]}`);
    const deleted = rec.events.indexOf(`delete ${before[alpine]}`);
    assert.ok(created >= 0 && deleted >= 0, rec.events.join("\n"));
    assert.ok(
      created < deleted,
      `created at ${created}, deleted at ${deleted}:\n${rec.events.join("\n")}`,
    );
    const jobs = await list(JOBS, "imagepulljobs", NS);
    assert.ok(jobs.includes(`${NS}/${now[next]}`));
    assert.ok(!jobs.includes(`${NS}/${before[alpine]}`));
  });

  it("on a pullSecrets change replaces the job rather than failing on an immutable field", async () => {
    const before = (await stack.outputs()).sidecar.value as Record<string, string>;
    (stack.workspace as LocalWorkspace).program = program(
      { images: ["docker.io/library/alpine:3.21"] },
      { images: [envoy], pullSecrets: ["regcred"] },
    );
    const res = await stack.up({ policyPacks: CLUSTER_PACKS });
    assert.strictEqual(res.summary.result, "succeeded");
    const now = res.outputs.sidecar.value as Record<string, string>;
    assert.notStrictEqual(now[envoy], before[envoy]);
    const jobs = await list(JOBS, "imagepulljobs", NS);
    assert.ok(
      jobs.includes(`${NS}/${now[envoy]}`) && !jobs.includes(`${NS}/${before[envoy]}`),
      jobs.join(" "),
    );
  });

  it("destroys every job it made; the Kruise CRDs stay", async () => {
    await stack.destroy();
    assert.deepStrictEqual(await list(JOBS, "imagepulljobs", NS), []);
    const crd = await request(
      "GET",
      "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/imagepulljobs.apps.kruise.io",
    );
    assert.strictEqual(crd.status, 200);
  });

  it("bad input fails at preview with the component's message, and nothing is created", async () => {
    // Only the bad component, so that "nothing is created" is about it, not about what a
    // program registered before the throwing line.
    const bad = await inlineStack(
      "bad",
      async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const kd = require(
          path.join(ROOT, ".build", "components"),
        ) as typeof import("../../components");
        new kd.BaseImageWarm("base", {
          namespace: NS,
          images: ["docker.io/library/alpine:3.20", "nginx"],
        });
      },
      kubeconfigPath(),
    );
    await assert.rejects(
      () => bad.preview(),
      (e: Error) => {
        assert.match(
          e.message,
          /BaseImageWarm 'base': args\.images\[1\] \("nginx"\) has no tag or digest/,
        );
        return true;
      },
    );
    await assert.rejects(() => bad.up(), /has no tag or digest/);
    const state = await bad.exportStack();
    const kinds = (state.deployment.resources ?? []).map((r: any) => r.type);
    assert.deepStrictEqual(
      kinds.filter(
        (t: string) => t.startsWith("kubernetes:") && t !== "pulumi:providers:kubernetes",
      ),
      [],
    );
    assert.deepStrictEqual(await list(JOBS, "imagepulljobs", NS), []);
  });
});
