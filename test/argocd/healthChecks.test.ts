import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { KRUISE_CRDS, UPSTREAM, crdErrors } from "../support/crdSchema";
import {
  JsonValue,
  loadHealthTests,
  loadYamlObject,
  luaSyntaxErrors,
  runHealthScript,
  runHealthSource,
  toLuaLiteral,
} from "../support/lua";

// Compiled to .build/test/argocd/: the repository root is three levels up.
const ROOT = path.resolve(__dirname, "..", "..", "..");
const SCRIPTS = path.join(ROOT, "components", "argocd", "health");
const TESTDATA = path.join(ROOT, "test", "argocd", "health-testdata");
const UPSTREAM_CLONESET = path.join(UPSTREAM, "argocd", "v3.5.1", "health-testdata", "CloneSet");

const STATUSES = ["Healthy", "Progressing", "Degraded", "Suspended"];

/** Compares strings by their UTF-8 bytes, as Lua's `<` does under the C locale. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * A Lua snippet (base and table libraries only) that flattens `obj` into sorted
 * `path=type:value` lines; {@link flatten} computes the same from the JavaScript side.
 */
const DUMP = `
local lines = {}
local function dump(v, p)
  if type(v) ~= "table" then
    lines[#lines + 1] = p .. "=" .. type(v) .. ":" .. tostring(v)
  elseif next(v) == nil then
    lines[#lines + 1] = p .. "={}"
  elseif v[1] ~= nil then
    local n = 0
    for _ in pairs(v) do n = n + 1 end
    if n ~= #v then error(p .. " mixes array items and keys") end
    for i = 1, #v do dump(v[i], p .. "[" .. i .. "]") end
  else
    local keys = {}
    for k in pairs(v) do
      if type(k) ~= "string" then error(p .. " has a " .. type(k) .. " key") end
      keys[#keys + 1] = k
    end
    table.sort(keys)
    for _, k in ipairs(keys) do dump(v[k], p .. "." .. k) end
  end
end
dump(obj, "obj")
return { status = "Healthy", message = table.concat(lines, "\\n") }
`;

function flatten(v: JsonValue, p: string, out: string[]): string[] {
  if (v === null) return out;
  if (Array.isArray(v)) {
    const items = v.filter((x) => x !== null);
    if (items.length === 0) out.push(`${p}={}`);
    items.forEach((x, i) => flatten(x, `${p}[${i + 1}]`, out));
  } else if (typeof v === "object") {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== null)
      .sort(byteOrder);
    if (keys.length === 0) out.push(`${p}={}`);
    for (const k of keys) flatten(v[k], `${p}.${k}`, out);
  } else {
    out.push(`${p}=${typeof v}:${String(v)}`);
  }
  return out;
}

/** Every status a script can return, read from its `status = "..."` assignments. */
function statusesIn(script: string): string[] {
  const found = new Set<string>();
  for (const m of fs.readFileSync(script, "utf8").matchAll(/\bstatus\s*=\s*"(\w+)"/g)) {
    found.add(m[1]);
  }
  return [...found].sort();
}

describe("Lua health-check harness", () => {
  const tricky: { [key: string]: JsonValue } = {
    text: 'say "hi"\n\tback\\slash \\065 ]] ]=] é 日本 🚀 \u0000 end',
    n: 42,
    neg: -7,
    f: 2.5,
    big: 4294967296,
    flag: true,
    off: false,
    list: [1, "two", { three: 3 }, [4, 5]],
    nested: { a: { b: { c: "deep" } } },
    gone: null,
    holes: [1, null, 3],
    'key with "quotes"\n': "v",
    empty: {},
    emptyList: [],
  };

  it("hands the object to the script with every kind of value intact", () => {
    const echo = [
      "return { status = obj.nested.a.b.c, message = table.concat({",
      "  obj.text, tostring(obj.n + 1), tostring(obj.neg), tostring(obj.f * 2), tostring(obj.big),",
      "  tostring(obj.flag), tostring(obj.off), type(obj.off),",
      "  tostring(#obj.list), obj.list[2], tostring(obj.list[3].three), tostring(obj.list[4][2]),",
      "  tostring(obj.gone), tostring(#obj.holes), tostring(obj.holes[2]),",
      "  obj['key with \"quotes\"\\n'], tostring(next(obj.empty)), tostring(#obj.emptyList),",
      '}, "|") }',
    ].join("\n");
    assert.deepStrictEqual(runHealthSource(echo, tricky), {
      status: "deep",
      message: [
        tricky.text,
        "43",
        "-7",
        "5",
        "4294967296",
        "true",
        "false",
        "boolean",
        "4",
        "two",
        "3",
        "5",
        "nil",
        "2",
        "3",
        "v",
        "nil",
        "0",
      ].join("|"),
    });
  });

  it("round-trips objects: the upstream CloneSet test objects, ours, and odd strings", () => {
    const objects: { [key: string]: JsonValue }[] = [tricky];
    for (const t of loadHealthTests(path.join(UPSTREAM_CLONESET, "health_test.yaml"))) {
      objects.push(loadYamlObject(path.join(UPSTREAM_CLONESET, t.inputPath)));
    }
    for (const kind of fs.readdirSync(TESTDATA)) {
      const dir = path.join(TESTDATA, kind, "testdata");
      for (const f of fs.readdirSync(dir)) objects.push(loadYamlObject(path.join(dir, f)));
    }
    // The odd strings, upstream's CloneSet objects and ours: every object read, none missed.
    assert.strictEqual(objects.length, 1 + 5 + 38);
    for (const obj of objects) {
      const { message } = runHealthSource(DUMP, obj);
      assert.strictEqual(message, flatten(obj, "obj", []).join("\n"));
    }
  });

  it("reads Argo CD's health_test.yaml as Argo CD does, keys in any case", () => {
    // Upstream spells two of the five `inputpath`; encoding/json matches it all the same.
    const cases = loadHealthTests(path.join(UPSTREAM_CLONESET, "health_test.yaml"));
    assert.deepStrictEqual(
      cases.map((c) => [c.healthStatus.status, c.inputPath]),
      [
        ["Healthy", "testdata/healthy.yaml"],
        ["Degraded", "testdata/degraded.yaml"],
        ["Progressing", "testdata/unknown.yaml"],
        ["Suspended", "testdata/suspended.yaml"],
        ["Suspended", "testdata/partition_suspended.yaml"],
      ],
    );
  });

  it("offers only the libraries Argo CD opens in production, unless asked for all", () => {
    for (const snippet of [
      'return { status = string.format("%s", "x") }',
      'return { status = ("x"):upper() }',
      "return { status = tostring(math.floor(1.5)) }",
      'return { status = io.read("*a") }',
    ]) {
      assert.throws(() => runHealthSource(snippet, {}), /exited with 4: run: /, snippet);
    }
    assert.deepStrictEqual(
      runHealthSource('return { status = ("x"):upper() }', {}, { libs: "all" }),
      {
        status: "X",
        message: "",
      },
    );
    const allowed = "return { status = type(os.time()) .. table.concat({ 'a', 'b' }) }";
    assert.deepStrictEqual(runHealthSource(allowed, {}), { status: "numberab", message: "" });
  });

  it("reads what Argo CD reads: a missing table or field is empty, anything else an error", () => {
    assert.deepStrictEqual(runHealthSource("hs = {}", {}), { status: "", message: "" });
    assert.deepStrictEqual(runHealthSource('return { status = "Healthy" }', {}), {
      status: "Healthy",
      message: "",
    });
    assert.throws(() => runHealthSource('return "Healthy"', {}), /returned a string, not a table/);
    assert.throws(() => runHealthSource("return { status = 1 }", {}), /hs.status is a number/);
    assert.throws(() => runHealthSource("return obj.spec.x", {}), /attempt to index field 'spec'/);
    assert.throws(() => runHealthSource("return {", {}), /exited with 3: load: /);
  });

  it("refuses values JSON cannot hold, and fails loudly without an interpreter", () => {
    assert.throws(() => toLuaLiteral({ at: new Date(0) }), /obj.at: a Date is not a JSON value/);
    assert.throws(() => toLuaLiteral({ n: [NaN] }), /obj.n\[0\]: NaN is not a JSON number/);
    assert.throws(
      () => runHealthSource("return {}", {}, { interpreter: "lua5.1-not-installed" }),
      /lua5.1-not-installed is not on PATH: run scripts\/ensure-tools.sh/,
    );
  });
});

describe("Argo CD health checks for Kruise kinds", () => {
  const kinds = fs.readdirSync(TESTDATA).sort();

  it("has test data for exactly the scripts there are", () => {
    const scripts = fs
      .readdirSync(SCRIPTS)
      .filter((f) => f.endsWith(".lua"))
      .map((f) => f.replace(/\.lua$/, ""))
      .sort();
    assert.deepStrictEqual(kinds, scripts);
    assert.deepStrictEqual(scripts, ["ImageListPullJob", "ImagePullJob", "SidecarSet"]);
  });

  for (const kind of kinds) {
    const script = path.join(SCRIPTS, `${kind}.lua`);
    const testFile = path.join(TESTDATA, kind, "health_test.yaml");
    const cases = loadHealthTests(testFile);

    describe(kind, () => {
      it("parses as Lua 5.1 (luac5.1 -p)", () => {
        assert.strictEqual(luaSyntaxErrors(script), "");
      });

      it("health_test.yaml has Argo CD's layout, and every test object is used once", () => {
        const raw = fs.readFileSync(testFile, "utf8");
        // Our files spell the keys exactly as Argo CD's Go struct tags do.
        assert.doesNotMatch(raw, /inputpath|healthstatus/);
        const used = cases.map((c) => c.inputPath);
        assert.ok(used.length >= 3, `${kind}: ${used.length} cases`);
        for (const p of used) assert.match(p, /^testdata\/[\w-]+\.yaml$/);
        assert.deepStrictEqual(
          [...new Set(used)].sort(),
          fs.readdirSync(path.join(TESTDATA, kind, "testdata")).map((f) => `testdata/${f}`),
        );
        assert.strictEqual(new Set(used).size, used.length, "an object is tested twice");
      });

      it("has a case for every status the script can return", () => {
        const returned = statusesIn(script);
        assert.ok(returned.length >= 3, `${kind} returns ${returned.join(", ")}`);
        for (const s of returned) assert.ok(STATUSES.includes(s), `unknown status ${s}`);
        assert.deepStrictEqual(
          [...new Set(cases.map((c) => c.healthStatus.status))].sort(),
          returned,
        );
      });

      for (const c of cases) {
        const input = path.join(TESTDATA, kind, c.inputPath);

        it(`${c.inputPath}: ${c.healthStatus.status}`, () => {
          assert.deepStrictEqual(runHealthScript(script, loadYamlObject(input)), c.healthStatus);
        });

        it(`${c.inputPath} is a ${kind} the Kruise 1.9.0 CRD accepts`, () => {
          const obj = loadYamlObject(input) as { apiVersion: string; kind: string };
          assert.strictEqual(obj.kind, kind);
          assert.match(obj.apiVersion, /^apps\.kruise\.io\/v1(alpha1|beta1)$/);
          assert.deepStrictEqual(crdErrors(KRUISE_CRDS, obj), []);
        });
      }
    });
  }
});
