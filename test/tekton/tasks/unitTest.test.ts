import * as assert from "assert";
import { unitTestTask } from "../../../components/tekton/tasks";

// Moved from tasks.test.ts: titles unchanged.
describe("Tekton task library: unit-test", () => {
  it("runs param command in the image given by param image, in the workdir, without a shell", () => {
    const [step] = unitTestTask().steps;
    assert.deepStrictEqual(
      {
        image: step.image,
        command: step.command,
        args: step.args,
        script: step.script,
        workingDir: step.workingDir,
      },
      {
        image: "$(params.image)",
        command: ["$(params.command[*])"],
        args: undefined,
        script: undefined,
        workingDir: "$(workspaces.source.path)/$(params.workdir)",
      },
    );
  });
});
