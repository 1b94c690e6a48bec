import * as assert from "assert";
import { pipelineTaskSites, taskSites } from "../../../components/tekton/validation/sites";
import { PipelineTask, TaskSpec } from "../../../components/tekton/types";

/** Sites as `path mode text`, one a line. */
const show = (
  sites: { path: (string | number)[]; mode: string; text: string; toTask?: boolean }[],
) => sites.map((s) => `${s.path.join(".")} ${s.mode}${s.toTask ? " toTask" : ""} ${s.text}`);

describe("the strings of a spec that may hold references (tekton/validation/sites)", () => {
  it("taskSites: every substituted field of steps, step template, volumes and workspaces", () => {
    const spec: TaskSpec = {
      steps: [
        {
          name: "s",
          image: "$(params.image)",
          script: "echo $(params.a)",
          workingDir: "$(workspaces.src.path)",
          onError: "$(params.onError)",
          command: ["c0", "c1"],
          args: ["a0"],
          env: [
            { name: "E", value: "v" },
            { name: "F", valueFrom: { secretKeyRef: { name: "sn", key: "sk" } } },
            { name: "G", valueFrom: { configMapKeyRef: { name: "cn", key: "ck" } } },
          ],
          volumeMounts: [{ name: "vm", mountPath: "/m", subPath: "sp" }],
        },
      ],
      stepTemplate: { env: [{ name: "T", value: "tv" }] },
      volumes: [
        { name: "v0", secret: { secretName: "sec", items: [{ key: "k", path: "p" }] } },
        { name: "v1", configMap: { name: "cm" } },
      ],
      workspaces: [{ name: "src", mountPath: "/src" }, { name: "other" }],
    };
    assert.deepStrictEqual(show(taskSites(spec, ["spec"])), [
      "spec.steps.0.image text $(params.image)",
      "spec.steps.0.script text echo $(params.a)",
      "spec.steps.0.workingDir text $(workspaces.src.path)",
      "spec.steps.0.onError text $(params.onError)",
      "spec.steps.0.command.0 element c0",
      "spec.steps.0.command.1 element c1",
      "spec.steps.0.args.0 element a0",
      "spec.steps.0.env.0.value text v",
      "spec.steps.0.env.1.valueFrom.secretKeyRef.name text sn",
      "spec.steps.0.env.1.valueFrom.secretKeyRef.key text sk",
      "spec.steps.0.env.2.valueFrom.configMapKeyRef.name text cn",
      "spec.steps.0.env.2.valueFrom.configMapKeyRef.key text ck",
      "spec.steps.0.volumeMounts.0.name text vm",
      "spec.steps.0.volumeMounts.0.mountPath text /m",
      "spec.steps.0.volumeMounts.0.subPath text sp",
      "spec.stepTemplate.env.0.value text tv",
      "spec.volumes.0.secret.secretName text sec",
      "spec.volumes.0.secret.items.0.key text k",
      "spec.volumes.0.secret.items.0.path text p",
      "spec.volumes.1.configMap.name text cm",
      "spec.workspaces.0.mountPath text /src",
    ]);
  });

  it("taskSites: empty strings and absent fields give no site; no steps, none", () => {
    assert.deepStrictEqual(taskSites({ steps: [{ name: "s", image: "", script: "" }] }), []);
    assert.deepStrictEqual(taskSites({} as TaskSpec), []);
  });

  it("pipelineTaskSites: param values (string, array items, object keys), when, subPaths", () => {
    const pt: PipelineTask = {
      name: "t",
      params: [
        { name: "s", value: "$(params.a)" },
        { name: "a", value: ["x", "$(params.list[*])"] },
        { name: "o", value: { url: "$(params.url)" } },
      ],
      when: [{ input: "$(params.go)", operator: "in", values: ["yes", "y"] }],
      workspaces: [
        { name: "src", workspace: "ws", subPath: "$(params.dir)" },
        { name: "out", workspace: "ws" },
      ],
    };
    assert.deepStrictEqual(show(pipelineTaskSites(pt, ["tasks", 1])), [
      "tasks.1.params.0.value value toTask $(params.a)",
      "tasks.1.params.1.value.0 element toTask x",
      "tasks.1.params.1.value.1 element toTask $(params.list[*])",
      "tasks.1.params.2.value.url text toTask $(params.url)",
      "tasks.1.when.0.input text $(params.go)",
      "tasks.1.when.0.values.0 element yes",
      "tasks.1.when.0.values.1 element y",
      "tasks.1.workspaces.0.subPath text $(params.dir)",
    ]);
  });
});
