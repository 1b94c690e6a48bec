/**
 * The root Pulumi program: the platform described by the stack's config (stacks/Pulumi.<stack>.yaml).
 * `pulumi up -s local` renders every manifest to `rendered/` with no cluster at all.
 *
 * It uses the package as any program would, by its name (`kruise-devops`, which Node resolves to
 * this repository's own build, `dist/`, through package.json `exports`), and Pulumi runs it as
 * JavaScript: `npm run build` compiles it to `stacks/dist/platform.js`, Pulumi.yaml's `main`.
 * No TypeScript is compiled or type-checked when Pulumi runs it (README, "End to end").
 */
import * as fs from "fs";
import * as path from "path";
import { platformFromConfig } from "kruise-devops";

/** The project's directory (the one holding Pulumi.yaml), from wherever this file was built to. */
function projectDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Pulumi.yaml above ${__dirname}`);
  }
}

// Paths in the stack config are relative to the project's directory.
const platform = platformFromConfig("platform", projectDir());

export const kruiseNamespace = platform.kruise?.namespace;
export const argocdServer = platform.argocd?.serverAddress;
export const pipelineServiceAccount = platform.serviceAccount?.serviceAccountName;
