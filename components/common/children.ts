import * as pulumi from "@pulumi/pulumi";

/**
 * The options of a component's child: parented on the component, and waiting on the component's
 * own `dependsOn` (Pulumi does not pass a component's dependencies to its children; without this
 * a custom resource could be created before the CRDs the caller made the component depend on).
 * Nothing else of the caller's options is copied.
 */
export function childOptions(
  parent: pulumi.ComponentResource,
  opts: pulumi.ComponentResourceOptions | undefined,
  extra?: Omit<pulumi.CustomResourceOptions, "parent" | "dependsOn">,
): pulumi.CustomResourceOptions {
  return { ...extra, parent, dependsOn: opts?.dependsOn };
}

/**
 * `opts` whose `dependsOn` also holds `first` (e.g. the kept CRDs): what is registered with them
 * comes after `first`, and after whatever the caller made them wait for.
 */
export function alsoAfter(
  opts: pulumi.ComponentResourceOptions,
  first: pulumi.Resource,
): pulumi.ComponentResourceOptions {
  const dependsOn = pulumi
    .output(opts.dependsOn ?? [])
    .apply((d) => [...(Array.isArray(d) ? d : [d]), first]);
  return { ...opts, dependsOn };
}
