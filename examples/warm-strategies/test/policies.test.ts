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

describe("warm-strategies: the five image pre-warming strategies", () => {
  it("passes every policy of the pack with its dev stack, mandatory and advisory", async () => {
    const { violations, resources } = await runPolicies(() => require("../index"), dev);
    assert.ok(resources.length > 5, `the program registered its resources (${resources.length})`);
    assert.deepStrictEqual(violations, []);
  });
});
