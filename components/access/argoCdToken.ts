import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseArgs, ruleIssue } from "../common/errors";
import { ARGOCD_AUTH_ANNOTATION, ARGOCD_CA_KEY, ARGOCD_ENV, argoCdOptions } from "./argoCdEnv";
import { credentialValueSchema, nonEmptySecret, secretInput } from "../common/secrets";
import {
  CredentialSecretArgs,
  credentialSecretShape,
  CredentialComponent,
  secretNameFor,
} from "./credentialSecret";

const KIND = "ArgoCdToken";

/** Username and password, for clusters where no API token can be issued. */
export interface ArgoCdLogin {
  /** Account name. Maps to `ARGOCD_USERNAME` (`argocd login --username`). */
  username: pulumi.Input<string>;
  /** Account password: a Pulumi secret. Maps to `ARGOCD_PASSWORD` (`argocd login --password`). */
  password: pulumi.Input<string>;
}

/** Args of {@link ArgoCdToken}. Give `token`, or `login` as a fallback. */
export interface ArgoCdTokenArgs extends CredentialSecretArgs {
  /**
   * Address of the Argo CD API server, `host[:port]` without scheme, e.g.
   * `argocd-server.argocd.svc:443`. TLS is always verified (no `--insecure`).
   * Maps to `ARGOCD_SERVER`.
   */
  server: string;
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
  grpcWeb?: boolean;
  /**
   * Path Argo CD is served under, e.g. `/argocd`. Adds `--grpc-web-root-path` to `ARGOCD_OPTS`.
   * @default none (served at the root)
   */
  rootPath?: string;
  /**
   * PEM certificate (the server's, or the CA that signed it) the CLI verifies the server against,
   * e.g. for the self-signed certificate an in-cluster Argo CD starts with. Kept in the Secret's
   * `ca.crt` key, which the deploy step mounts at `/etc/kruise-devops/argocd`; adds
   * `--server-crt /etc/kruise-devops/argocd/ca.crt` to `ARGOCD_OPTS`.
   * @default none (the image's CA bundle)
   */
  caCertificate?: string;
}

const SERVER = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/i;

const schema = z
  .strictObject({
    ...credentialSecretShape,
    server: z.string().refine((s) => SERVER.test(s), {
      ...ruleIssue(
        "is not an Argo CD server address",
        "ARGOCD_SERVER is host[:port]; the CLI adds the scheme itself and always uses TLS",
        'give e.g. "argocd-server.argocd.svc:443", without "https://" or a path',
      ),
    }),
    token: z.unknown().optional(),
    login: z
      .strictObject({ username: credentialValueSchema(), password: z.unknown().optional() })
      .optional(),
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

/** ArgoCdToken's args, parsed and checked before it registers anything (Platform runs it first). */
export function checkArgoCdTokenArgs(name: string, args: ArgoCdTokenArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const secretName = secretNameFor(KIND, name, a.secretName);
  const authMode: "token" | "password" = args.token !== undefined ? "token" : "password";
  const credential =
    authMode === "token"
      ? secretInput(KIND, name, "token", args.token)
      : secretInput(KIND, name, "login.password", args.login?.password);
  return { a, secretName, authMode, credential };
}

/**
 * The Argo CD credential a pipeline's deploy step reads with `envFrom`: `ARGOCD_SERVER`,
 * `ARGOCD_OPTS` and `ARGOCD_AUTH_TOKEN` (or, as a fallback, `ARGOCD_USERNAME` /
 * `ARGOCD_PASSWORD`), in one Opaque Secret annotated with how it logs in.
 */
export class ArgoCdToken extends CredentialComponent {
  /** How the Secret logs in. */
  public readonly authMode: "token" | "password";

  constructor(name: string, args: ArgoCdTokenArgs, opts?: pulumi.ComponentResourceOptions) {
    const { a, secretName, authMode, credential } = checkArgoCdTokenArgs(name, args);
    const plain = {
      [ARGOCD_ENV.server]: a.server,
      [ARGOCD_ENV.options]: argoCdOptions(a.grpcWeb, a.rootPath, a.caCertificate !== undefined),
      ...(a.caCertificate !== undefined ? { [ARGOCD_CA_KEY]: a.caCertificate } : {}),
    };
    super(KIND, name, opts, (self) => ({
      namespace: a.namespace,
      secretName,
      labels: a.labels,
      type: "Opaque",
      annotations: { [ARGOCD_AUTH_ANNOTATION]: authMode },
      stringData:
        authMode === "token"
          ? nonEmptySecret(KIND, name, "token", credential, self).apply((token) => ({
              ...plain,
              [ARGOCD_ENV.token]: token,
            }))
          : pulumi
              .all([
                nonEmptySecret(
                  KIND,
                  name,
                  "login.username",
                  pulumi.output(args.login!.username),
                  self,
                ),
                nonEmptySecret(KIND, name, "login.password", credential, self),
              ])
              .apply(([username, password]) => ({
                ...plain,
                [ARGOCD_ENV.username]: username,
                [ARGOCD_ENV.password]: password,
              })),
    }));
    this.authMode = authMode;
    this.registerCredentialOutputs({ authMode: this.authMode });
  }
}

export * from "./argoCdEnv";
