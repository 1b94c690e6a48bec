/**
 * The root Pulumi program: the platform described by the stack's config (stacks/Pulumi.<stack>.yaml).
 * `pulumi up -s local` renders every manifest to `rendered/` with no cluster at all.
 */
import * as path from "path";
import { platformFromConfig } from "../components/platformConfig";

// Paths in the stack config are relative to the project's directory.
const platform = platformFromConfig("platform", path.resolve(__dirname, ".."));

export const kruiseNamespace = platform.kruise?.namespace;
export const argocdServer = platform.argocd?.serverAddress;
export const pipelineServiceAccount = platform.serviceAccount?.serviceAccountName;
