/**
 * Kubernetes' rules for the names inside a container (k8s.io/apimachinery v0.37.2
 * pkg/util/validation): a port's name (`IsValidPortName`, an IANA service name) and an
 * environment variable's (`IsRelaxedEnvVarName`: the RelaxedEnvironmentVariableValidation gate,
 * on by default since Kubernetes 1.32 and GA in 1.34; 1.28–1.31 also refuse names that start
 * with a digit or hold other than letters, digits, '_', '-' and '.').
 */

/** Why `name` is no container port name, one reason each; none when it is one. */
export function portNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length > 15) problems.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(name)) {
    problems.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!/[a-z]/.test(name)) problems.push("must contain at least one letter (a-z)");
  if (name.includes("--")) problems.push("must not contain consecutive hyphens");
  if (name.startsWith("-") || name.endsWith("-")) {
    problems.push("must not begin or end with a hyphen");
  }
  return problems;
}

/** Why `name` is no environment variable name (the relaxed rule); none when it is one. */
export function envVarNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length === 0) problems.push("environment variable name must be non-empty");
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    // Go's unicode.IsPrint over ASCII: 0x20 (space) to 0x7e.
    if (c > 0x7e || c < 0x20 || ch === "=") {
      problems.push(
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      );
      break;
    }
  }
  return problems;
}
