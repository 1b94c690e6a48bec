/**
 * The Input forms of Kubernetes label selectors, as component args take them: every field a
 * `pulumi.Input`. Once resolved they are the plain types of labelSelector.ts, which the pure
 * builders take (and which stay free of Pulumi, for the Tekton task library).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { LabelSelectorOperator } from "./labelSelector";

/**
 * A `LabelSelector` as a component arg: every field takes an Input. Checked, once resolved,
 * by the same rules.
 */
export interface LabelSelectorArgs {
  /** Labels a node or pod must carry, key → value. Maps to `matchLabels`. @default none */
  matchLabels?: pulumi.Input<Record<string, string>>;
  /** Set-based requirements, all of which must hold. Maps to `matchExpressions`. @default none */
  matchExpressions?: pulumi.Input<pulumi.Input<LabelSelectorRequirementArgs>[]>;
}

/** A `LabelSelectorRequirement` as a component arg: every field takes an Input. */
export interface LabelSelectorRequirementArgs {
  /** The label key. Maps to `matchExpressions[].key`. */
  key: pulumi.Input<string>;
  /** How the key relates to the values. Maps to `matchExpressions[].operator`. */
  operator: pulumi.Input<LabelSelectorOperator>;
  /** Values for `In` / `NotIn`; none for `Exists` / `DoesNotExist`. Maps to `matchExpressions[].values`. @default none */
  values?: pulumi.Input<pulumi.Input<string>[]>;
}
