/** A Task's steps and step template: names, images, script or command, mounts, timeouts, onError. */
import { brokenRule } from "../../common/errors";
import { parseGoDuration } from "../../common/goSyntax";
import { isDns1123Label } from "../../common/k8sNames";
import { Step, TaskSpec } from "../types";
import { STEP_ARTIFACT, STEP_RESULT, TASK_ARTIFACT, artifactRule } from "./artifacts";
import { Path, Report, WEBHOOK, q, repeats } from "./problems";

/**
 * Steps: at least one; names unique DNS-1123 labels; an image (own or template); script xor
 * command (own or template); and each step's, and the template's, fields as
 * {@link checkStepFields} checks them (Tekton validates the steps merged with the template).
 */
export function checkSteps(spec: TaskSpec, report: Report) {
  const steps = spec.steps ?? [];
  if (steps.length === 0) {
    report(
      ["steps"],
      brokenRule(
        "is empty",
        `${WEBHOOK} a Task without steps ("missing field(s): steps")`,
        "add a step",
      ),
    );
  }
  steps.forEach((s, i) => checkStep(s, i, spec.stepTemplate ?? {}, report));
  if (spec.stepTemplate) checkStepFields(spec.stepTemplate, ["stepTemplate"], report);
  const named = steps.map((s, i) => ({ name: s.name, i })).filter((s) => s.name);
  for (const j of repeats(named.map((s) => s.name))) {
    report(
      ["steps", named[j].i, "name"],
      brokenRule(
        `(${q(named[j].name)}) is the name of an earlier step`,
        `${WEBHOOK} duplicate step names ("expected exactly one, got both: steps[${named[j].i}].name")`,
        "give each step its own name",
      ),
    );
  }
}

/** One step: name a DNS-1123 label, an image, not both script and command; its fields. */
function checkStep(s: Step, i: number, template: Partial<Step>, report: Report) {
  if (s.name && !isDns1123Label(s.name)) {
    report(
      ["steps", i, "name"],
      brokenRule(
        `(${q(s.name)}) is not a DNS-1123 label`,
        `${WEBHOOK} it ("invalid value ${q(s.name)}": Task step name must be a valid DNS Label)`,
        "use at most 63 lowercase letters, digits and '-', e.g. \"run-tests\"",
      ),
    );
  }
  if (!s.image && !template.image) {
    report(
      ["steps", i, "image"],
      brokenRule(
        "is missing",
        `${WEBHOOK} a step without an image, own or from stepTemplate ("missing field(s): Image")`,
        'give an image pinned by tag or digest, e.g. "alpine:3.20"',
      ),
    );
  }
  const command = s.command?.length ? s.command : template.command;
  if (s.script && command && command.length > 0) {
    report(
      ["steps", i, "script"],
      brokenRule(
        `is set together with command${s.command?.length ? "" : " (from stepTemplate)"}`,
        `${WEBHOOK} it ("script cannot be used with command")`,
        "keep script, or move it into command/args",
      ),
    );
  }
  checkStepFields(s, ["steps", i], report);
}

/**
 * Where a step may reference step results and artifacts (container_validation.go): step results
 * only in env, command and args; step artifacts only in env, command, args and script; and no
 * artifact at all while enable-artifacts is off.
 */
function checkStepOnlyRefs(step: Partial<Step>, base: Path, report: Report) {
  const elsewhere: [Path, string | undefined][] = [
    [["name"], step.name],
    [["image"], step.image],
    [["workingDir"], step.workingDir],
    ...(step.envFrom ?? []).flatMap((e, i): [Path, string | undefined][] => [
      [["envFrom", i, "secretRef", "name"], e.secretRef?.name],
      [["envFrom", i, "configMapRef", "name"], e.configMapRef?.name],
    ]),
    ...(step.volumeMounts ?? []).flatMap((m, i): [Path, string | undefined][] => [
      [["volumeMounts", i, "name"], m.name],
      [["volumeMounts", i, "mountPath"], m.mountPath],
      [["volumeMounts", i, "subPath"], m.subPath],
    ]),
  ];
  const allowed: [Path, string | undefined][] = [
    ...(step.command ?? []).map((v, i): [Path, string] => [["command", i], v]),
    ...(step.args ?? []).map((v, i): [Path, string] => [["args", i], v]),
    ...(step.env ?? []).map((e, i): [Path, string | undefined] => [["env", i, "value"], e.value]),
  ];
  for (const [path, text] of [...elsewhere, [["script"], step.script] as [Path, string]]) {
    if (!text || !STEP_RESULT.test(text)) continue;
    report(
      [...base, ...path],
      brokenRule(
        `references a step result in ${q(text)}`,
        `${WEBHOOK} it ("stepResult substitutions are only allowed in env, command and args")`,
        "pass the result to the step through env, command or args",
      ),
    );
  }
  for (const [path, text] of elsewhere) {
    if (text && (STEP_ARTIFACT.test(text) || TASK_ARTIFACT.test(text))) {
      report(
        [...base, ...path],
        artifactRule(
          text,
          'step artifacts are only allowed in env, command, args and script ("stepArtifact substitutions are only allowed in env, command, args and script")',
        ),
      );
    }
  }
  for (const [path, text] of [...allowed, [["script"], step.script] as [Path, string]]) {
    if (text && (STEP_ARTIFACT.test(text) || TASK_ARTIFACT.test(text))) {
      report([...base, ...path], artifactRule(text));
    }
  }
}

/**
 * The fields a step shares with the step template: volume mounts (not under /tekton/ once the
 * path is cleaned, `..` included, except /tekton/home; no tekton-internal- names), the timeout (a
 * Go duration, not negative), onError (continue, stopAndFail or a param), no Windows script under
 * the installed enable-api-fields "beta", and where step results and artifacts may be referenced.
 */
function checkStepFields(step: Partial<Step>, base: Path, report: Report) {
  step.volumeMounts?.forEach((m, j) => {
    const clean = cleanPath(m.mountPath);
    if (clean.startsWith("/tekton/") && !clean.startsWith("/tekton/home")) {
      report(
        [...base, "volumeMounts", j, "mountPath"],
        brokenRule(
          `(${q(m.mountPath)}) is under /tekton/${clean === m.mountPath ? "" : ` (${q(clean)} once cleaned)`}`,
          `${WEBHOOK} it ("volumeMount cannot be mounted under /tekton/"): Tekton keeps its results, scripts and run state there, only /tekton/home is open`,
          "mount it elsewhere",
        ),
      );
    }
    if (m.name.startsWith("tekton-internal-")) {
      report(
        [...base, "volumeMounts", j, "name"],
        brokenRule(
          `(${q(m.name)}) starts with "tekton-internal-"`,
          `${WEBHOOK} it ('volumeMount name ${q(m.name)} cannot start with "tekton-internal-"'): the prefix is reserved for Tekton's own volumes`,
          "rename the volume",
        ),
      );
    }
  });
  if (step.timeout !== undefined) {
    const ns = parseGoDuration(step.timeout);
    if (ns === undefined || ns < 0) {
      report(
        [...base, "timeout"],
        ns === undefined
          ? brokenRule(
              `(${q(step.timeout)}) is not a duration`,
              "Tekton's API decodes Step.timeout with Go's time.ParseDuration and refuses other strings",
              'write e.g. "10m" or "1h30m"',
            )
          : brokenRule(
              `(${q(step.timeout)}) is negative`,
              `${WEBHOOK} it ("invalid value: ${step.timeout}: negative timeout")`,
              "give 0 (no timeout) or more",
            ),
      );
    }
  }
  const onError = step.onError as string | undefined;
  if (
    onError &&
    !onError.startsWith("$(params.") &&
    !["continue", "stopAndFail"].includes(onError)
  ) {
    report(
      [...base, "onError"],
      brokenRule(
        `(${q(onError)}) is not continue or stopAndFail`,
        `${WEBHOOK} it ('invalid value: ${q(onError)}': Task step onError must be either "continue" or "stopAndFail")`,
        'use "continue", "stopAndFail" or a param, e.g. "$(params.on-error)"',
      ),
    );
  }
  if (step.script?.trim().startsWith("#!win")) {
    report(
      [...base, "script"],
      brokenRule(
        "is a Windows script (#!win)",
        `${WEBHOOK} it unless enable-api-fields is "alpha" ('windows script support requires "enable-api-fields" feature gate to be "alpha" but it is "beta"'), and TektonPipelines installs "beta"`,
        'set TektonPipelines featureFlags.enableApiFields to "alpha", or use a Linux shell',
      ),
    );
  }
  checkStepOnlyRefs(step, base, report);
}

/** Normalizes a mount path like Go's `filepath.Clean` (enough for absolute paths). */
export function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split("/")) {
    if (part === "..") parts.pop();
    else if (part && part !== ".") parts.push(part);
  }
  return `${p.startsWith("/") ? "/" : ""}${parts.join("/")}` || ".";
}
