import * as assert from "assert";
import { z } from "zod";
import {
  ArgProblem,
  ArgsError,
  ProblemCollector,
  argsError,
  brokenRule,
  issueProblems,
  issueRule,
  parseArgs,
  problemsOf,
  renderPath,
  renderProblem,
  ruleIssue,
  setProblemOrigin,
} from "../../components/common/errors";
import { throwsWith } from "../support/expect";

/** The problems `fn` throws as an ArgsError. */
function thrownProblems(fn: () => unknown): readonly ArgProblem[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ArgsError, String(e));
    return e.problems;
  }
  return assert.fail("expected an ArgsError");
}

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
    assert.match(
      issueProblems("Thing", "t", r.error).map(renderProblem).join("\n"),
      /^Thing 't': args.count is not a number/,
    );
  });
});

describe("errors as data (components/common/errors)", () => {
  it("a broken rule is its three parts, and its message is rendered from them", () => {
    assert.deepStrictEqual(brokenRule("is empty", "Kruise rejects it", "give one"), {
      what: "is empty",
      rule: "Kruise rejects it",
      fix: "give one",
      message: "is empty — Kruise rejects it; give one",
    });
  });

  it("zod's own issues become problems with their what, rule and fix", () => {
    const schema = z.strictObject({
      name: z.string(),
      mode: z.enum(["a", "b"]),
      at: z.object({ count: z.number() }),
    });
    const problems = thrownProblems(() =>
      parseArgs("Thing", "t", schema, { mode: "c", at: { count: "1" }, extra: 1 }),
    );
    assert.deepStrictEqual(
      problems.map((p) => [p.component, p.name, p.path, p.what, p.rule, p.fix]),
      [
        ["Thing", "t", ["name"], "is missing", "the argument is required", "pass it"],
        [
          "Thing",
          "t",
          ["mode"],
          'is not one of "a", "b"',
          "the upstream field is an enum",
          "use one of those values",
        ],
        [
          "Thing",
          "t",
          ["at", "count"],
          "is not a number: Invalid input: expected number, received string",
          "the argument's type is number",
          "pass a number",
        ],
        [
          "Thing",
          "t",
          [],
          "has unknown key(s) 'extra'",
          "the component accepts only its documented args",
          "remove them or fix the spelling",
        ],
      ],
    );
    for (const p of problems) assert.strictEqual(p.message, `${p.what} — ${p.rule}; ${p.fix}`);
  });

  it("our rules keep their parts through zod: refine, superRefine, nested and at a path", () => {
    const schema = z.strictObject({
      image: z
        .string()
        .refine((s) => s.includes(":"), ruleIssue("has no tag", "Kruise pulls :latest", "pin one")),
      pool: z.strictObject({ size: z.number() }).superRefine((p, ctx) => {
        if (p.size > 3)
          ctx.addIssue({
            code: "custom",
            path: ["size"],
            ...ruleIssue(brokenRule(`(${p.size}) is above 3`, "the pool holds 3", "give ≤ 3")),
          });
      }),
    });
    const problems = thrownProblems(() =>
      parseArgs("Thing", "t", schema, { image: "nginx", pool: { size: 5 } }),
    );
    assert.deepStrictEqual(
      problems.map(({ path, what, rule, fix, message }) => ({ path, what, rule, fix, message })),
      [
        {
          path: ["image"],
          what: "has no tag",
          rule: "Kruise pulls :latest",
          fix: "pin one",
          message: "has no tag — Kruise pulls :latest; pin one",
        },
        {
          path: ["pool", "size"],
          what: "(5) is above 3",
          rule: "the pool holds 3",
          fix: "give ≤ 3",
          message: "(5) is above 3 — the pool holds 3; give ≤ 3",
        },
      ],
    );
  });

  it("a custom issue without parts (none of ours) keeps its message as what, rule and fix empty", () => {
    const r = z
      .string()
      .refine(() => false, "bad")
      .safeParse("x");
    assert.ok(!r.success);
    assert.deepStrictEqual(issueRule(r.error.issues[0]), {
      what: "bad",
      rule: "",
      fix: "",
      message: "bad",
    });
  });

  it("an ArgsError's message is its problems rendered, one a line: args path, or where", () => {
    const e = new ArgsError([
      { component: "Thing", name: "t", path: ["a", 0], ...brokenRule("is bad", "r", "f") },
      { component: "Thing", name: "t", path: [], ...brokenRule("are bad", "r", "f") },
      { component: "Thing", name: "t", where: "the name", ...brokenRule("is long", "r", "f") },
    ]);
    assert.strictEqual(
      e.message,
      [
        "Thing 't': args.a[0] is bad — r; f",
        "Thing 't': args are bad — r; f",
        "Thing 't': the name is long — r; f",
      ].join("\n"),
    );
    assert.deepStrictEqual(argsError("Thing", "t", ["a"], brokenRule("w", "r", "f")).problems, [
      {
        component: "Thing",
        name: "t",
        path: ["a"],
        what: "w",
        rule: "r",
        fix: "f",
        message: "w — r; f",
      },
    ]);
  });

  it("an origin maps a problem from its data (component, name, path), never from its text", () => {
    // The message names another path: only the data decides.
    const misleading = brokenRule("is bad like args.other", "r", "f");
    setProblemOrigin("errors.test", (p) =>
      p.component === "Mapped" && p.path?.[0] === "x"
        ? `config p:key.${String(p.path[1])}`
        : undefined,
    );
    try {
      assert.strictEqual(
        renderProblem({ component: "Mapped", name: "m", path: ["x", "y"], ...misleading }),
        "config p:key.y is bad like args.other — r; f",
      );
      assert.strictEqual(
        renderProblem({ component: "Mapped", name: "m", path: ["other"], ...misleading }),
        "Mapped 'm': args.other is bad like args.other — r; f",
      );
    } finally {
      setProblemOrigin("errors.test", () => undefined);
    }
  });

  it("problemsOf: an ArgsError's problems; any other error is a fault, thrown on", () => {
    const p = { component: "Thing", name: "t", path: ["a"], ...brokenRule("w", "r", "f") };
    assert.deepStrictEqual(problemsOf(new ArgsError([p])), [p]);
    const fault = new TypeError("x is undefined");
    assert.throws(
      () => problemsOf(fault),
      (e) => e === fault,
    );
  });

  it("are collected over a component's parts: every part's problems at once, each under its own name", () => {
    const schema = z.strictObject({ name: z.string(), count: z.number(), any: z.unknown() });
    const c = new ProblemCollector();
    assert.strictEqual(
      c.check(() => 1),
      1,
    );
    assert.strictEqual(
      c.check(() => parseArgs("PartB", "w-b", schema, {})),
      undefined,
    );
    assert.strictEqual(
      c.check(() => {
        throw argsError("PartC", "w-c", ["x"], brokenRule("is bad", "a rule", "a fix"));
      }),
      undefined,
    );
    // Anything but an ArgsError is a fault, not a problem: thrown on at once.
    const fault = new Error("not an ArgsError");
    assert.throws(
      () =>
        c.check(() => {
          throw fault;
        }),
      (e) => e === fault,
    );
    let thrown: unknown;
    try {
      c.throwAll();
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof ArgsError);
    assert.deepStrictEqual(
      thrown.problems.map((p) => `${p.component} ${p.name} ${p.path?.join(".") ?? p.where}`),
      ["PartB w-b name", "PartB w-b count", "PartB w-b any", "PartC w-c x"],
    );
    new ProblemCollector().throwAll();
  });
});
