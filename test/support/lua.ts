import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/**
 * Runs Argo CD resource health scripts on the reference Lua 5.1 interpreter (`lua5.1`, installed
 * by scripts/ensure-tools.sh). Argo CD runs them on gopher-lua, a Lua 5.1 implementation, with
 * the live object as the global `obj`, and reads the table the chunk returns.
 *
 * There is no skipping: when `lua5.1` is missing every call throws.
 */

/** What a health script returns, as Argo CD reads it: a missing field reads as "". */
export interface HealthStatus {
  status: string;
  message: string;
}

/** A value as Kubernetes stores it: what JSON can hold. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Which standard libraries the script sees.
 * - "argocd": what Argo CD 3.5 opens in production (util/lua/lua.go): base, table, package, and
 *   an `os` reduced to `time` and `date`; no `string` (not even string methods), `math`, `io`,
 *   `debug` or `coroutine`.
 * - "all": every Lua 5.1 library, as Argo CD's own tests run them (`UseOpenLibs: true`).
 */
export type LuaLibs = "argocd" | "all";

export interface RunOptions {
  /** Defaults to "argocd", so a script that only works with the test-time libraries fails here. */
  libs?: LuaLibs;
  /** The interpreter command; defaults to {@link LUA}. */
  interpreter?: string;
}

/** The interpreter; LUA5_1 overrides the command. */
export const LUA = process.env.LUA5_1 ?? "lua5.1";
/** The compiler, for syntax checks; LUAC5_1 overrides the command. */
export const LUAC = process.env.LUAC5_1 ?? "luac5.1";

const MISSING = "is not on PATH: run scripts/ensure-tools.sh (it installs Debian's lua5.1)";

/** A Lua string literal for `s`, byte for byte: printable ASCII as is, every other byte as `\ddd`. */
export function luaString(s: string): string {
  let out = '"';
  for (const byte of Buffer.from(s, "utf8")) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : "\\" + String(byte).padStart(3, "0");
  }
  return out + '"';
}

/**
 * A Lua table constructor (or scalar) holding `value` the way Argo CD hands it to the script
 * (util/lua/lua.go decodeValue): maps keyed by string, arrays from index 1, JSON null absent (a
 * null member is no key at all, a null array item is skipped, as gopher-lua's Append does).
 * Throws on anything JSON cannot hold (a Date, undefined, NaN, a function...).
 */
export function toLuaLiteral(value: unknown, where = "obj"): string {
  if (value === null) return "nil";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new Error(`${where}: ${value} is not a JSON number`);
      return `(${String(value)})`;
    case "string":
      return luaString(value);
    case "object": {
      if (Array.isArray(value)) {
        const items = value
          .map((v, i) => ({ v, i }))
          .filter(({ v }) => v !== null)
          .map(({ v, i }) => toLuaLiteral(v, `${where}[${i}]`));
        return `{${items.join(", ")}}`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new Error(`${where}: a ${(value as object).constructor.name} is not a JSON value`);
      }
      const fields = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `[${luaString(k)}] = ${toLuaLiteral(v, `${where}.${k}`)}`);
      return `{${fields.join(", ")}}`;
    }
    default:
      throw new Error(`${where}: a ${typeof value} is not a JSON value`);
  }
}

/**
 * The Lua program fed to the interpreter on stdin: sets the global `obj`, loads the script, runs
 * it with the chosen libraries, and writes `<bytes>:<status><bytes>:<message>`.
 */
function program(load: string, obj: unknown, libs: LuaLibs): string {
  return `
local write, exit, stderr = io.write, os.exit, io.stderr
local chunk, err = ${load}
if not chunk then stderr:write("load: ", tostring(err), "\\n"); exit(3) end
obj = ${toLuaLiteral(obj)}
local stringMeta = getmetatable("")
local stringIndex = stringMeta.__index
if ${luaString(libs)} == "argocd" then
  local env = {}
  for k, v in pairs(_G) do env[k] = v end
  env.string, env.math, env.io, env.debug, env.coroutine = nil, nil, nil, nil, nil
  env.os = { time = os.time, date = os.date }
  env._G = env
  setfenv(chunk, env)
  stringMeta.__index = nil
end
local ok, hs = pcall(chunk)
stringMeta.__index = stringIndex
if not ok then stderr:write("run: ", tostring(hs), "\\n"); exit(4) end
if hs == nil then hs = {} end
if type(hs) ~= "table" then stderr:write("the script returned a ", type(hs), ", not a table\\n"); exit(5) end
local function field(name)
  local v = hs[name]
  if v == nil then return "" end
  if type(v) ~= "string" then stderr:write("hs.", name, " is a ", type(v), ", not a string\\n"); exit(5) end
  return v
end
local status, message = field("status"), field("message")
write(#status, ":", status, #message, ":", message)
`;
}

function parseOutput(out: Buffer): HealthStatus {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < 2; i++) {
    const colon = out.indexOf(0x3a, at);
    const len = Number(out.subarray(at, colon).toString("latin1"));
    if (colon < 0 || !Number.isInteger(len))
      throw new Error(`unreadable output: ${out.toString()}`);
    parts.push(out.subarray(colon + 1, colon + 1 + len).toString("utf8"));
    at = colon + 1 + len;
  }
  if (at !== out.length) throw new Error(`trailing output: ${out.subarray(at).toString()}`);
  return { status: parts[0], message: parts[1] };
}

function run(load: string, what: string, obj: unknown, options: RunOptions): HealthStatus {
  const lua = options.interpreter ?? LUA;
  const res = spawnSync(lua, ["-"], {
    input: program(load, obj, options.libs ?? "argocd"),
    timeout: 10_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`${lua} ${MISSING}`);
    throw new Error(`${lua} on ${what}: ${res.error.message}`);
  }
  if (res.status !== 0) {
    throw new Error(
      `${lua} on ${what} exited with ${res.status ?? res.signal}: ${res.stderr.toString().trim()}`,
    );
  }
  return parseOutput(res.stdout);
}

/** Runs the health script in `file` with `obj` as the global `obj`. */
export function runHealthScript(
  file: string,
  obj: unknown,
  options: RunOptions = {},
): HealthStatus {
  return run(`loadfile(${luaString(path.resolve(file))})`, file, obj, options);
}

/** Runs the health script `source` (Lua text) with `obj` as the global `obj`. */
export function runHealthSource(
  source: string,
  obj: unknown,
  options: RunOptions = {},
): HealthStatus {
  return run(`loadstring(${luaString(source)}, "=inline")`, "inline script", obj, options);
}

/** The syntax errors `luac5.1 -p` finds in `file`; "" when it parses. */
export function luaSyntaxErrors(file: string): string {
  const res = spawnSync(LUAC, ["-p", file], { timeout: 10_000 });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`${LUAC} ${MISSING}`);
    throw res.error;
  }
  return res.status === 0 ? "" : res.stderr.toString().trim() || `exit ${res.status}`;
}

/**
 * A YAML document as the API server would hold it. The core schema keeps unquoted timestamps as
 * strings (js-yaml's default schema would make Date objects, which JSON has no room for).
 */
export function loadYamlObject(file: string): { [key: string]: JsonValue } {
  const doc = yaml.load(fs.readFileSync(file, "utf8"), {
    schema: yaml.CORE_SCHEMA,
    filename: file,
  });
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error(`${file}: not a YAML mapping`);
  }
  return doc as { [key: string]: JsonValue };
}

/** One case of an Argo CD health_test.yaml. */
export interface HealthTestCase {
  healthStatus: HealthStatus;
  /** Relative to the directory of health_test.yaml. */
  inputPath: string;
}

/** A member of `o` named `key`, matched without regard to case as Argo CD's loader does. */
function member(o: Record<string, unknown>, key: string): unknown {
  const found = Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : o[found];
}

/**
 * The cases of an Argo CD `health_test.yaml` (`tests: [{healthStatus: {status, message},
 * inputPath}]`). Argo CD reads it with sigs.k8s.io/yaml, that is encoding/json, which matches
 * field names regardless of case (its own CloneSet file spells one `inputpath`); so does this.
 */
export function loadHealthTests(file: string): HealthTestCase[] {
  const doc = yaml.load(fs.readFileSync(file, "utf8"), {
    schema: yaml.CORE_SCHEMA,
    filename: file,
  });
  const tests =
    doc !== null && typeof doc === "object"
      ? member(doc as Record<string, unknown>, "tests")
      : undefined;
  if (!Array.isArray(tests)) throw new Error(`${file}: no tests list`);
  return tests.map((t: unknown, i) => {
    const where = `${file}: tests[${i}]`;
    if (t === null || typeof t !== "object") throw new Error(`${where} is not a mapping`);
    const hs = member(t as Record<string, unknown>, "healthStatus");
    const inputPath = member(t as Record<string, unknown>, "inputPath");
    if (hs === null || typeof hs !== "object") throw new Error(`${where} has no healthStatus`);
    if (typeof inputPath !== "string") throw new Error(`${where} has no inputPath`);
    const status = member(hs as Record<string, unknown>, "status") ?? "";
    const message = member(hs as Record<string, unknown>, "message") ?? "";
    if (typeof status !== "string" || typeof message !== "string") {
      throw new Error(`${where}: healthStatus status and message must be strings`);
    }
    return { healthStatus: { status, message }, inputPath };
  });
}
