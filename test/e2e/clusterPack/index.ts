/**
 * A remediation policy pack for the end-to-end suite only: what the suite's clusters lack
 * (./props.ts: no kubelet, and with `KD_E2E_CLUSTER=apiserver` no webhook backend either),
 * applied by the engine to every Kubernetes resource of a stack — the children of charts and
 * config groups, and what a program creates outside any component (an example's own Namespaces,
 * Deployment and Service). The package registers no transform of its own (a transform is a
 * callback into the program per child: components/common/keptCrds.ts), and the Node language host
 * the suite builds answers `RegisterStackTransform` with UNIMPLEMENTED; remediations run in the
 * engine, whatever the language host.
 *
 * Launched as an analyzer plugin by ./launch (`policyPacks: [<this dir>/launch]`), with every
 * preview and up of a stack, so that the remediated inputs stay the same from run to run.
 */
import { PolicyPack } from "@pulumi/policy";
import { remediate } from "./remediate";

new PolicyPack("kruise-devops-e2e-cluster", {
  policies: [
    {
      name: "e2e-cluster",
      description:
        "A test cluster with no kubelet (and maybe no webhook backends): skip readiness waits where nothing will report readiness, reach loopback webhooks.",
      enforcementLevel: "remediate",
      remediateResource: (args) => remediate(args.type, args.props),
    },
  ],
});
