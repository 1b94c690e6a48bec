/**
 * Breaking typical values the way arguments and resource properties arrive from JavaScript,
 * YAML and stack config: a value anywhere replaced by arbitrary JSON (or `undefined`), a key
 * deleted, an unknown key added (`__proto__` among them, as `JSON.parse` and YAML make it: an own
 * property); or a whole value of any JSON. Used by test/anyArgs.test.ts and
 * test/policy/anyProps.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";

/** The seed (fixed, so that `npm test` is deterministic) and the runs; the env explores further. */
export const RUNS = Number(process.env.KD_ANY_ARGS_RUNS ?? 40);
export const SEED = Number(process.env.KD_ANY_ARGS_SEED ?? 20261207);

type Path = (string | number)[];

/** A plain object or array, the only values a mutation walks into (not Outputs or Resources). */
export function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Every path in `v`: the root, each container's members, recursively. */
function pathsOf(v: unknown, at: Path = []): Path[] {
  if (!isContainer(v)) return [at];
  const keys = Array.isArray(v) ? Array.from({ length: v.length }, (_, i) => i) : Object.keys(v);
  return [at, ...keys.flatMap((k) => pathsOf((v as any)[k], [...at, k]))];
}

/** Values that break args, beyond what fc.jsonValue picks by chance. */
const EDGE_VALUES: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "latest",
  ":",
  "$(params.x)",
  "a".repeat(300),
  -1,
  0,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  Number.MAX_SAFE_INTEGER,
  1e308,
  [],
  {},
  [null],
  [[]],
  { "": null },
  true,
];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 3 },
  { arbitrary: fc.constantFrom(...EDGE_VALUES), weight: 3 },
  { arbitrary: fc.string(), weight: 1 },
);

type Mutation =
  | { op: "replace"; at: number; value: unknown }
  | { op: "delete"; at: number }
  | { op: "addKey"; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value: junk }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant("delete" as const), at: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant("addKey" as const),
      at: fc.nat(),
      key: fc.oneof(fc.string(), fc.constantFrom("__proto__", "constructor", "toString", "")),
      value: junk,
    }),
    weight: 1,
  },
);

/** A copy of `v` whose plain objects and arrays are new (Outputs and Resources are shared). */
function copy(v: unknown): unknown {
  if (!isContainer(v)) return v;
  if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => copy(v[i]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) setOwn(out, k, copy(x));
  return out;
}

/** `obj[key] = value` as JSON.parse does it: an own property, even for `__proto__`. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `args` with `m` applied (a mutation of the root replaces the whole args). */
function mutate(args: unknown, mutation: Mutation): unknown {
  // The value inserted is a copy: fast-check (and EDGE_VALUES) share theirs between runs.
  const m = "value" in mutation ? { ...mutation, value: copy(mutation.value) } : mutation;
  const paths = pathsOf(args);
  const path = paths[m.at % paths.length];
  if (path.length === 0) {
    if (m.op === "replace") return m.value;
    if (m.op === "delete") return undefined;
  }
  const root = { args };
  let parent: any = root;
  const full: Path = ["args", ...path];
  for (const k of full.slice(0, -1)) parent = parent[k];
  const last = full[full.length - 1];
  switch (m.op) {
    case "replace":
      if (Array.isArray(parent)) parent[last as number] = m.value;
      else setOwn(parent, String(last), m.value);
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      break;
    case "addKey": {
      const target = parent[last];
      if (Array.isArray(target)) target.push(m.value);
      else if (isContainer(target)) setOwn(target as Record<string, unknown>, m.key, m.value);
      else if (Array.isArray(parent)) parent.push(m.value);
      else setOwn(parent, m.key, m.value);
      break;
    }
  }
  return root.args;
}

/** `typical()` broken by one to three mutations, or (one in ten) a whole value of any JSON. */
export function broken(typical: () => unknown): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      arbitrary: fc
        .array(mutation, { minLength: 1, maxLength: 3 })
        .map((ms) => ms.reduce((a, m) => mutate(a, m), copy(typical()))),
      weight: 9,
    },
    { arbitrary: fc.oneof(fc.jsonValue(), fc.constant(undefined)), weight: 1 },
  );
}

/** `v` as JSON for a failure message: Outputs and Resources named, `undefined` shown. */
export function show(v: unknown): string {
  const plain = (x: unknown): unknown => {
    if (x === undefined) return "<undefined>";
    if (pulumi.Output.isInstance(x)) return "<Output>";
    if (pulumi.Resource.isInstance(x)) return `<${x.constructor.name}>`;
    if (!isContainer(x)) return x;
    if (Array.isArray(x)) return x.map(plain);
    return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, plain(y)]));
  };
  return (JSON.stringify(plain(v)) ?? "").slice(0, 600);
}
