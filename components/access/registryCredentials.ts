import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BrokenRule, brokenRule, parseArgs } from "../common/errors";
import { validateNow } from "../common/inputs";
import { settledArgs, whenSettled } from "../common/settled";
import { credentialValueSchema, nonEmptySecret, secretInput } from "../common/secrets";
import {
  CredentialSecretArgs,
  CredentialSecretBaseArgs,
  credentialSecretShape,
  credentialSettingsShape,
  registerCredentialSecret,
  secretNameFor,
} from "./credentialSecret";
import { dockerConfigJson, registryKey, registrySchema } from "./dockerConfig";

const KIND = "RegistryCredentials";

/**
 * Args of {@link RegistryCredentials} but its namespace: what a PipelineNamespace's (or
 * Platform's) `registry` takes, the namespace being the pipeline's.
 */
export interface RegistryCredentialsBaseArgs extends CredentialSecretBaseArgs {
  /**
   * The registry: `ghcr.io`, `registry.example.com:5000`, or `docker.io` (written as
   * `https://index.docker.io/v1/`, the key Docker Hub logins are looked up under).
   * Maps to the `auths` key of `.dockerconfigjson`. Plain: gives `registryKey`, which pipelines read at construction. */
  registry: string;
  /** Login name (may be a secret). Maps to `auths.<registry>.username`. */
  username: pulumi.Input<string>;
  /**
   * Password or access token: a Pulumi secret (`pulumi.secret(…)`, `config.requireSecret(…)`);
   * a plain string is rejected. Maps to `auths.<registry>.password` and `auth`.
   */
  password: pulumi.Input<string>;
}

/** Args of {@link RegistryCredentials}. */
export interface RegistryCredentialsArgs
  extends RegistryCredentialsBaseArgs, CredentialSecretArgs {}

const schema = z.strictObject({
  ...credentialSecretShape,
  registry: registrySchema,
  username: credentialValueSchema(colonProblem),
  password: z.unknown().optional(),
});

/** The settings: the args that take Inputs and are no credential. */
const settingsSchema = z.strictObject(credentialSettingsShape);
const settingsOf = (args: RegistryCredentialsArgs) => ({ labels: args.labels });

/** RegistryCredentials' args, parsed and checked before it registers anything (Platform runs it first). */
export function checkRegistryCredentialsArgs(name: string, args: RegistryCredentialsArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const early = validateNow(KIND, name, settingsSchema, settingsOf(args));
  const secretName = secretNameFor(KIND, name, a.secretName);
  const password = secretInput(KIND, name, "password", args.password);
  return { a, early, secretName, password };
}

/**
 * A `kubernetes.io/dockerconfigjson` Secret for one registry: what the kubelet (imagePullSecrets),
 * Kruise (ImagePullJob `pullSecrets`), Tekton (linked to the pipeline's ServiceAccount) and
 * kaniko (mounted at `/kaniko/.docker`) read. The password is kept only in the Secret.
 */
export class RegistryCredentials extends pulumi.ComponentResource {
  /** Name of the Secret. */
  public readonly secretName: pulumi.Output<string>;
  /** Namespace of the Secret. */
  public readonly namespace: pulumi.Output<string>;
  /** The Secret resource, child `<name>-secret`. */
  public readonly secret: k8s.core.v1.Secret;
  /** Name of the Secret as a plain value, for specs that name it (e.g. a pipeline's params). */
  public readonly secretRef: string;
  /** The `auths` key written, e.g. `ghcr.io`. */
  public readonly registryKey: string;

  constructor(name: string, args: RegistryCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { a, early, secretName, password } = checkRegistryCredentialsArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const settings = settledArgs(KIND, name, settingsSchema, settingsOf(args), early, this);
    const out = registerCredentialSecret(this, opts, {
      kind: KIND,
      name,
      namespace: a.namespace,
      secretName,
      labels: whenSettled(settings, (s) => s.labels),
      type: "kubernetes.io/dockerconfigjson",
      stringData: pulumi
        .all([
          nonEmptySecret(KIND, name, "username", pulumi.output(args.username), this, colonProblem),
          nonEmptySecret(KIND, name, "password", password, this),
        ])
        .apply(([u, p]) => ({ ".dockerconfigjson": dockerConfigJson(a.registry, u, p) })),
    });
    this.secretName = out.secretName;
    this.namespace = out.namespace;
    this.secret = out.secret;
    this.secretRef = out.secretRef;
    this.registryKey = registryKey(a.registry);
    this.registerOutputs({
      secretName: this.secretName,
      namespace: this.namespace,
      secret: this.secret,
      secretRef: this.secretRef,
      registryKey: this.registryKey,
    });
  }
}

/**
 * Why a username is refused, naming no value (it may be a secret): a `:`. The docker config's
 * `auth` is base64(`username:password`), which the kubelet, containerd and kaniko split at the
 * first `:`, so such a user would log in as a different name.
 */
function colonProblem(username: string): BrokenRule | undefined {
  return username.includes(":")
    ? brokenRule(
        "contains ':'",
        "the docker config's auth is base64(username:password), and the kubelet, containerd and kaniko split it at the first ':'",
        "use a login name without ':' (e.g. the registry's robot or token account)",
      )
    : undefined;
}
