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

// The program installs Tekton from its release manifest, fetched from the internet unless the
// stack config `tekton` names a downloaded copy: TEKTON_RELEASE_YAML, if set.
const release = process.env.TEKTON_RELEASE_YAML;
if (release)
  dev.config["kruise-devops-gitops-cloneset:tekton"] = JSON.stringify({
    source: { path: release },
  });

describe("gitops-cloneset: Argo CD syncing a CloneSet, with the CI pipeline that feeds it", () => {
  it("passes every policy of the pack with its dev stack, mandatory and advisory", async () => {
    const { violations, resources } = await runPolicies(() => require("../index"), dev);
    assert.ok(resources.length > 5, `the program registered its resources (${resources.length})`);
    assert.deepStrictEqual(violations, []);
  });
});
