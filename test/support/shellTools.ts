/**
 * Running the step scripts' tools in tests: a command that must be on PATH (shellcheck, jq, sh,
 * bash: scripts/ensure-tools.sh installs the missing ones), shellcheck itself, and temporary
 * directories removed after the run.
 */
import * as assert from "assert";
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Runs a command the tests need; a missing command fails loudly with the fix. */
export function run(
  cmd: string,
  args: string[],
  opts: Parameters<typeof spawnSync>[2] = {},
): SpawnSyncReturns<string> {
  const res = spawnSync(cmd, args, { timeout: 30_000, encoding: "utf8", ...opts });
  if (res.error && (res.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(
      `${cmd} is not on PATH: run scripts/ensure-tools.sh (it installs Debian's shellcheck and jq)`,
    );
  }
  if (res.error) throw res.error;
  return res as SpawnSyncReturns<string>;
}

/** Asserts that `script` parses in `shell` (`sh -n`) and passes shellcheck at style level. */
export function assertShellchecked(script: string, shell: "sh" | "bash", where: string): void {
  const syntax = run(shell, ["-n"], { input: script });
  assert.strictEqual(syntax.status, 0, `${where}: ${shell} -n: ${syntax.stderr}`);
  const lint = run("shellcheck", ["-s", shell, "-S", "style", "-"], { input: script });
  assert.strictEqual(lint.status, 0, `${where}: shellcheck:\n${lint.stdout}${lint.stderr}`);
}

const TEMP_DIRS: string[] = [];
after(() => TEMP_DIRS.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A new temporary directory, removed after the tests. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  TEMP_DIRS.push(dir);
  return dir;
}
