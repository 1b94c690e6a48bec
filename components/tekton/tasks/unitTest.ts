import { TaskSpec } from "../types";
import { ComputeResources, noCapabilities } from "./shared";

/** Options of {@link unitTestTask}. */
export interface UnitTestTaskOptions {
  /**
   * Resources of the test step: tests vary too much for one default to fit all.
   * @default requests 250m CPU, 256Mi memory
   */
  computeResources?: ComputeResources;
}

/**
 * A language-agnostic Task that runs the repository's tests: the image given by param `image`
 * (e.g. `docker.io/library/golang:1.25`) runs param `command` (e.g. `["go", "test", "./..."]`,
 * substituted into the step's `command`, so no shell is involved) in
 * `$(workspaces.source.path)/$(params.workdir)`. The task fails when the command exits non-zero.
 *
 * - Params: `image`, `command` (array), `workdir` (relative to the workspace) @default ".".
 * - Workspace: `source` (the checkout).
 *
 * The image comes from a param, so this task takes no `images` override; pin the param's value
 * by tag or digest. Security: the image's own user (often root, which test toolchains tend to
 * expect), with every capability dropped and no privilege escalation; tests that need more
 * belong in an image built for it.
 */
export function unitTestTask(opts: UnitTestTaskOptions = {}): TaskSpec {
  return {
    description: "Runs the repository's tests with the given image and command.",
    params: [
      {
        name: "image",
        type: "string",
        description:
          "The test image, pinned by tag or digest (e.g. docker.io/library/golang:1.25).",
      },
      {
        name: "command",
        type: "array",
        description: 'The test command and its arguments, e.g. ["go", "test", "./..."].',
      },
      {
        name: "workdir",
        type: "string",
        description: "The directory to run in, relative to the workspace.",
        default: ".",
      },
    ],
    workspaces: [{ name: "source", description: "The checkout to test." }],
    steps: [
      {
        name: "test",
        image: "$(params.image)",
        command: ["$(params.command[*])"],
        workingDir: "$(workspaces.source.path)/$(params.workdir)",
        computeResources: opts.computeResources ?? {
          requests: { cpu: "250m", memory: "256Mi" },
        },
        securityContext: noCapabilities(),
      },
    ],
  };
}
