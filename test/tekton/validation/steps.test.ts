import * as assert from "assert";
import { checkTaskSpec } from "../../../components/tekton/validation";
import { has, none, only, show } from "./support/problems";
import { script, step, task } from "./support/specs";

describe("checkTaskSpec: steps", () => {
  it("a Task needs at least one step", () => {
    only(
      checkTaskSpec({ steps: [] }),
      ["steps"],
      "is empty",
      "missing field(s): steps",
      "add a step",
    );
  });

  it("step names are unique", () => {
    const p = checkTaskSpec(task({ steps: [step({ name: "build" }), step({ name: "build" })] }));
    only(
      p,
      ["steps", 1, "name"],
      '("build") is the name of an earlier step',
      "expected exactly one, got both",
    );
  });

  it("step names are DNS-1123 labels", () => {
    only(
      checkTaskSpec(task({ steps: [step({ name: "Build_Image" })] })),
      ["steps", 0, "name"],
      '("Build_Image") is not a DNS-1123 label',
      "Task step name must be a valid DNS Label",
    );
  });

  it("unnamed steps are allowed (Tekton names them step-unnamed-<i>)", () => {
    none(checkTaskSpec(task({ steps: [step({ name: "" }), step({ name: "" })] })));
  });

  it("every step has an image, its own or the stepTemplate's", () => {
    only(
      checkTaskSpec(task({ steps: [step({ image: "" })] })),
      ["steps", 0, "image"],
      "is missing",
      "missing field(s): Image",
    );
    none(
      checkTaskSpec(task({ steps: [step({ image: "" })], stepTemplate: { image: "alpine:3.20" } })),
    );
  });

  it("script and command are exclusive", () => {
    only(
      checkTaskSpec(task({ steps: [step({ script: "echo hi", command: ["sh"] })] })),
      ["steps", 0, "script"],
      "script cannot be used with command",
    );
  });

  it("no volume mount under /tekton/ (but /tekton/home), however the path is written", () => {
    for (const mountPath of ["/tekton/results", "/tekton/home/../scripts", "/x/../tekton/run/"]) {
      only(
        checkTaskSpec(task({ steps: [step({ volumeMounts: [{ name: "v", mountPath }] })] })),
        ["steps", 0, "volumeMounts", 0, "mountPath"],
        "is under /tekton/",
        "volumeMount cannot be mounted under /tekton/",
      );
    }
    none(
      checkTaskSpec(
        task({
          steps: [step({ volumeMounts: [{ name: "v", mountPath: "/tekton/home/.cache" }] })],
        }),
      ),
    );
    only(
      checkTaskSpec(
        task({ stepTemplate: { volumeMounts: [{ name: "v", mountPath: "/tekton/creds" }] } }),
      ),
      ["stepTemplate", "volumeMounts", 0, "mountPath"],
      "volumeMount cannot be mounted under /tekton/",
    );
  });

  it("no volume mount named tekton-internal-…", () => {
    only(
      checkTaskSpec(
        task({ steps: [step({ volumeMounts: [{ name: "tekton-internal-x", mountPath: "/x" }] })] }),
      ),
      ["steps", 0, "volumeMounts", 0, "name"],
      'starts with "tekton-internal-"',
      'cannot start with "tekton-internal-"',
    );
  });

  it("a step timeout is a Go duration, not negative", () => {
    none(
      checkTaskSpec(
        task({ steps: [step({ timeout: "1h30m" }), step({ name: "b", timeout: "0s" })] }),
      ),
    );
    only(
      checkTaskSpec(task({ steps: [step({ timeout: "-10s" })] })),
      ["steps", 0, "timeout"],
      '("-10s") is negative',
      "invalid value: -10s: negative timeout",
    );
    only(
      checkTaskSpec(task({ steps: [step({ timeout: "10 minutes" })] })),
      ["steps", 0, "timeout"],
      "is not a duration",
      "time.ParseDuration",
    );
  });

  it("onError is continue, stopAndFail or a declared param", () => {
    none(checkTaskSpec(task({ steps: [step({ onError: "continue" })] })));
    none(
      checkTaskSpec(
        task({
          params: [{ name: "on-error", default: "continue" }],
          steps: [step({ onError: "$(params.on-error)" })],
        }),
      ),
    );
    only(
      checkTaskSpec(task({ steps: [step({ onError: "ignore" as never })] })),
      ["steps", 0, "onError"],
      "is not continue or stopAndFail",
      'Task step onError must be either "continue" or "stopAndFail"',
    );
    only(
      checkTaskSpec(task({ steps: [step({ onError: "$(params.on-error)" })] })),
      ["steps", 0, "onError"],
      'references param "on-error"',
    );
  });

  it("a Windows script needs enable-api-fields alpha, and the installed flag is beta", () => {
    only(
      checkTaskSpec(script("#!win powershell -File\nWrite-Host hi")),
      ["steps", 0, "script"],
      "is a Windows script",
      'windows script support requires "enable-api-fields" feature gate to be "alpha"',
    );
  });

  it("script and command are exclusive, the command from stepTemplate too", () => {
    only(
      checkTaskSpec(
        task({ steps: [step({ script: "echo hi" })], stepTemplate: { command: ["sh"] } }),
      ),
      ["steps", 0, "script"],
      "is set together with command (from stepTemplate)",
      "script cannot be used with command",
    );
  });

  it("volumes and workspace names are unique; workspace mount paths do not collide", () => {
    const p = checkTaskSpec(
      task({
        steps: [step({ volumeMounts: [{ name: "cache", mountPath: "/cache/" }] })],
        volumes: [
          { name: "cache", emptyDir: {} },
          { name: "cache", emptyDir: {} },
        ],
        workspaces: [
          { name: "src" },
          { name: "src", mountPath: "/other" },
          { name: "c", mountPath: "/cache" },
        ],
      }),
    );
    has(
      p,
      ["volumes", 1, "name"],
      'declares volume "cache" twice',
      "multiple volumes with same name",
    );
    has(p, ["workspaces", 1, "name"], 'workspace name "src" must be unique');
    has(p, ["workspaces", 2, "mountPath"], 'workspace mount path "/cache" must be unique');
    assert.strictEqual(p.length, 3, show(p));
  });
});
