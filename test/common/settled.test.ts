import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ApplyError } from "../../components/common/applyError";
import { validateNow } from "../../components/common/inputs";
import { settledArgs, whenSettled } from "../../components/common/settled";
import { failureOf } from "../support/expect";
import { mockedComponents, valueOf } from "../support/mocks";

mockedComponents();

/** A component to fail on. */
class Owner extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Owner", name, {});
  }
}

const schema = z.strictObject({ n: z.number().int().min(1).default(3) });

describe("settled args (components/common/settled)", () => {
  it("settledArgs: args known at construction are the plain parse, no Output", () => {
    const args = { n: 5 };
    const early = validateNow("Thing", "t", schema, args);
    const settled = settledArgs("Thing", "t", schema, args, early, new Owner("a"));
    assert.ok(!pulumi.Output.isInstance(settled));
    assert.deepStrictEqual(settled, { n: 5 });
  });

  it("settledArgs: args holding Outputs are parsed once resolved, defaults and all", async () => {
    const args = { n: pulumi.output(undefined as number | undefined) };
    const early = validateNow("Thing", "t", schema, args);
    assert.strictEqual(early, undefined);
    const settled = settledArgs("Thing", "t", schema, args, early, new Owner("b"));
    assert.ok(pulumi.Output.isInstance(settled));
    assert.deepStrictEqual(await valueOf(settled), { n: 3 });
  });

  it("settledArgs: a bad value known only once resolved fails with the same rule, on the resource", async () => {
    const args = { n: pulumi.output(0) };
    const settled = settledArgs("Thing", "t", schema, args, undefined, new Owner("c"));
    const e = await failureOf(settled as pulumi.Output<unknown>);
    assert.ok(e instanceof ApplyError, `${e.constructor.name}: ${e.message}`);
    assert.ok(e.message.startsWith("Thing 't': args.n "), e.message);
    assert.deepStrictEqual(e.problems[0].path, ["n"]);
  });

  it("whenSettled: plain in, plain out; an Output in, an Output of the same function out", async () => {
    assert.strictEqual(
      whenSettled({ n: 2 }, (v) => v.n * 10),
      20,
    );
    const out = whenSettled(pulumi.output({ n: 2 }), (v) => v.n * 10);
    assert.ok(pulumi.Output.isInstance(out));
    assert.strictEqual(await valueOf(out as pulumi.Output<number>), 20);
  });
});
