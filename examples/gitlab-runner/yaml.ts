/**
 * A small YAML writer for the generated pipeline (mappings, sequences, strings, numbers,
 * booleans), so that the example needs no YAML library. A string is written:
 * - plain when YAML 1.1 (GitLab's parser, Ruby's Psych) and YAML 1.2 both read it back as that
 *   string;
 * - as a literal block (`|-`, nothing escaped) when it holds a `'` or several lines, and every
 *   line is printable ASCII with no space at either end of the whole;
 * - single-quoted when it is otherwise printable;
 * - double-quoted with JSON's escapes else.
 * Pure.
 */

const PRINTABLE = /^[\x20-\x7e]+$/;
const RESERVED = /^(y|n|yes|no|on|off|true|false|null)$/i;

function isPlain(s: string): boolean {
  return (
    PRINTABLE.test(s) &&
    /^[A-Za-z$/]/.test(s) && // no indicator, digit, sign or dot first: not a number, not syntax
    !/\s$/.test(s) &&
    !s.endsWith(":") &&
    !s.includes(": ") &&
    !s.includes(" #") &&
    !RESERVED.test(s)
  );
}

/** Whether `s` can be a literal block: printable lines, the first and last characters not blank. */
function isLiteral(s: string): boolean {
  return (
    /^\S/.test(s) &&
    /\S$/.test(s) &&
    s.split("\n").every((line) => line === "" || PRINTABLE.test(line))
  );
}

/** A scalar after `key: ` or `- `; a literal block continues on the next lines at `indent`. */
function scalar(v: unknown, indent: number): string {
  if (typeof v === "string") {
    if (isPlain(v)) return v;
    if ((v.includes("'") || v.includes("\n")) && isLiteral(v)) {
      const pad = " ".repeat(indent);
      return `|-\n${v
        .split("\n")
        .map((line) => (line === "" ? "" : pad + line))
        .join("\n")}`;
    }
    if (!PRINTABLE.test(v)) return JSON.stringify(v);
    return `'${v.replace(/'/g, "''")}'`;
  }
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v === "boolean") return String(v);
  throw new Error(`gitlab-ci: cannot write ${JSON.stringify(v)} as YAML`);
}

function isNested(v: unknown): v is object {
  return typeof v === "object" && v !== null && Object.keys(v).length > 0;
}

function inline(v: unknown, indent: number): string {
  if (Array.isArray(v)) return "[]";
  if (typeof v === "object" && v !== null) return "{}";
  return scalar(v, indent);
}

function key(k: string): string {
  if (!isPlain(k)) throw new Error(`gitlab-ci: key ${JSON.stringify(k)} is not a plain YAML key`);
  return k;
}

function block(v: unknown, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      if (!isNested(item)) return [`${pad}- ${inline(item, indent + 2)}`];
      const lines = block(item, indent + 2);
      return [`${pad}- ${lines[0].slice(indent + 2)}`, ...lines.slice(1)];
    });
  }
  return Object.entries(v as Record<string, unknown>)
    .filter(([, value]) => value !== undefined)
    .flatMap(([k, value]) =>
      isNested(value)
        ? [`${pad}${key(k)}:`, ...block(value, indent + 2)]
        : [`${pad}${key(k)}: ${inline(value, indent + 2)}`],
    );
}

/** `data` as block YAML, a blank line between top-level keys, ending with a line break. */
export function toYaml(data: object): string {
  return (
    Object.entries(data)
      .filter(([, value]) => value !== undefined)
      .map(([k, value]) => block({ [k]: value }, 0).join("\n"))
      .join("\n\n") + "\n"
  );
}
