import Ajv, { ValidateFunction } from "ajv";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/**
 * The upstream fixtures, read in place (never copied into the project): `../shared/fixtures/upstream`
 * beside the repository, or `$KRUISE_DEVOPS_UPSTREAM`.
 */
export const UPSTREAM =
  process.env.KRUISE_DEVOPS_UPSTREAM ??
  path.resolve(__dirname, "..", "..", "..", "..", "shared", "fixtures", "upstream");
if (!fs.existsSync(UPSTREAM)) {
  throw new Error(
    `the upstream fixtures are not at ${UPSTREAM}: clone the repository next to ../shared, or set KRUISE_DEVOPS_UPSTREAM`,
  );
}

type Schema = Record<string, unknown>;

/**
 * Turns a CRD's `openAPIV3Schema` (OpenAPI v3 with Kubernetes extensions) into JSON Schema that
 * ajv can check, the way the API server reads it:
 * - `x-kubernetes-int-or-string` → integer or string;
 * - `nullable` → the type also admits null;
 * - objects with `properties` and without `x-kubernetes-preserve-unknown-fields` reject unknown
 *   fields (the API server would silently prune them: for us a typo is a bug, so it fails here);
 * - the remaining `x-kubernetes-*` keywords are dropped (CEL rules are reported, not evaluated).
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const src = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith("x-kubernetes-") || k === "nullable" || k === "description") continue;
    if (k === "properties" || k === "patternProperties" || k === "definitions") {
      out[k] = Object.fromEntries(
        Object.entries(v as Schema).map(([pk, pv]) => [pk, toJsonSchema(pv)]),
      );
    } else {
      out[k] = toJsonSchema(v);
    }
  }
  if (src["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    if (!out.anyOf) out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (src.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  const isObject = src.type === "object" || src.properties !== undefined;
  if (
    isObject &&
    src.properties !== undefined &&
    src.additionalProperties === undefined &&
    src["x-kubernetes-preserve-unknown-fields"] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema?: { openAPIV3Schema: unknown };
}
interface Crd {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat("int32", {
  type: "number",
  validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
for (const f of [
  "date-time",
  "byte",
  "uri",
  "duration",
  "date",
  "int-or-string",
  "quantity",
  "double",
  "float",
]) {
  ajv.addFormat(f, true);
}

/** `apiVersion/kind` → validator, for every served version of every CRD under `dir`. */
export function loadCrdValidators(dir: string): Map<string, ValidateFunction> {
  const validators = new Map<string, ValidateFunction>();
  for (const file of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8"))) {
      const crd = doc as Crd | null;
      if (!crd || crd.kind !== "CustomResourceDefinition") continue;
      for (const v of crd.spec.versions) {
        if (!v.served || !v.schema) continue;
        const key = `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`;
        validators.set(key, ajv.compile(toJsonSchema(v.schema.openAPIV3Schema) as Schema));
      }
    }
  }
  return validators;
}

const cache = new Map<string, Map<string, ValidateFunction>>();

/** The errors the CRD schema finds in `obj` (an object with apiVersion and kind); [] when valid. */
export function crdErrors(crdDir: string, obj: { apiVersion: string; kind: string }): string[] {
  let validators = cache.get(crdDir);
  if (!validators) {
    validators = loadCrdValidators(crdDir);
    cache.set(crdDir, validators);
  }
  const validate = validators.get(`${obj.apiVersion}/${obj.kind}`);
  if (!validate)
    throw new Error(`no served CRD version for ${obj.apiVersion} ${obj.kind} under ${crdDir}`);
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

/** The Kruise 1.9.0 CRDs. */
export const KRUISE_CRDS = path.join(UPSTREAM, "kruise", "v1.9.0", "crds");
