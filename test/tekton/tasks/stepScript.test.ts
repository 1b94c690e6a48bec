import * as assert from "assert";
import {
  buildkitBuildScript,
  buildkitBuildTask,
  deploymentImageTask,
  deploymentRolloutScript,
  kanikoBuildTask,
  kanikoDigestScript,
  scriptCommands,
  warmJobTemplate,
  warmScript,
  warmTask,
} from "../../../components/tekton/tasks";
import { WARM_TASK_CREATOR } from "../../../components/tekton/tasks/warm";
import {
  ScriptInput,
  refs,
  shellScript,
  tektonParam,
  writeOutput,
} from "../../../components/tekton/tasks/stepScript";
import { throwsWith } from "../../support/expect";

/** An input read from `variable`, named so in messages. */
const input = (variable: string): ScriptInput => ({ variable, label: variable });

describe("step scripts apart from Tekton (tasks/stepScript.ts)", () => {
  it("a Tekton step script is the shebang, then the commands a CI system runs one by one", () => {
    const body = "\n    echo one\n    echo two\n  ";
    assert.strictEqual(
      shellScript("t", body),
      `#!/bin/sh\n${scriptCommands("t", body).join("\n\n")}\n`,
    );
    assert.deepStrictEqual(scriptCommands("t", body), [
      "set -eu",
      'fail() {\n  echo "t: $*" >&2\n  exit 1\n}',
      "echo one\necho two",
    ]);
    assert.deepStrictEqual(scriptCommands("t", body, "\n  echo three\n").slice(2), [
      "echo one\necho two",
      "echo three",
    ]);
  });

  it("writes a result as a Tekton result file or as a dotenv line", () => {
    assert.strictEqual(
      writeOutput({ file: "$RESULT_X" }, "%s@%s", '"$a"', '"$b"'),
      `printf '%s@%s' "$a" "$b" >"$RESULT_X"`,
    );
    assert.strictEqual(
      writeOutput({ file: "$CI_PROJECT_DIR/build.env", dotenvName: "IMAGE_REF" }, "%s", '"$a"'),
      `printf 'IMAGE_REF=%s\\n' "$a" >>"$CI_PROJECT_DIR/build.env"`,
    );
    throwsWith(() => writeOutput({ file: "f", dotenvName: "A-B" }, "%s", "x"), "dotenv name");
    throwsWith(() => refs({ image: input("$(params.image)") }), "input image", "not a variable");
  });

  it("the Tasks render their scripts from the builders, with their params as inputs", () => {
    const scripts = (spec: { steps: { script?: string }[] }) =>
      spec.steps.map((s) => s.script).filter((s) => s !== undefined);
    assert.deepStrictEqual(scripts(deploymentImageTask()), [
      shellScript(
        "deploy-deployment",
        deploymentRolloutScript({
          inputs: {
            namespace: tektonParam("namespace", "NAMESPACE"),
            workload: tektonParam("deployment", "WORKLOAD"),
            container: tektonParam("container", "CONTAINER"),
            image: tektonParam("image", "IMAGE"),
            timeout: tektonParam("timeout", "TIMEOUT"),
          },
        }),
      ),
    ]);
    // A builder's inputs and outputs are where the script reads and writes, nothing else.
    const other = buildkitBuildScript({
      task: "job",
      inputs: {
        image: input("REPO"),
        tag: input("SHA"),
        sourceDir: input("DIR"),
        context: input("CTX"),
        dockerfile: input("DF"),
      },
      outputs: { imageRef: { file: "$DIR/out.env", dotenvName: "REF" } },
    });
    const tekton = scripts(buildkitBuildTask())[0];
    for (const v of ["$IMAGE", "$TAG", "$SOURCE_DIR", "$CONTEXT", "$DOCKERFILE", "$RESULT_"]) {
      assert.ok(tekton.includes(v), `the Task reads ${v}`);
      assert.ok(!other.includes(v), `the job's script reads ${v}`);
    }
    assert.ok(!other.includes('"$@"'), "no extra args unless asked");
    assert.ok(other.includes(`printf 'REF=%s@%s\\n' "$REPO" "$digest" >>"$DIR/out.env"`));
    assert.ok(other.includes('fail "SHA \\"$SHA\\" is not a valid image tag"'));
    assert.ok(!other.includes(`printf '%s' "$digest" >`), "no digest result unless asked");
    const kaniko = kanikoDigestScript({
      task: "job",
      inputs: { image: input("REPO"), tag: input("SHA"), digestFile: input("DIGEST") },
      outputs: {},
    });
    assert.ok(!kaniko.includes("printf '%s' \"$digest\" >"), kaniko);
    assert.ok(scripts(kanikoBuildTask())[0].includes('>"$RESULT_DIGEST"'));
  });

  it("warm: the run annotation is a valid key, the job-name result optional", () => {
    const io = {
      task: "warm-nodes",
      inputs: {
        image: input("IMAGE_REF"),
        parallelism: input("P"),
        nodeLabels: input("L"),
        wait: input("W"),
        timeout: input("T"),
        template: input("TPL"),
        namespace: input("NS"),
        run: input("CI_JOB_URL"),
      },
      runAnnotation: "kruise-devops.io/ci-job-url",
      imageSource: "the build job's IMAGE_REF",
      outputs: {},
    };
    const text = warmScript(io);
    assert.ok(text.includes('.metadata.annotations["kruise-devops.io/ci-job-url"] = $taskrun'));
    assert.ok(text.includes("(the build job's IMAGE_REF)"));
    assert.ok(!text.includes("RESULT_JOB_NAME") && !text.includes('"$job" >'));
    assert.ok(warmTask().steps[0].script!.includes(`printf '%s' "$job" >"$RESULT_JOB_NAME"`));
    throwsWith(() => warmScript({ ...io, runAnnotation: "it's" }), "runAnnotation");
  });

  it("warm: another CI system's jobs carry its own labels, from the same template builder", () => {
    const creator = { managedBy: "gitlab-ci", component: "warm-nodes", name: "ci", resource: "w" };
    const gitlab = warmJobTemplate({ pullSecrets: ["creds"] }, creator);
    const tekton = warmJobTemplate({ pullSecrets: ["creds"] });
    assert.deepStrictEqual(gitlab.spec, tekton.spec);
    assert.deepStrictEqual(gitlab.metadata.labels, {
      ...tekton.metadata.labels,
      "app.kubernetes.io/managed-by": "gitlab-ci",
      "app.kubernetes.io/component": "warm-nodes",
    });
    assert.deepStrictEqual(warmJobTemplate(), warmJobTemplate({}, WARM_TASK_CREATOR));
    throwsWith(
      () => warmJobTemplate({}, { ...creator, managedBy: "gitlab ci" }),
      "ci: label value",
    );
    throwsWith(() => warmJobTemplate({ pullSecrets: ["Bad_Name"] }, creator), "ci", "pullSecrets");
  });
});
