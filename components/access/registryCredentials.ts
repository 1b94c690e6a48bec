import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BrokenRule, parseArgs } from "../common/errors";
import { credentialValueSchema, nonEmptySecret, secretInput } from "../common/secrets";
import {
  CredentialSecretArgs,
  credentialSecretShape,
  CredentialComponent,
  secretNameFor,
} from "./credentialSecret";
import { dockerConfigJson, registryKey, registrySchema } from "./dockerConfig";
import { brokenRule } from "../common/errors";

const KIND = "RegistryCredentials";

/** Args of {@link RegistryCredentials}. */
export interface RegistryCredentialsArgs extends CredentialSecretArgs {
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

const schema = z.strictObject({
  ...credentialSecretShape,
  registry: registrySchema,
  username: credentialValueSchema(colonProblem),
  password: z.unknown().optional(),
});

/** RegistryCredentials' args, parsed and checked before it registers anything (Platform runs it first). */
export function checkRegistryCredentialsArgs(name: string, args: RegistryCredentialsArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const secretName = secretNameFor(KIND, name, a.secretName);
  const password = secretInput(KIND, name, "password", args.password);
  return { a, secretName, password };
}

/**
 * A `kubernetes.io/dockerconfigjson` Secret for one registry: what the kubelet (imagePullSecrets),
 * Kruise (ImagePullJob `pullSecrets`), Tekton (linked to the pipeline's ServiceAccount) and
 * kaniko (mounted at `/kaniko/.docker`) read. The password is kept only in the Secret.
 */
export class RegistryCredentials extends CredentialComponent {
  /** The `auths` key written, e.g. `ghcr.io`. */
  public readonly registryKey: string;

  constructor(name: string, args: RegistryCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { a, secretName, password } = checkRegistryCredentialsArgs(name, args);
    super(KIND, name, opts, (self) => ({
      namespace: a.namespace,
      secretName,
      labels: a.labels,
      type: "kubernetes.io/dockerconfigjson",
      stringData: pulumi
        .all([
          nonEmptySecret(KIND, name, "username", pulumi.output(args.username), self, colonProblem),
          nonEmptySecret(KIND, name, "password", password, self),
        ])
        .apply(([u, p]) => ({ ".dockerconfigjson": dockerConfigJson(a.registry, u, p) })),
    }));
    this.registryKey = registryKey(a.registry);
    this.registerCredentialOutputs({ registryKey: this.registryKey });
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
