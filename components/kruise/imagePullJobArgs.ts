/**
 * The Input forms of the ImagePullJob spec's nested types, as the warm components take them:
 * every field a `pulumi.Input`. Once resolved they are the plain types of imagePullJobTypes.ts,
 * which the pure builders take (and which stay free of Pulumi, for the Tekton task library).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { LabelSelectorArgs } from "../common/labelSelectorArgs";
import type { ImagePullJobNodeSelector, PullPolicy, SandboxConfig } from "./imagePullJobTypes";

/** {@link PullPolicy} as a component arg: every field takes an Input. */
export interface PullPolicyArgs {
  /** Seconds one pull attempt may take. Maps to `spec.pullPolicy.timeoutSeconds`. @default 600 */
  timeoutSeconds?: pulumi.Input<number>;
  /** Retries of a failed pull on one node. Maps to `spec.pullPolicy.backoffLimit`. @default 3 */
  backoffLimit?: pulumi.Input<number>;
}

/** {@link SandboxConfig} as a component arg: every field takes an Input. */
export interface SandboxConfigArgs {
  /** Maps to `spec.sandboxConfig.labels`. @default none */
  labels?: pulumi.Input<Record<string, string>>;
  /** Maps to `spec.sandboxConfig.annotations`. @default none */
  annotations?: pulumi.Input<Record<string, string>>;
}

/** {@link ImagePullJobNodeSelector} as a component arg: every field takes an Input. */
export interface ImagePullJobNodeSelectorArgs extends LabelSelectorArgs {
  /** Node names. Not combinable with the label fields. Maps to `spec.selector.names`. @default none */
  names?: pulumi.Input<pulumi.Input<string>[]>;
}
