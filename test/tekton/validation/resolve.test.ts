import { checkPipelineSpec, checkTaskSpec } from "../../../components/tekton/validation";
import { has, none, only } from "./support/problems";
import { TASKS, ciPipeline, script, step, task } from "./support/specs";

describe("checkTaskSpec: other variables", () => {
  it("context, credentials, steps and step variables are allowed; step results in env, command and args", () => {
    none(
      checkTaskSpec(
        task({
          steps: [
            step({
              script: [
                "$(context.task.name) $(context.task.retry-count)",
                "$(context.taskRun.name) $(context.taskRun.namespace) $(context.taskRun.uid)",
                "$(credentials.path) $(steps.step-build.exitCode.path)",
                // Not on the line above: upstream's step-result pattern would span both.
                "$(step.results.out.path)",
              ].join("\n"),
              args: ["$(steps.build.results.out)"],
              env: [{ name: "OUT", value: "$(steps.build.results.out)" }],
            }),
          ],
        }),
      ),
    );
  });

  it("a step result elsewhere than env, command and args is a problem", () => {
    only(
      checkTaskSpec(script("echo $(steps.build.results.out)")),
      ["steps", 0, "script"],
      'references a step result in "echo $(steps.build.results.out)"',
      "stepResult substitutions are only allowed in env, command and args",
    );
    only(
      checkTaskSpec(task({ steps: [step({ workingDir: "$(steps.build.results.dir)" })] })),
      ["steps", 0, "workingDir"],
      "stepResult substitutions are only allowed in env, command and args",
    );
  });

  it("artifacts are a problem: TektonPipelines installs enable-artifacts off", () => {
    for (const ref of [
      "$(artifacts.path)",
      "$(step.artifacts.path)",
      "$(steps.build.outputs.image)",
      "$(tasks.build.outputs.image)",
    ]) {
      only(
        checkTaskSpec(script(`echo > ${ref}`)),
        ["steps", 0, "script"],
        "references an artifact",
        "feature flag enable-artifacts should be set to true to use artifacts feature.",
      );
    }
    only(
      checkTaskSpec(task({ steps: [step({ image: "$(steps.build.outputs.image)" })] })),
      ["steps", 0, "image"],
      "stepArtifact substitutions are only allowed in env, command, args and script",
    );
  });

  it("an unknown context variable is a problem; pipeline context is not a Task's", () => {
    only(
      checkTaskSpec(script("$(context.taskRun.serviceAccount)")),
      ["steps", 0, "script"],
      "references $(context.taskRun.serviceAccount), which is no context variable here",
      "$(context.taskRun.uid)",
    );
    only(
      checkTaskSpec(script("$(context.pipelineRun.name)")),
      ["steps", 0, "script"],
      "which is no context variable here",
    );
  });

  it("an unknown variable prefix is a problem", () => {
    only(
      checkTaskSpec(script("echo $(inputs.params.url)")),
      ["steps", 0, "script"],
      "references $(inputs.params.url), which is no Task variable",
      "leaves $(inputs.params.url) verbatim",
    );
    only(
      checkTaskSpec(script("echo $(tasks.clone.results.commit)")),
      ["steps", 0, "script"],
      "which is no Task variable",
    );
  });
});

describe("checkPipelineSpec: param and context references", () => {
  it("an unknown pipeline param is a problem", () => {
    const spec = ciPipeline();
    spec.tasks[0].params![0].value = "$(params.repo)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "params", 0, "value"],
      'references param "repo" in $(params.repo), which the Pipeline does not declare',
    );
  });

  it("a whole array pipeline param as a string value needs [*]; elements take it whole", () => {
    const spec = ciPipeline();
    spec.tasks[1].params = [{ name: "command", value: "$(params.test-command)" }];
    has(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 1, "params", 0, "value"],
      'uses whole array param "test-command" as a string',
    );
    spec.tasks[1].params = [{ name: "command", value: ["$(params.test-command)"] }];
    none(checkPipelineSpec(spec, TASKS));
    spec.tasks[0].params![1].value = "$(params.test-command[*])";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 0, "params", 1, "value"],
      'is a whole array or object but param "revision" is of type string',
    );
  });

  it("pipeline context variables resolve; unknown ones do not", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value =
      "$(context.pipelineRun.namespace)-$(context.pipelineRun.uid)-$(context.pipelineTask.retries)";
    none(checkPipelineSpec(spec, TASKS));
    spec.tasks[4].params![0].value = "$(context.pipelineRun.labels)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 0, "value"],
      "which is no context variable here",
    );
  });

  it("an unknown prefix in a pipeline task param is rejected with Tekton's message", () => {
    const spec = ciPipeline();
    spec.tasks[4].params![0].value = "app-$(date)";
    only(
      checkPipelineSpec(spec, TASKS),
      ["tasks", 4, "params", 0, "value"],
      "references $(date), which is no Pipeline variable",
      'invalid variable reference "$(date)", must start with a valid prefix',
    );
  });
});
