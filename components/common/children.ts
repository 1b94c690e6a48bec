import * as pulumi from "@pulumi/pulumi";
import { applyApiServerOnly } from "./apiServerOnly";

/**
 * The options of a component's child: parented on the component, and waiting on the component's
 * own `dependsOn` (Pulumi does not pass a component's dependencies to its children; without this
 * a custom resource could be created before the CRDs the caller made the component depend on).
 * Nothing else of the caller's options is copied. Every component calls it before registering
 * its first child, so it is also where the stack setting `kruise-devops:apiServerOnly` is applied.
 */
export function childOptions(
  parent: pulumi.ComponentResource,
  opts: pulumi.ComponentResourceOptions | undefined,
  extra?: Omit<pulumi.CustomResourceOptions, "parent" | "dependsOn">,
): pulumi.CustomResourceOptions {
  applyApiServerOnly();
  return { ...extra, parent, dependsOn: opts?.dependsOn };
}
