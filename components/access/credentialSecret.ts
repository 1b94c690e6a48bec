/**
 * What the credential components share: the args naming their Secret, and its registration.
 * Secret values only ever travel as `stringData` of a Kubernetes Secret (which the provider
 * stores encrypted in the state); names, namespaces and labels are plain values.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../common/children";
import { brokenRule, argsError } from "../common/errors";
import {
  componentLabels,
  isDns1123Subdomain,
  namespaceSchema,
  objectNameSchema,
} from "../common/k8sNames";
import { matchLabelsSchema } from "../common/labelSelector";

/** The namespace credentials go to unless told otherwise. */
export const DEFAULT_CREDENTIALS_NAMESPACE = "default";

/** Args every credential component takes. */
export interface CredentialSecretArgs {
  /**
   * Namespace of the Secret: the namespace the pipeline runs in (Tekton and Kruise read
   * credentials only from there). Maps to `metadata.namespace`. Plain: pipelines read it at construction (`namespaceRef`). @default "default"
   */
  namespace?: string;
  /** Name of the Secret. Maps to `metadata.name`. Plain: the Secret's object name. @default the component's name */
  secretName?: string;
  /** Extra labels on the Secret (never put credentials in labels). Maps to `metadata.labels`. @default none */
  labels?: Record<string, string>;
}

/** The schema of {@link CredentialSecretArgs}. */
export const credentialSecretShape = {
  namespace: namespaceSchema.default(DEFAULT_CREDENTIALS_NAMESPACE),
  secretName: objectNameSchema("Secret", "registry-creds").optional(),
  labels: matchLabelsSchema.optional(),
};

/** One credential Secret, as registered. */
export interface CredentialSecretSpec {
  kind: string;
  name: string;
  namespace: string;
  secretName: string;
  labels?: Record<string, string>;
  type: string;
  annotations?: Record<string, string>;
  stringData: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * The base of the credential components: one Secret, child `<name>-secret`, built by `build`
 * once the component exists (subclasses validate everything before calling `super`).
 */
export abstract class CredentialComponent extends pulumi.ComponentResource {
  /** Name of the Secret. */
  public readonly secretName: pulumi.Output<string>;
  /** Namespace of the Secret. */
  public readonly namespace: pulumi.Output<string>;
  /** The Secret resource. */
  public readonly secret: k8s.core.v1.Secret;
  /** Name of the Secret as a plain value, for specs that name it (e.g. a pipeline's params). */
  public readonly secretRef: string;

  protected constructor(
    kind: string,
    name: string,
    opts: pulumi.ComponentResourceOptions | undefined,
    build: (self: pulumi.ComponentResource) => Omit<CredentialSecretSpec, "kind" | "name">,
  ) {
    super(`kruise-devops:index:${kind}`, name, {}, opts);
    const spec = build(this);
    this.secretRef = spec.secretName;
    this.secret = registerCredentialSecret(this, opts, { kind, name, ...spec });
    this.secretName = this.secret.metadata.name;
    this.namespace = this.secret.metadata.namespace;
  }

  /**
   * Registers the outputs: the Secret's, and `extra`, the subclass's own. Each subclass calls it
   * last in its constructor.
   */
  protected registerCredentialOutputs(extra: Record<string, unknown> = {}): void {
    this.registerOutputs({
      secretName: this.secretName,
      namespace: this.namespace,
      secret: this.secret,
      secretRef: this.secretRef,
      ...extra,
    });
  }
}

/** Registers the Secret as the child `<name>-secret` of `parent`. */
export function registerCredentialSecret(
  parent: pulumi.ComponentResource,
  opts: pulumi.ComponentResourceOptions | undefined,
  spec: CredentialSecretSpec,
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    `${spec.name}-secret`,
    {
      metadata: {
        name: spec.secretName,
        namespace: spec.namespace,
        labels: componentLabels(spec.kind, spec.name, spec.labels),
        annotations: spec.annotations,
      },
      type: spec.type,
      stringData: pulumi.secret(pulumi.output(spec.stringData)),
    },
    childOptions(parent, opts),
  );
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
