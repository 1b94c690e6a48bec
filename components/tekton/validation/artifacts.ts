/**
 * Step results and artifacts in strings: their patterns, and the message for an artifact (the
 * enable-artifacts feature flag is off as TektonPipelines installs it).
 */
import { BrokenRule, brokenRule } from "../../common/errors";
import { WEBHOOK, q } from "./problems";

/** `StepResultRegex` of pkg/internal/resultref: `$(steps.<step>.results.<result>)`. */
export const STEP_RESULT = /\$\(steps\..*?\.results\..*?\)/;
/** Step artifacts (internal/artifactref): `$(steps.<step>.inputs|outputs.<name>)`, `$(step.artifacts.path)`. */
export const STEP_ARTIFACT =
  /\$\(steps\.[^.]+\.(?:inputs|outputs)\.[^.)]+\)|\$\(step\.artifacts\.path\)/;
/** Task artifacts: `$(tasks.<task>.inputs|outputs.<name>)`, `$(artifacts.path)`. */
export const TASK_ARTIFACT = /\$\(tasks\.[^.]+\.(?:inputs|outputs)\.[^.)]+\)|\$\(artifacts\.path\)/;

/** The rule an artifact reference breaks: the enable-artifacts flag, off as TektonPipelines installs it. */
export function artifactRule(text: string, where?: string): BrokenRule {
  return brokenRule(
    `references an artifact in ${q(text)}`,
    `${WEBHOOK} artifact references unless the enable-artifacts feature flag is on ("feature flag enable-artifacts should be set to true to use artifacts feature."), and TektonPipelines installs it off${where ? `; even then ${where}` : ""}`,
    "pass files through a workspace ($(workspaces.<name>.path)) or results instead",
  );
}
