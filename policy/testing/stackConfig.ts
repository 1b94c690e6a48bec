/**
 * A stack's config file (`Pulumi.<stack>.yaml`) as the config a program reads under the kit:
 * every `<namespace>:<key>` as the string `pulumi config` hands the program (objects and lists as
 * JSON), `secure:` values as the secrets they are. A test cannot decrypt them, so each takes the
 * value given in `secrets`, or a placeholder naming its key.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** Config for {@link runPolicies}: values by `<namespace>:<key>`, and which are secrets. */
export interface StackConfig {
  config: Record<string, string>;
  secretKeys: string[];
}

/**
 * Reads `file` (a `Pulumi.<stack>.yaml`). `secrets` gives the values of its `secure:` keys (by
 * the full `<namespace>:<key>`); a secure key not given becomes `test-secret-for-<key>`.
 */
export function stackConfigFromFile(
  file: string,
  secrets: Record<string, string> = {},
): StackConfig {
  const who = `kruise-devops/testing: stackConfigFromFile(${JSON.stringify(file)})`;
  let doc: unknown;
  try {
    doc = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${who}: ${(e as Error).message}; give the path of a Pulumi.<stack>.yaml`);
  }
  const raw = doc !== null && typeof doc === "object" ? (doc as { config?: unknown }).config : {};
  if (raw !== undefined && (raw === null || typeof raw !== "object" || Array.isArray(raw))) {
    throw new Error(
      `${who}: config must be a map of <namespace>:<key> to values — that is the stack file's shape; fix the file`,
    );
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (!key.includes(":")) {
      throw new Error(
        `${who}: config key ${JSON.stringify(key)} has no namespace — Pulumi stores keys as <project>:<key>; write it so`,
      );
    }
    if (v !== null && typeof v === "object" && !Array.isArray(v) && "secure" in v) {
      config[key] = secrets[key] ?? `test-secret-for-${key}`;
      secretKeys.push(key);
    } else config[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return { config, secretKeys };
}

/** A project's stack as {@link runPolicies} options: project and stack names, config, secrets. */
export interface ProjectStack extends StackConfig {
  project: string;
  stack: string;
}

/**
 * The project in `dir` (its `Pulumi.yaml` name) with the config of its stack `stack`
 * (`Pulumi.<stack>.yaml`, read by {@link stackConfigFromFile} with `secrets`): spread it into
 * {@link runPolicies}' options to test the program as `pulumi preview --stack <stack>` runs it.
 */
export function projectStack(
  dir: string,
  stack: string,
  secrets: Record<string, string> = {},
): ProjectStack {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find(fs.existsSync);
  const project = file
    ? (yaml.load(fs.readFileSync(file, "utf8")) as { name?: unknown } | null)?.name
    : undefined;
  if (typeof project !== "string" || project === "") {
    throw new Error(
      `kruise-devops/testing: projectStack(${JSON.stringify(dir)}): no Pulumi.yaml with a name there — the project name namespaces its config keys; give the directory of the Pulumi project`,
    );
  }
  return {
    project,
    stack,
    ...stackConfigFromFile(path.join(dir, `Pulumi.${stack}.yaml`), secrets),
  };
}
