import * as assert from "assert";
import { z } from "zod";
import { formatIssues, parseArgs, renderPath } from "../../components/common/errors";
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
});
