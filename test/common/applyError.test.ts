import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { ApplyError } from "../../components/common/applyError";
import { ArgsError, brokenRule } from "../../components/common/errors";

describe("ApplyError (components/common/applyError)", () => {
  const problems = [
    { component: "Thing", name: "t", path: ["a"], ...brokenRule("is bad", "r", "f") },
    { component: "Thing", name: "t", where: "the warm", ...brokenRule("failed", "r2", "f2") },
  ];

  it("is a ResourceError (the engine names the resource) carrying its problems as data", () => {
    const e = new ApplyError(problems, undefined, true);
    assert.ok(pulumi.ResourceError.isInstance(e));
    assert.ok(e instanceof pulumi.ResourceError);
    assert.ok(!(e instanceof ArgsError));
    assert.strictEqual(e.hideStack, true);
    assert.deepStrictEqual(e.problems, problems);
  });

  it("renders its problems as an ArgsError does, one a line", () => {
    const e = new ApplyError(problems, undefined);
    assert.strictEqual(e.message, new ArgsError(problems).message);
    assert.strictEqual(
      e.message,
      "Thing 't': args.a is bad — r; f\nThing 't': the warm failed — r2; f2",
    );
  });
});
