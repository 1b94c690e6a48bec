import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseArgs, ruleIssue } from "../common/errors";
import { validateNow } from "../common/inputs";
import { settledArgs, whenSettled } from "../common/settled";
import { ARGOCD_AUTH_ANNOTATION, ARGOCD_CA_KEY, ARGOCD_ENV, argoCdOptions } from "./argoCdEnv";
import { credentialValueSchema, nonEmptySecret, secretInput } from "../common/secrets";
import {
  CredentialSecretArgs,
  CredentialSecretBaseArgs,
  credentialSecretShape,
  credentialSettingsShape,
  registerCredentialSecret,
  secretNameFor,
} from "./credentialSecret";

const KIND = "ArgoCdToken";

/**
 * How an ArgoCdToken's Secret logs in: with an API token, or (the fallback) with a username and
 * password. The value of the Secret's `kruise-devops.io/argocd-auth` annotation.
 */
export const ArgoCdAuthMode = {
  /** `ARGOCD_AUTH_TOKEN`: an API token. */
  Token: "token",
  /** `ARGOCD_USERNAME` / `ARGOCD_PASSWORD`: the step runs `argocd login` first. */
  Password: "password",
} as const;
export type ArgoCdAuthMode = (typeof ArgoCdAuthMode)[keyof typeof ArgoCdAuthMode];

/** Username and password, for clusters where no API token can be issued. */
export interface ArgoCdLogin {
  /** Account name. Maps to `ARGOCD_USERNAME` (`argocd login --username`). */
  username: pulumi.Input<string>;
  /** Account password: a Pulumi secret. Maps to `ARGOCD_PASSWORD` (`argocd login --password`). */
  password: pulumi.Input<string>;
}

/**
 * Args of {@link ArgoCdToken} but its namespace: what a PipelineNamespace's `argocdToken` takes,
 * the namespace being the pipeline's. Give `token`, or `login` as a fallback.
 */
export interface ArgoCdTokenBaseArgs extends CredentialSecretBaseArgs {
  /**
   * Address of the Argo CD API server, `host[:port]` without scheme, e.g.
   * `argocd-server.argocd.svc:443`. TLS is always verified (no `--insecure`).
   * Maps to `ARGOCD_SERVER`.
   */
  server: pulumi.Input<string>;
  /**
   * API token of an Argo CD account with the `apiKey` capability (`argocd account
   * generate-token`): a Pulumi secret. Maps to `ARGOCD_AUTH_TOKEN`. @default none
   */
  token?: pulumi.Input<string>;
  /**
   * Fallback when no token can be issued: the pipeline step runs `argocd login` first. A token
   * is preferred: it can be scoped to a project role and revoked alone. Plain: decides `authMode`, which pipeline steps are built for; its fields take Inputs. @default none
   */
  login?: ArgoCdLogin;
  /**
   * Talk gRPC-Web (for ingresses without HTTP/2 end to end). Adds `--grpc-web` to `ARGOCD_OPTS`.
   * @default false
   */
  grpcWeb?: pulumi.Input<boolean>;
  /**
   * Path Argo CD is served under, e.g. `/argocd`. Adds `--grpc-web-root-path` to `ARGOCD_OPTS`.
   * @default none (served at the root)
   */
  rootPath?: pulumi.Input<string>;
  /**
   * PEM certificate (the server's, or the CA that signed it) the CLI verifies the server against,
   * e.g. for the self-signed certificate an in-cluster Argo CD starts with. Kept in the Secret's
   * `ca.crt` key, which the deploy step mounts at `/etc/kruise-devops/argocd`; adds
   * `--server-crt /etc/kruise-devops/argocd/ca.crt` to `ARGOCD_OPTS`.
   * @default none (the image's CA bundle)
   */
  caCertificate?: pulumi.Input<string>;
}

/** Args of `ArgoCdToken`. Give `token`, or `login` as a fallback. */
export interface ArgoCdTokenArgs extends ArgoCdTokenBaseArgs, CredentialSecretArgs {}

const SERVER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/i;

const schema = z
  .strictObject({
    ...credentialSecretShape,
    token: z.unknown().optional(),
    login: z
      .strictObject({ username: credentialValueSchema(), password: z.unknown().optional() })
      .optional(),
    // Settings: checked with settingsSchema, now or once resolved.
    server: z.unknown(),
    grpcWeb: z.unknown().optional(),
    rootPath: z.unknown().optional(),
    caCertificate: z.unknown().optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.token === undefined) === (a.login === undefined)) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          a.token === undefined ? "has neither token nor login" : "has both token and login",
          "the argocd CLI uses ARGOCD_AUTH_TOKEN when set, so a login beside it would be dead weight",
          "give token (preferred), or login as a fallback",
        ),
      });
    }
  });

/** The settings: the args that take Inputs and are no credential. */
const settingsSchema = z.strictObject({
  ...credentialSettingsShape,
  server: z.string().refine((s) => SERVER.test(s), {
    ...ruleIssue(
      "is not an Argo CD server address",
      "ARGOCD_SERVER is host[:port]; the CLI adds the scheme itself and always uses TLS",
      'give e.g. "argocd-server.argocd.svc:443", without "https://" or a path',
    ),
  }),
  grpcWeb: z.boolean().default(false),
  caCertificate: z
    .string()
    .refine(
      (s) => /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(s),
      ruleIssue(
        "is not a PEM certificate",
        "argocd --server-crt reads PEM certificates",
        "give the certificate text, -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----",
      ),
    )
    .optional(),
  rootPath: z
    .string()
    .refine(
      (s) => /^\/[A-Za-z0-9._~\-/]*$/.test(s),
      ruleIssue(
        "is not a URL path",
        "--grpc-web-root-path is the path prefix Argo CD is served under",
        'give e.g. "/argocd"',
      ),
    )
    .optional(),
});

const settingsOf = (args: ArgoCdTokenArgs) => ({
  labels: args.labels,
  server: args.server,
  grpcWeb: args.grpcWeb,
  rootPath: args.rootPath,
  caCertificate: args.caCertificate,
});

/** ArgoCdToken's args, parsed and checked before it registers anything (Platform runs it first). */
export function checkArgoCdTokenArgs(name: string, args: ArgoCdTokenArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const early = validateNow(KIND, name, settingsSchema, settingsOf(args));
  const secretName = secretNameFor(KIND, name, a.secretName);
  const authMode: ArgoCdAuthMode =
    args.token !== undefined ? ArgoCdAuthMode.Token : ArgoCdAuthMode.Password;
  const credential =
    authMode === ArgoCdAuthMode.Token
      ? secretInput(KIND, name, "token", args.token)
      : secretInput(KIND, name, "login.password", args.login?.password);
  return { a, early, secretName, authMode, credential };
}

/**
 * The Argo CD credential a pipeline's deploy step reads with `envFrom`: `ARGOCD_SERVER`,
 * `ARGOCD_OPTS` and `ARGOCD_AUTH_TOKEN` (or, as a fallback, `ARGOCD_USERNAME` /
 * `ARGOCD_PASSWORD`), in one Opaque Secret annotated with how it logs in.
 */
export class ArgoCdToken extends pulumi.ComponentResource {
  /** Name of the Secret. */
  public readonly secretName: pulumi.Output<string>;
  /** Namespace of the Secret. */
  public readonly namespace: pulumi.Output<string>;
  /** The Secret resource, child `<name>-secret`. */
  public readonly secret: k8s.core.v1.Secret;
  /** Name of the Secret as a plain value, for specs that name it (e.g. a pipeline's params). */
  public readonly secretRef: string;
  /** How the Secret logs in: `token` with `token`, `password` with `login`. */
  public readonly authMode: ArgoCdAuthMode;

  constructor(name: string, args: ArgoCdTokenArgs, opts?: pulumi.ComponentResourceOptions) {
    const { a, early, secretName, authMode, credential } = checkArgoCdTokenArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const settings = settledArgs(KIND, name, settingsSchema, settingsOf(args), early, this);
    // The Secret's keys besides the credential: the server, the CLI's options, the CA.
    const plain = pulumi.output(
      whenSettled(settings, (s) => ({
        [ARGOCD_ENV.server]: s.server,
        [ARGOCD_ENV.options]: argoCdOptions(s.grpcWeb, s.rootPath, s.caCertificate !== undefined),
        ...(s.caCertificate !== undefined ? { [ARGOCD_CA_KEY]: s.caCertificate } : {}),
      })),
    );
    const out = registerCredentialSecret(this, opts, {
      kind: KIND,
      name,
      namespace: a.namespace,
      secretName,
      labels: whenSettled(settings, (s) => s.labels),
      type: "Opaque",
      annotations: { [ARGOCD_AUTH_ANNOTATION]: authMode },
      stringData:
        authMode === ArgoCdAuthMode.Token
          ? pulumi
              .all([nonEmptySecret(KIND, name, "token", credential, this), plain])
              .apply(([token, p]): Record<string, string> => ({ ...p, [ARGOCD_ENV.token]: token }))
          : pulumi
              .all([
                nonEmptySecret(
                  KIND,
                  name,
                  "login.username",
                  pulumi.output(args.login!.username),
                  this,
                ),
                nonEmptySecret(KIND, name, "login.password", credential, this),
                plain,
              ])
              .apply(([username, password, p]): Record<string, string> => ({
                ...p,
                [ARGOCD_ENV.username]: username,
                [ARGOCD_ENV.password]: password,
              })),
    });
    this.secretName = out.secretName;
    this.namespace = out.namespace;
    this.secret = out.secret;
    this.secretRef = out.secretRef;
    this.authMode = authMode;
    this.registerOutputs({
      secretName: this.secretName,
      namespace: this.namespace,
      secret: this.secret,
      secretRef: this.secretRef,
      authMode: this.authMode,
    });
  }
}

export * from "./argoCdEnv";
