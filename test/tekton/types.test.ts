import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import {
  ParamSpec,
  ParamType,
  ParamValue,
  PipelineRunManifest,
  Step,
  TEKTON_API_VERSION,
  TaskManifest,
  TaskSpec,
} from "../../components/tekton/types";
import { crdErrors } from "../support/crdSchema";
import { TEKTON_CONFIG } from "../support/tektonRelease";

const TEKTON_CRDS = path.join(TEKTON_CONFIG, "300-crds");

/** True when A and B are the same type (compile time). */
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Compile-time: the model's unions and required fields.
const paramTypes: Equals<ParamType, "string" | "array" | "object"> = true;
const paramValues: Equals<ParamValue, string | string[] | Record<string, string>> = true;
const manifestVersion: Equals<TaskManifest["apiVersion"], "tekton.dev/v1"> = true;
const step: Step = { name: "s", image: "alpine:3.23.5" };
// @ts-expect-error a step needs an image
const noImage: Step = { name: "s" };
const spec: TaskSpec = { steps: [step] };
// @ts-expect-error a param's name is required
const unnamed: ParamSpec = { type: "string" };

describe("the Tekton v1 model (components/tekton/types)", () => {
  it("compiles: unions and required fields as Tekton's Go types have them", () => {
    assert.deepStrictEqual([paramTypes, paramValues, manifestVersion], [true, true, true]);
    assert.deepStrictEqual([noImage.name, unnamed.type], ["s", "string"]);
  });

  it("tekton.dev/v1 is served by the release's Task, Pipeline and PipelineRun CRDs", () => {
    assert.strictEqual(TEKTON_API_VERSION, "tekton.dev/v1");
    const files = ["300-task.yaml", "300-pipeline.yaml", "300-pipelinerun.yaml"];
    for (const file of files) {
      const crd = yaml.load(fs.readFileSync(path.join(TEKTON_CRDS, file), "utf8")) as any;
      const served = crd.spec.versions.filter((v: any) => v.served).map((v: any) => v.name);
      assert.ok(served.includes("v1"), `${file}: ${served}`);
    }
    assert.strictEqual(files.length, 3);
  });

  it("ParamType is Tekton's: the three types a param declares", () => {
    assert.deepStrictEqual(Object.values(ParamType), ["string", "array", "object"]);
  });

  it("a Task and a PipelineRun of the model are objects the CRD schemas accept", () => {
    const task: TaskManifest = {
      apiVersion: TEKTON_API_VERSION,
      kind: "Task",
      metadata: { name: "t", namespace: "ci" },
      spec,
    };
    assert.deepStrictEqual(crdErrors(TEKTON_CRDS, task), []);
    const run: PipelineRunManifest = {
      apiVersion: TEKTON_API_VERSION,
      kind: "PipelineRun",
      metadata: { name: "r", namespace: "ci" },
      spec: { pipelineRef: { name: "p" }, params: [{ name: "a", value: ["x"] }] },
    };
    assert.deepStrictEqual(crdErrors(TEKTON_CRDS, run), []);
  });
});
