/**
 * This example's program against the kruise-devops policy pack, under Pulumi mocks, with the
 * config of its `dev` stack: what `pulumi preview --policy-pack node_modules/kruise-devops/policy`
 * would report, as a unit test (`npm test`). Copy it for your own project.
 */
import * as assert from "assert";
import * as path from "path";
import { describe, it } from "mocha";
import { projectStack, runPolicies } from "kruise-devops/testing";

const dev = projectStack(path.join(__dirname, ".."), "dev");

/** The program, run afresh (a second run of `require` would return the first run's module). */
function program(): { gitlabCi: string } {
  delete require.cache[require.resolve("../index")];
  return require("../index");
}

describe("gitlab-runner: the GitLab-style staged pipeline, its runner's RBAC and the warm after the build", () => {
  it("passes every policy of the pack with its dev stack, mandatory and advisory", async () => {
    const { violations, resources } = await runPolicies(program, dev);
    assert.ok(resources.length > 5, `the program registered its resources (${resources.length})`);
    assert.deepStrictEqual(violations, []);
  });

  it("passes them with the BuildKit builder, whose job builds in rootless BuildKit", async () => {
    let gitlabCi = "";
    const buildkit = {
      ...dev,
      config: { ...dev.config, [`${dev.project}:builder`]: "buildkit" },
    };
    const { violations } = await runPolicies(() => {
      gitlabCi = program().gitlabCi;
    }, buildkit);
    assert.deepStrictEqual(violations, []);
    assert.match(gitlabCi, /buildctl-daemonless\.sh build/);
  });
});
