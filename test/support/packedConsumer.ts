/**
 * The package as a user gets it: `npm pack` of the repository, installed with a plain
 * `npm install <tarball>` into a fresh project, beside the tools a user's tests run with (mocha,
 * ts-node, TypeScript and their types, at the versions the repository pins). Made once per test
 * process, shared by the tests of the packed package.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The tools installed beside the package, pinned as the repository's devDependencies. */
const TEST_TOOLS = ["mocha", "ts-node", "typescript", "@types/mocha", "@types/node"];

/**
 * The SDKs a user's program imports itself, as the README's install line names them (with no
 * version, npm would hoist the @pulumi/kubernetes 3 that kubernetesx's peer range asks for).
 */
const SDKS = ["@pulumi/pulumi", "@pulumi/kubernetes"];

/** A fresh project with the packed package installed. */
export interface PackedConsumer {
  /** The project directory. */
  dir: string;
  /** The files `npm pack` put in the tarball. */
  files: string[];
}

/** Runs `cmd` in `cwd` with Node 22 (this process's) first on PATH; its stdout. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
      ...env,
    },
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
  const deps = pkg.dependencies as Record<string, string>;
  run(
    "npm",
    [
      "install",
      "--ignore-scripts",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      path.join(work, info.filename),
      ...SDKS.map((t) => `${t}@${deps[t]}`),
      ...TEST_TOOLS.map((t) => `${t}@${dev[t]}`),
    ],
    dir,
  );
  made = { dir, files: info.files.map((f: { path: string }) => f.path) };
  return made;
}
