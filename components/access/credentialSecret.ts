/**
 * What the credential components share: the args naming their Secret, the checks of their
 * settings (the args that take Inputs, checked now or once resolved), and the Secret's
 * registration. Each credential component extends `pulumi.ComponentResource` itself and calls
 * these. Secret values only ever travel as `stringData` of a Kubernetes Secret (which the
 * provider stores encrypted in the state); names, namespaces and labels are not secret.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { childOptions } from "../common/children";
import { brokenRule, argsError } from "../common/errors";
import { Settled, whenSettled } from "../common/settled";
import {
  componentLabels,
  isDns1123Subdomain,
  namespaceSchema,
  objectNameSchema,
} from "../common/k8sNames";
import { matchLabelsSchema } from "../common/labelSelector";

/** The namespace credentials go to unless told otherwise. */
export const DEFAULT_CREDENTIALS_NAMESPACE = "default";

/**
 * Args every credential component takes but its namespace: what a credential of a
 * PipelineNamespace (or of Platform's pipeline section) takes, its namespace being the pipeline's.
 */
export interface CredentialSecretBaseArgs {
  /** Name of the Secret. Maps to `metadata.name`. Plain: the Secret's object name. @default the component's name */
  secretName?: string;
  /** Extra labels on the Secret (never put credentials in labels). Maps to `metadata.labels`. @default none */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Args every credential component takes. */
export interface CredentialSecretArgs extends CredentialSecretBaseArgs {
  /**
   * Namespace of the Secret: the namespace the pipeline runs in (Tekton and Kruise read
   * credentials only from there). Maps to `metadata.namespace`. Plain: pipelines read it at construction (`namespaceRef`). @default "default"
   */
  namespace?: string;
}

/** The schema of the plain args of {@link CredentialSecretArgs} (checked at construction). */
export const credentialSecretShape = {
  namespace: namespaceSchema.default(DEFAULT_CREDENTIALS_NAMESPACE),
  secretName: objectNameSchema("Secret", "registry-creds").optional(),
  // A settings arg: checked with the component's settings (credentialSettingsShape).
  labels: z.unknown().optional(),
};

/** The schema of the settings every credential has: its labels (an Input). */
export const credentialSettingsShape = {
  labels: matchLabelsSchema.optional(),
};

/** One credential Secret, as registered. */
export interface CredentialSecretSpec {
  kind: string;
  name: string;
  namespace: string;
  secretName: string;
  /** Extra labels: plain, or an Output once the settings resolve. */
  labels: Settled<Record<string, string> | undefined>;
  type: string;
  annotations?: pulumi.Input<Record<string, string>>;
  stringData: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** What every credential component outputs, from its Secret. */
export interface CredentialOutputs {
  /** Name of the Secret. */
  secretName: pulumi.Output<string>;
  /** Namespace of the Secret. */
  namespace: pulumi.Output<string>;
  /** The Secret resource. */
  secret: k8s.core.v1.Secret;
  /** Name of the Secret as a plain value, for specs that name it (e.g. a pipeline's params). */
  secretRef: string;
}

/**
 * Registers the Secret as the child `<name>-secret` of `parent` (a credential component), and
 * gives the outputs every credential component has.
 */
export function registerCredentialSecret(
  parent: pulumi.ComponentResource,
  opts: pulumi.ComponentResourceOptions | undefined,
  spec: CredentialSecretSpec,
): CredentialOutputs {
  const labels = whenSettled(spec.labels, (l) => componentLabels(spec.kind, spec.name, l));
  const secret = new k8s.core.v1.Secret(
    `${spec.name}-secret`,
    {
      metadata: {
        name: spec.secretName,
        namespace: spec.namespace,
        labels,
        annotations: spec.annotations,
      },
      type: spec.type,
      stringData: pulumi.secret(pulumi.output(spec.stringData)),
    },
    childOptions(parent, opts),
  );
  return {
    secretName: secret.metadata.name,
    namespace: secret.metadata.namespace,
    secret,
    secretRef: spec.secretName,
  };
}

/** `secretName`, or the component's name when it is a valid Secret name. */
export function secretNameFor(kind: string, name: string, secretName: string | undefined): string {
  if (secretName !== undefined) return secretName;
  if (isDns1123Subdomain(name)) return name;
  throw argsError(
    kind,
    name,
    ["secretName"],
    brokenRule(
      "is not set, and the component's name is not a Secret name",
      "Secret names are lowercase RFC 1123 subdomains of at most 253 characters",
      'set secretName, or name the component e.g. "registry-creds"',
    ),
  );
}
