/**
 * The package as a user gets it: `npm pack` of the repository, installed with a plain
 * `npm install <tarball>` into a fresh project, beside the tools a user's tests run with (mocha,
 * ts-node, TypeScript and their types, at the versions the repository pins). Made once per test
 * process, shared by the tests of the packed package.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The tools installed beside the package, pinned as the repository's devDependencies. */
const TEST_TOOLS = ["mocha", "ts-node", "typescript", "@types/mocha", "@types/node"];

/**
 * The SDKs a user's program imports itself, as the README's install line names them: a plain
 * `npm install kruise-devops @pulumi/pulumi @pulumi/kubernetes@4`.
 */
export const SDKS = ["@pulumi/pulumi", "@pulumi/kubernetes@4"];

/** A fresh project with the packed package installed. */
export interface PackedConsumer {
  /** The project directory. */
  dir: string;
  /** The files `npm pack` put in the tarball. */
  files: string[];
  /** What `npm install` wrote to stderr (its warnings). */
  installWarnings: string;
}

/** The environment with this process's Node first on PATH, and `env` over it. */
function nodeFirst(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    ...env,
  };
}

/** Runs `cmd` in `cwd` with this process's Node first on PATH; its stdout. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: nodeFirst(env),
  });
}

let made: PackedConsumer | undefined;

/** The packed consumer project, made on first use. */
export function packedConsumer(): PackedConsumer {
  if (made) return made;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "kruise-devops-pack-"));
  const [info] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], ROOT));
  const dir = path.join(work, "consumer");
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true }),
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const dev = pkg.devDependencies as Record<string, string>;
  const install = spawnSync(
    "npm",
    [
      "install",
      "--ignore-scripts",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      path.join(work, info.filename),
      ...SDKS,
      ...TEST_TOOLS.map((t) => `${t}@${dev[t]}`),
    ],
    { cwd: dir, encoding: "utf8", env: nodeFirst() },
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  made = {
    dir,
    files: info.files.map((f: { path: string }) => f.path),
    installWarnings: install.stderr,
  };
  return made;
}
