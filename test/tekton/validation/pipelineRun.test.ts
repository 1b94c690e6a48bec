import * as assert from "assert";
import { checkPipelineRunSpec } from "../../../components/tekton/validation";
import { PipelineRunSpec } from "../../../components/tekton/types";
import { has, none, only, show } from "./support/problems";
import { ciPipeline } from "./support/specs";

describe("checkPipelineRunSpec", () => {
  const pipeline = ciPipeline();
  const run = (over: Partial<PipelineRunSpec> = {}): PipelineRunSpec => ({
    pipelineRef: { name: "ci" },
    params: [
      { name: "repo-url", value: "https://example.com/r.git" },
      { name: "image", value: "ghcr.io/acme/web" },
      { name: "application", value: "web" },
    ],
    workspaces: [
      { name: "source", emptyDir: {} },
      { name: "docker-config", secret: { secretName: "regcred" } },
    ],
    timeouts: { pipeline: "1h0m0s" },
    ...over,
  });

  it("a run that gives what the Pipeline needs has no problem; extra params are ignored", () => {
    none(checkPipelineRunSpec(run(), pipeline));
    const extra = run();
    extra.params!.push({ name: "unused", value: "x" });
    none(checkPipelineRunSpec(extra, pipeline));
  });

  it("params: required ones given, of the declared type, once, literal", () => {
    const p = checkPipelineRunSpec(
      run({
        params: [
          { name: "repo-url", value: ["a"] },
          { name: "image", value: "$(tasks.build.results.image-ref)" },
          { name: "IMAGE", value: "x" },
        ],
      }),
      pipeline,
    );
    has(
      p,
      ["params", 0, "value"],
      'is an array but param "repo-url" is of type string',
      "parameters have inconsistent types",
    );
    has(
      p,
      ["params", 1, "value"],
      'references results of task(s) "build"',
      "as PipelineRun parameter values",
    );
    has(p, ["params", 2, "name"], 'gives param "image" twice', "case-insensitively");
    has(p, ["params"], 'lacks the required param "application"', "pipelineRun missing parameters");
    assert.strictEqual(p.length, 4, show(p));
  });

  it("workspaces: required ones bound, once, each with exactly one source naming what it mounts", () => {
    const p = checkPipelineRunSpec(
      run({
        workspaces: [
          { name: "source", emptyDir: {}, persistentVolumeClaim: { claimName: "c" } },
          { name: "source", secret: { secretName: "" } },
          { name: "cache" },
        ],
      }),
      pipeline,
    );
    has(
      p,
      ["workspaces", 0],
      "has persistentVolumeClaim and emptyDir",
      "expected exactly one, got both",
    );
    has(
      p,
      ["workspaces", 1, "name"],
      'binds workspace "source" twice',
      "provided by pipelinerun more than once",
    );
    has(
      p,
      ["workspaces", 1, "secret", "secretName"],
      "is missing",
      "missing field(s): secret.secretName",
    );
    has(p, ["workspaces", 2], "has no volume source", "expected exactly one, got neither");
    has(p, ["workspaces"], 'does not bind workspace "docker-config"', "be provided by pipelinerun");
    assert.strictEqual(p.length, 5, show(p));
  });

  it("timeouts: durations, not negative, tasks and finally within pipeline", () => {
    none(
      checkPipelineRunSpec(
        run({ timeouts: { pipeline: "1h", tasks: "40m", finally: "20m" } }),
        pipeline,
      ),
    );
    none(
      checkPipelineRunSpec(
        run({ timeouts: { pipeline: "0s", tasks: "0s", finally: "0s" } }),
        pipeline,
      ),
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "-1h" } }), pipeline),
      ["timeouts", "pipeline"],
      "is negative",
      "invalid value: -1h should be >= 0",
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "an hour" } }), pipeline),
      ["timeouts", "pipeline"],
      "is not a duration",
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "30m", tasks: "1h" } }), pipeline),
      ["timeouts", "tasks"],
      'exceeds timeouts.pipeline ("30m")',
      "should be <= pipeline duration",
    );
    has(
      checkPipelineRunSpec(
        run({ timeouts: { pipeline: "1h", tasks: "40m", finally: "40m" } }),
        pipeline,
      ),
      ["timeouts"],
      "together exceed",
      "invalid value: 40m + 40m should be <= pipeline duration",
    );
    has(
      checkPipelineRunSpec(run({ timeouts: { pipeline: "1h", finally: "0s" } }), pipeline),
      ["timeouts", "finally"],
      "means no timeout",
      "0s (no timeout) should be <= pipeline duration",
    );
  });

  it("without timeouts.pipeline, tasks and finally fit in the 60m Tekton's defaulting sets", () => {
    none(checkPipelineRunSpec(run({ timeouts: { tasks: "40m", finally: "20m" } }), pipeline));
    only(
      checkPipelineRunSpec(run({ timeouts: { tasks: "2h" } }), pipeline),
      ["timeouts", "tasks"],
      "exceeds the run's timeout (unset: Tekton's defaulting makes it default-timeout-minutes, 60m)",
      "invalid value: 2h should be <= pipeline duration",
      "raise timeouts.pipeline (set it)",
    );
  });
});
