import * as assert from "assert";
import { checkTaskSpec } from "../../../components/tekton/validation";
import { has, none, only, show } from "./support/problems";
import { script, task } from "./support/specs";

describe("checkTaskSpec: results and workspaces", () => {
  it("result names are valid and unique", () => {
    const p = checkTaskSpec(
      task({ results: [{ name: "-digest" }, { name: "url" }, { name: "url" }] }),
    );
    has(
      p,
      ["results", 0, "name"],
      '("-digest") is not a valid result name',
      "must start and end with an alphanumeric",
    );
    has(p, ["results", 2, "name"], 'declares result "url" twice');
    assert.strictEqual(p.length, 2, show(p));
  });

  it("object results need properties, which this model cannot give", () => {
    only(
      checkTaskSpec(task({ results: [{ name: "meta", type: "object" }] })),
      ["results", 0, "type"],
      "missing field(s): meta.properties",
    );
  });

  it("$(results.<name>.path) must name a declared result", () => {
    only(
      checkTaskSpec(script("echo x > $(results.digest.path)", { results: [{ name: "commit" }] })),
      ["steps", 0, "script"],
      'references result "digest" in $(results.digest.path), which the Task does not declare',
      'use one of "commit"',
    );
  });

  it("bracket result forms resolve; other result forms do not", () => {
    const results = [{ name: "commit" }];
    none(
      checkTaskSpec(script(`> $(results["commit"].path) > $(results['commit'].path)`, { results })),
    );
    only(
      checkTaskSpec(script("cat $(results.commit)", { results })),
      ["steps", 0, "script"],
      "malformed result reference $(results.commit)",
    );
  });

  it("$(workspaces.<name>.path|bound|claim|volume) must name a declared workspace", () => {
    const workspaces = [{ name: "source" }];
    none(
      checkTaskSpec(
        script(
          "$(workspaces.source.path) $(workspaces.source.bound) $(workspaces.source.claim) $(workspaces.source.volume)",
          { workspaces },
        ),
      ),
    );
    only(
      checkTaskSpec(script("cd $(workspaces.cache.path)", { workspaces })),
      ["steps", 0, "script"],
      'references workspace "cache" in $(workspaces.cache.path), which the Task does not declare',
    );
    only(
      checkTaskSpec(script("cd $(workspaces.source.mountPath)", { workspaces })),
      ["steps", 0, "script"],
      "malformed workspace reference $(workspaces.source.mountPath)",
    );
  });
});
