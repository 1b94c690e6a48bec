/**
 * Step scripts, apart from the CI system that runs them: a script body reads each input from a
 * shell variable ({@link ScriptInput}) and writes each result to a file ({@link ScriptOutput}),
 * so that the same body runs in a Tekton step (inputs in env values Tekton fills from
 * `$(params.x)`, results in `$(results.x.path)` files) and in a GitLab job (inputs in CI/CD and
 * predefined variables, results in a dotenv report). Pure.
 */

/** Where a step script finds one of its inputs. */
export interface ScriptInput {
  /**
   * The shell variable the script reads (as `$NAME`): an env var the Task's step sets, or a
   * GitLab job's variable (predefined, from the YAML or from a dotenv report).
   */
  variable: string;
  /**
   * What the script's messages call the input: `param image` in a Tekton Task, the variable's
   * name in a GitLab job.
   */
  label: string;
}

/** Where a step script writes one of its results. */
export interface ScriptOutput {
  /**
   * The file, as the script writes it inside double quotes: `$RESULT_DIGEST` (a variable holding
   * a Tekton result's path) or `$CI_PROJECT_DIR/build.env`.
   */
  file: string;
  /**
   * The name of a dotenv variable: the script appends `NAME=value` and a line break to the file
   * (a GitLab `artifacts:reports:dotenv`). @default none: the file holds the value alone, as a
   * Tekton result does
   */
  dotenvName?: string;
}

/** The input of a Tekton Task's param `param`, handed to the step as env var `variable`. */
export function tektonParam(param: string, variable: string): ScriptInput {
  return { variable, label: `param ${param}` };
}

/** An input the step gets from its own env, named in messages as its variable. */
export function envInput(variable: string): ScriptInput {
  return { variable, label: variable };
}

/** `$NAME` for every input: what a script body writes where it reads the input. */
export function refs<K extends string>(inputs: Record<K, ScriptInput>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(inputs) as K[]) {
    const name = inputs[key].variable;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`step script: input ${key} reads ${JSON.stringify(name)}: not a variable`);
    }
    out[key] = `$${name}`;
  }
  return out;
}

/** The label of every input (see {@link ScriptInput.label}). */
export function labels<K extends string>(inputs: Record<K, ScriptInput>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(inputs) as K[]) out[key] = inputs[key].label;
  return out;
}

/**
 * The script line that writes a result: `printf '<format>' <args...>` into `output`'s file
 * (overwritten), or as a dotenv line `NAME=<format>` appended to it. `format` holds printf
 * conversions only; `args` are shell words.
 */
export function writeOutput(output: ScriptOutput, format: string, ...args: string[]): string {
  if (output.dotenvName === undefined) {
    return `printf '${format}' ${args.join(" ")} >"${output.file}"`;
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(output.dotenvName)) {
    throw new Error(`step script: dotenv name ${JSON.stringify(output.dotenvName)} is invalid`);
  }
  return `printf '${output.dotenvName}=${format}\\n' ${args.join(" ")} >>"${output.file}"`;
}

/**
 * A script body from an indented template literal: drops the first line break and the
 * indentation common to all non-empty lines, ends with one line break.
 */
export function script(text: string): string {
  const lines = text.replace(/^\n/, "").replace(/\s+$/, "").split("\n");
  const indent = Math.min(
    ...lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length),
  );
  return lines.map((l) => l.slice(indent)).join("\n") + "\n";
}

/**
 * A step script as the commands a CI system runs one after another (GitLab's `script:` list):
 * `set -eu`, a `fail` function (the task name and the message on stderr, exit 1), then each of
 * `bodies` (indented template literals, see {@link script}) as one command.
 */
export function scriptCommands(task: string, ...bodies: string[]): string[] {
  return [
    "set -eu",
    `fail() {\n  echo "${task}: $*" >&2\n  exit 1\n}`,
    ...bodies.map((body) => script(body).replace(/\n$/, "")),
  ];
}

/**
 * A POSIX `sh` step script: the shebang, then {@link scriptCommands}. Bodies take every input
 * from the environment: no Tekton `$(...)` variable appears in them.
 */
export function shellScript(task: string, body: string): string {
  return `#!/bin/sh\n${scriptCommands(task, body).join("\n\n")}\n`;
}
