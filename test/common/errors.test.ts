import * as assert from "assert";
import { z } from "zod";
import {
  ArgsError,
  ProblemCollector,
  argsError,
  formatIssues,
  parseArgs,
  renderPath,
} from "../../components/common/errors";
import { throwsWith } from "../support/expect";

describe("error messages", () => {
  const schema = z.strictObject({ name: z.string(), count: z.number(), any: z.unknown() });

  it("name the component, the argument path, and what is wrong with the fix", () => {
    throwsWith(
      () => parseArgs("Thing", "t", schema, { name: "x", count: 1 }),
      "Thing 't': args.any is missing — the argument is required; pass it",
    );
    throwsWith(
      () => parseArgs("Thing", "t", schema, { name: 1, count: 1, any: 0 }),
      "Thing 't': args.name is not a string",
    );
    throwsWith(
      () => parseArgs("Thing", "t", schema, { name: "x", count: 1, any: 0, extra: 1 }),
      "Thing 't': args has unknown key(s) 'extra'",
    );
  });

  it("render paths the way a reader writes them", () => {
    assert.strictEqual(
      renderPath(["pool", "matchLabels", "kubernetes.io/os"]),
      'pool.matchLabels["kubernetes.io/os"]',
    );
    assert.strictEqual(renderPath(["containers", 0, "image"]), "containers[0].image");
    const r = schema.safeParse({ name: "x", count: "1", any: 1 });
    assert.ok(!r.success);
    assert.match(formatIssues("Thing", "t", r.error), /^Thing 't': args.count is not a number/);
  });

  it("are collected over a component's parts: every part's problems at once, each under its own name", () => {
    const c = new ProblemCollector("Whole");
    assert.strictEqual(
      c.check("w-a", () => 1),
      1,
    );
    assert.strictEqual(
      c.check("w-b", () => parseArgs("PartB", "w-b", schema, {})),
      undefined,
    );
    assert.strictEqual(
      c.check("w-c", () => {
        throw argsError("PartC", "w-c", ["x"], "is bad — a rule; a fix");
      }),
      undefined,
    );
    c.check("w-d", () => {
      throw new Error("not an ArgsError");
    });
    let thrown: unknown;
    try {
      c.throwAll();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof ArgsError);
    assert.deepStrictEqual(
      thrown.problems.map((p) => `${p.component} ${p.name} ${p.path?.join(".") ?? p.where}`),
      ["PartB w-b name", "PartB w-b count", "PartB w-b any", "PartC w-c x", "Whole w-d "],
    );
    new ProblemCollector("Whole").throwAll();
  });
});
