/**
 * A remediation policy pack for the end-to-end suite only: what `kruise-devops:apiServerOnly`
 * does to everything a kruise-devops component creates ({@link apiServerOnlyProps}: no readiness
 * waits, background deletion, webhooks failing open), applied by the engine to every Kubernetes
 * resource of the stack, including those a program creates outside any component (an example's
 * own Namespaces, Deployment and Service). A stack-wide resource transform would do the same from
 * the program, but the Node language host the suite builds answers `RegisterStackTransform` with
 * UNIMPLEMENTED; remediations run in the engine, whatever the language host.
 *
 * Launched as an analyzer plugin by ./launch (`policyPacks: [<this dir>/launch]`), with every
 * preview and up of a stack, so that the remediated inputs stay the same from run to run.
 */
import { PolicyPack } from "@pulumi/policy";
import { remediate } from "./remediate";

new PolicyPack("kruise-devops-e2e-api-server-only", {
  policies: [
    {
      name: "api-server-only",
      description:
        "An API server with no controllers: skip readiness waits, delete in the background, let webhooks fail open.",
      enforcementLevel: "remediate",
      remediateResource: (args) => remediate(args.type, args.props),
    },
  ],
});
