import * as assert from "assert";
import { pipelineManifest, taskManifest } from "../../../components/tekton/manifests";

const meta = { name: "p", namespace: "ci" };
const STEP = { name: "s", image: "docker.io/library/alpine:3.20" };

/** The error a builder throws for `make`, or fails. */
function errorOf(make: () => unknown): string {
  try {
    make();
  } catch (e) {
    assert.ok(!(e instanceof TypeError), `a TypeError: ${(e as Error).message}`);
    return (e as Error).message;
  }
  return assert.fail("expected an error");
}

describe("Tekton specs of the wrong shape: a message, never a TypeError", () => {
  const cases: [string, () => unknown, string][] = [
    [
      "a blank when entry",
      () =>
        pipelineManifest(
          "X",
          meta,
          { tasks: [{ name: "a", taskRef: { name: "t" }, when: [{} as never] }] },
          { t: { steps: [STEP] } },
        ),
      "X 'p': Pipeline p.spec.tasks[0].when[0].values is missing — ",
    ],
    [
      "an empty task object",
      () => pipelineManifest("X", meta, { tasks: [{} as never] }, {}),
      "X 'p': Pipeline p.spec.tasks[0].name is missing — ",
    ],
    [
      "a volume mount without mountPath",
      () =>
        taskManifest("X", meta, {
          steps: [{ ...STEP, volumeMounts: [{ name: "v" } as never] }],
          volumes: [{ name: "v", emptyDir: {} }],
        }),
      "X 'p': Task p.spec.steps[0].volumeMounts[0].mountPath is missing — ",
    ],
    [
      "a null step",
      () => taskManifest("X", meta, { steps: [null as never] }),
      "Task p.spec.steps[0] is not valid: ",
    ],
    ["a null spec", () => taskManifest("X", meta, null as never), "Task p.spec is not valid: "],
    [
      "tasks that are not a list",
      () => pipelineManifest("X", meta, { tasks: "x" as never }, {}),
      "Pipeline p.spec.tasks is not valid: ",
    ],
    [
      "params that are not a list",
      () => taskManifest("X", meta, { params: {} as never, steps: [STEP] }),
      "Task p.spec.params is not valid: ",
    ],
    // Found by test/anyArgs.test.ts: fields the static checks read as text.
    [
      "an env value that is an object",
      () =>
        taskManifest("X", meta, { steps: [{ ...STEP, env: [{ name: "A", value: {} as never }] }] }),
      "Task p.spec.steps[0].env[0].value is not valid: ",
    ],
    [
      "a secret volume's items that are not key/path pairs",
      () =>
        taskManifest("X", meta, {
          steps: [STEP],
          volumes: [{ name: "v", secret: { secretName: "s", items: [{ key: 1 } as never] } }],
        }),
      "Task p.spec.volumes[0].secret.items[0].key is not valid: ",
    ],
    [
      "a Task spec the Pipeline refers to, of the wrong shape",
      () =>
        pipelineManifest(
          "X",
          meta,
          { tasks: [{ name: "a", taskRef: { name: "t" } }] },
          { t: { steps: [STEP], workspaces: [null as never] } },
        ),
      "X 'p': Pipeline p.tasks.t.workspaces[0] is not valid: ",
    ],
  ];
  for (const [what, make, fragment] of cases) {
    it(what, () => {
      const message = errorOf(make);
      assert.ok(message.includes(fragment), message);
      assert.ok(message.includes("give the field as the Tekton v1 API documents it"), message);
    });
  }

  it("lets through fields the model does not type", () => {
    const m = taskManifest("X", meta, {
      steps: [{ ...STEP, stdoutConfig: { path: "/tmp/out" } } as never],
    });
    assert.strictEqual(m.kind, "Task");
  });
});
