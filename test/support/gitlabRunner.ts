/**
 * A GitLab job run as GitLab Runner 18.9 (the gitlab-runner chart 0.86.0 the example pins) runs
 * the user-script stage with the Kubernetes executor and a `bash`/`sh` shell, ported from its
 * source (gitlabhq/gitlab-runner v18.9.0):
 *
 * - variables: the job's list in precedence order, each value not marked `expand: false`
 *   expanded once over the whole list with Go's `os.Expand` (common/spec/variables.go
 *   `Expand`), the last of a key winning (`value`);
 * - the script (shells/abstract.go `writeUserScript`, `writeCommands`; shells/bash.go
 *   `BashWriter`): `export KEY=VALUE` for every variable, `cd` into the project directory, then
 *   each `script:` entry, trimmed, after an `echo "$ <entry>"` (`# collapsed multi-line command`
 *   after the first line of a multi-line one), all of it run by
 *   `: | eval "<escaped>"` after `if set -o | grep pipefail …; then set -o pipefail; fi; set -o
 *   errexit` and `set +o noclobber`, under `trap exit 1 TERM` and the Kubernetes executor's JSON
 *   exit trap (`runner_script_trap`: the exit code printed as `{"command_exit_code": N, …}`, the
 *   script itself exits 0 and the runner reads the code from that line);
 * - dotenv reports parsed as GitLab's Ci::ParseDotenvArtifactService does (each line
 *   `^(.*?)=(.*)$`, key and value stripped, anything else an "Invalid Format").
 *
 * Stand-ins, and what they leave out:
 * - the escaping is the runner's `FF_POSIXLY_CORRECT_ESCAPES` one (double quotes), not its
 *   default ANSI-C `$'…'`, which dash (this machine's `sh`) does not read; busybox ash and bash,
 *   the images' shells, read both, and the string eval sees is the same;
 * - the runner's colours (ANSI codes around the echoed commands) are left out;
 * - the shell: the caller picks it by image (bash where the image has one, which the runner's
 *   shell detection prefers, else sh); busybox's ash is not on this machine, so an `sh` job runs
 *   under dash (POSIX, no pipefail) and under `bash --posix` (whose `set -o` lists pipefail, as
 *   busybox ash's does, so the wrapper turns it on);
 * - the image's filesystem and env: the caller gives the image's ENV (PATH first with fake CLIs,
 *   HOME, DOCKER_CONFIG, …) pointing into a temporary directory; the checkout is an empty
 *   directory (`CI_PROJECT_DIR`) with the files a test puts there.
 */
import * as fs from "fs";
import * as path from "path";
import { run } from "./shellTools";

/** A CI/CD variable as the runner gets it. */
export interface JobVariable {
  key: string;
  value: string;
  /** `expand: false` in the YAML (or a raw CI/CD variable): not expanded. */
  raw?: boolean;
}

/** Go's `os.Expand`: `$NAME`, `${NAME}` and the shell's special parameters, as the runner uses it. */
export function expand(value: string, lookup: (key: string) => string): string {
  const special = (c: string) => "*#$@!?-0123456789".includes(c);
  const alnum = (c: string) => /^[A-Za-z0-9_]$/.test(c);
  let out = "";
  let i = 0;
  for (let j = 0; j < value.length; j++) {
    if (value[j] !== "$" || j + 1 >= value.length) continue;
    out += value.slice(i, j);
    const s = value.slice(j + 1);
    let name = "";
    let w = 0;
    if (s[0] === "{") {
      if (s.length > 2 && special(s[1]) && s[2] === "}") [name, w] = [s[1], 3];
      else {
        const close = s.indexOf("}");
        if (close === 1)
          w = 2; // "${}": bad syntax, eaten
        else if (close > 1) [name, w] = [s.slice(1, close), close + 1];
        else w = 1; // "${" unclosed: eaten
      }
    } else if (special(s[0])) [name, w] = [s[0], 1];
    else {
      while (w < s.length && alnum(s[w])) w++;
      name = s.slice(0, w);
    }
    if (name === "" && w > 0) {
      // invalid syntax: the characters are eaten
    } else if (name === "") out += "$";
    else out += lookup(name);
    j += w;
    i = j + 1;
  }
  return out + value.slice(i);
}

/** The runner's `Variables.Expand`: each non-raw value expanded over the list (last key wins). */
export function expandVariables(variables: JobVariable[]): JobVariable[] {
  const lookup = (key: string): string => {
    if (key === "$") return "$";
    if ("*#@!?0123456789".includes(key)) return "";
    for (let i = variables.length - 1; i >= 0; i--) {
      if (variables[i].key === key) return variables[i].value;
    }
    return "";
  };
  return variables.map((v) => (v.raw ? v : { ...v, value: expand(v.value, lookup) }));
}

/** The runner's `PosixShellEscape` (helpers/shell_escape.go). */
export function posixShellEscape(input: string): string {
  if (input === "") return "''";
  const quote = new Set(" !#%&()*<=>?[|".split(""));
  const escaped: Record<string, string> = { "`": "\\`", '"': '\\"', "\\": "\\\\", $: "\\$" };
  let escape = false;
  let out = "";
  for (const c of input) {
    if (escaped[c] !== undefined) {
      out += escaped[c];
      escape = true;
    } else {
      if (quote.has(c)) escape = true;
      out += c;
    }
  }
  return escape ? `"${out}"` : out;
}

/**
 * The user-script stage's script, as the runner writes it for the Kubernetes executor (see the
 * top of this file): `variables` exported, `cd projectDir`, then `commands`.
 */
export function userScript(
  variables: JobVariable[],
  projectDir: string,
  commands: string[],
): string {
  const lines: string[] = [];
  for (const v of variables)
    lines.push(`export ${posixShellEscape(v.key)}=${posixShellEscape(v.value)}`);
  lines.push(`cd ${posixShellEscape(projectDir)}`);
  for (const entry of commands) {
    const command = entry.trim();
    const nl = command.indexOf("\n");
    if (command === "") lines.push("echo");
    else if (nl === -1) lines.push(`echo ${posixShellEscape(`$ ${command}`)}`);
    else {
      lines.push(
        `echo ${posixShellEscape(`$ ${command.slice(0, nl)} # collapsed multi-line command`)}`,
      );
    }
    lines.push(command);
  }
  const body = lines.join("\n") + "\n";
  return [
    "trap exit 1 TERM",
    "",
    'start_json="{\\"script\\": \\"$0\\"}"',
    'echo "$start_json"',
    "runner_script_trap() {",
    "\texit_code=$?",
    '\tout_json="{\\"command_exit_code\\": $exit_code, \\"script\\": \\"$0\\"}"',
    "",
    '\techo ""',
    '\techo "$out_json"',
    "\texit 0",
    "}",
    "",
    "trap runner_script_trap EXIT",
    "if set -o | grep pipefail > /dev/null; then set -o pipefail; fi; set -o errexit",
    "set +o noclobber",
    `: | eval ${posixShellEscape(body)}`,
    "exit 0",
    "",
  ].join("\n");
}

/**
 * GitLab's dotenv report parser (app/services/ci/parse_dotenv_artifact_service.rb): every line
 * `KEY=VALUE`, both stripped; a line that is not (an empty one too) is an error.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    const m = line.replace(/\n$/, "").match(/^(.*?)=(.*)$/);
    if (!m) throw new Error(`dotenv: Invalid Format: ${JSON.stringify(line)}`);
    out[m[1].trim()] = m[2].trim();
  }
  return out;
}

/** What a shell made of a job's script. */
export interface ShellRun {
  /** The exit code the runner reads from the JSON line (`command_exit_code`). */
  exitCode: number;
  /** The job log's stdout, the JSON lines taken out. */
  stdout: string;
  stderr: string;
}

/** The shells an image's jobs run under here (see the top of this file). */
export type JobShell = "bash" | "sh";

/** The commands a job shell runs here: `sh` as dash, and as `bash --posix`. */
export const SHELL_COMMANDS: Record<JobShell, string[][]> = {
  bash: [["bash"]],
  sh: [["sh"], ["bash", "--posix"]],
};

/** Runs `script` (a {@link userScript}) with `shell` (argv) and `env`; reads the exit code. */
export function runUserScript(
  script: string,
  shell: string[],
  env: Record<string, string>,
  dir: string,
  timeoutSeconds = 30,
): ShellRun {
  const file = path.join(dir, "step_script");
  fs.writeFileSync(file, script, { mode: 0o755 });
  const res = run(shell[0], [...shell.slice(1), file], {
    env,
    cwd: dir,
    timeout: timeoutSeconds * 1000,
  });
  if (res.status !== 0) {
    throw new Error(`the runner's script exited ${res.status} (it always exits 0):\n${res.stderr}`);
  }
  const lines = res.stdout.split("\n");
  const json = lines.filter((l) => l.startsWith("{") && l.includes('"command_exit_code"')).pop();
  if (json === undefined) throw new Error(`no exit code line in the job log:\n${res.stdout}`);
  const exitCode = JSON.parse(json).command_exit_code as number;
  const stdout = lines.filter((l) => !/^\{"(script|command_exit_code)"/.test(l)).join("\n");
  return { exitCode, stdout, stderr: res.stderr };
}
