import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseArgs, ruleIssue } from "../common/errors";
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

const KIND = "GitCredentials";

/** The annotation Tekton's credential initialiser matches a Secret to a Git host by. */
export const TEKTON_GIT_ANNOTATION = "tekton.dev/git-0";

/** HTTPS login: a user and a password or (better) an access token. */
export interface GitBasicAuth {
  /** Login name. Maps to the Secret's `username` key. */
  username: pulumi.Input<string>;
  /** Password or access token: a Pulumi secret; plain strings are rejected. Maps to `password`. */
  password: pulumi.Input<string>;
}

/** SSH login with a private key, the server's host keys pinned. */
export interface GitSshAuth {
  /** The private key (PEM / OpenSSH): a Pulumi secret. Maps to the Secret's `ssh-privatekey` key. */
  privateKey: pulumi.Input<string>;
  /**
   * The server's host keys, in `known_hosts` format (`ssh-keyscan <host>`, checked out of band).
   * Required: without it SSH would trust whatever answers. Checked (once resolved) to hold a key
   * for `host`. Maps to the Secret's `known_hosts` key.
   */
  knownHosts: pulumi.Input<string>;
}

/**
 * Args of {@link GitCredentials} but its namespace: what a PipelineNamespace's (or Platform's)
 * `git` takes, the namespace being the pipeline's. Give exactly one of `basicAuth` and `ssh`.
 */
export interface GitCredentialsBaseArgs extends CredentialSecretBaseArgs {
  /**
   * The Git server, `github.com` or `git.example.com:7999`. Maps to the `tekton.dev/git-0`
   * annotation: `https://<host>` for basic auth, `<host>` for SSH.
   */
  host: pulumi.Input<string>;
  /** HTTPS credentials: a `kubernetes.io/basic-auth` Secret. Plain: decides the Secret's type; its fields take Inputs. @default none */
  basicAuth?: GitBasicAuth;
  /** SSH credentials: a `kubernetes.io/ssh-auth` Secret. Plain: decides the Secret's type; its private key takes an Input. @default none */
  ssh?: GitSshAuth;
}

/** Args of {@link GitCredentials}. Give exactly one of `basicAuth` and `ssh`. */
export interface GitCredentialsArgs extends GitCredentialsBaseArgs, CredentialSecretArgs {}

const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:\d{1,5})?$/i;

/**
 * OpenSSH's host-pattern match (`match_pattern`): `*` and `?` wildcards, case-insensitive; a
 * negated pattern (`!host`) never pins a host.
 */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern.startsWith("!")) return false;
  const re = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`).test(host.toLowerCase());
}

/** Why `knownHosts` cannot pin `host`, or undefined when it can. */
export function knownHostsError(host: string, knownHosts: string): string | undefined {
  const lines = knownHosts
    .split("\n")
    .map((l, i) => [i + 1, l.trim()] as const)
    .filter(([, l]) => l !== "" && !l.startsWith("#"));
  if (lines.length === 0) return "holds no host key";
  const [name, port] = host.split(":");
  const wanted = port === undefined || port === "22" ? name : `[${name}]:${port}`;
  let hashed = false;
  for (const [n, line] of lines) {
    const fields = line.split(/\s+/);
    const entry = fields[0].startsWith("@") ? fields.slice(1) : fields;
    if (entry.length < 3) return `line ${n} is not "<hosts> <key-type> <base64-key>"`;
    // A revoked key must never be accepted: it pins nothing.
    if (fields[0] === "@revoked") continue;
    if (entry[0].startsWith("|1|")) hashed = true;
    else if (entry[0].split(",").some((pattern) => hostMatches(pattern, wanted))) return undefined;
  }
  return hashed ? undefined : `has no key for ${wanted}`;
}

const schema = z
  .strictObject({
    ...credentialSecretShape,
    // Settings: checked with settingsSchema, now or once resolved.
    host: z.unknown(),
    basicAuth: z
      .strictObject({ username: credentialValueSchema(), password: z.unknown().optional() })
      .optional(),
    ssh: z.strictObject({ privateKey: z.unknown().optional(), knownHosts: z.unknown() }).optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.basicAuth === undefined) === (a.ssh === undefined)) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          a.ssh ? "has both basicAuth and ssh" : "has neither basicAuth nor ssh",
          "one Secret holds one Tekton credential type (kubernetes.io/basic-auth or kubernetes.io/ssh-auth)",
          "give exactly one; make a second GitCredentials for the other",
        ),
      });
    }
  });

/** The settings: the args that take Inputs and are no credential, at their args' paths. */
const settingsSchema = z
  .strictObject({
    ...credentialSettingsShape,
    host: z.string().refine((h) => HOST.test(h), {
      ...ruleIssue(
        "is not a Git host",
        "tekton.dev/git-0 names a host[:port] that Tekton matches against the clone URL",
        'give e.g. "github.com" or "git.example.com:7999", without scheme or path',
      ),
    }),
    ssh: z.strictObject({ knownHosts: z.string() }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.ssh) {
      const why = knownHostsError(a.host, a.ssh.knownHosts);
      if (why) {
        ctx.addIssue({
          code: "custom",
          path: ["ssh", "knownHosts"],
          ...ruleIssue(
            why,
            `SSH must verify ${a.host}'s host key, and Tekton writes known_hosts from this key`,
            `add the output of \`ssh-keyscan ${a.host.replace(/:(\d+)$/, " -p $1")}\` after checking its fingerprint`,
          ),
        });
      }
    }
  });

const settingsOf = (args: GitCredentialsArgs) => ({
  labels: args.labels,
  host: args.host,
  ...(args.ssh && { ssh: { knownHosts: args.ssh.knownHosts } }),
});

/** GitCredentials' args, parsed and checked before it registers anything (Platform runs it first). */
export function checkGitCredentialsArgs(name: string, args: GitCredentialsArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const early = validateNow(KIND, name, settingsSchema, settingsOf(args));
  const secretName = secretNameFor(KIND, name, a.secretName);
  const secret = args.ssh
    ? secretInput(KIND, name, "ssh.privateKey", args.ssh.privateKey)
    : secretInput(KIND, name, "basicAuth.password", args.basicAuth?.password);
  return { a, early, secretName, secret };
}

/**
 * Git credentials for Tekton: a `kubernetes.io/basic-auth` or `kubernetes.io/ssh-auth` Secret
 * annotated `tekton.dev/git-0`, which Tekton's credential initialiser writes into every step's
 * `$HOME` once the Secret is linked to the run's ServiceAccount (see PipelineServiceAccount).
 */
export class GitCredentials extends pulumi.ComponentResource {
  /** Name of the Secret. */
  public readonly secretName: pulumi.Output<string>;
  /** Namespace of the Secret. */
  public readonly namespace: pulumi.Output<string>;
  /** The Secret resource, child `<name>-secret`. */
  public readonly secret: k8s.core.v1.Secret;
  /** Name of the Secret as a plain value, for specs that name it (e.g. a pipeline's params). */
  public readonly secretRef: string;

  constructor(name: string, args: GitCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { a, early, secretName, secret } = checkGitCredentialsArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const settings = settledArgs(KIND, name, settingsSchema, settingsOf(args), early, this);
    const ssh = args.ssh !== undefined;
    const out = registerCredentialSecret(this, opts, {
      kind: KIND,
      name,
      namespace: a.namespace,
      secretName,
      labels: whenSettled(settings, (s) => s.labels),
      type: ssh ? "kubernetes.io/ssh-auth" : "kubernetes.io/basic-auth",
      annotations: whenSettled(settings, (s) => ({
        [TEKTON_GIT_ANNOTATION]: ssh ? s.host : `https://${s.host}`,
      })),
      stringData: ssh
        ? pulumi
            .all([nonEmptySecret(KIND, name, "ssh.privateKey", secret, this), settings])
            .apply(([key, s]) => ({
              "ssh-privatekey": key.endsWith("\n") ? key : `${key}\n`,
              known_hosts: s.ssh!.knownHosts,
            }))
        : pulumi
            .all([
              nonEmptySecret(
                KIND,
                name,
                "basicAuth.username",
                pulumi.output(args.basicAuth!.username),
                this,
              ),
              nonEmptySecret(KIND, name, "basicAuth.password", secret, this),
            ])
            .apply(([username, password]) => ({ username, password })),
    });
    this.secretName = out.secretName;
    this.namespace = out.namespace;
    this.secret = out.secret;
    this.secretRef = out.secretRef;
    this.registerOutputs({
      secretName: this.secretName,
      namespace: this.namespace,
      secret: this.secret,
      secretRef: this.secretRef,
    });
  }
}
