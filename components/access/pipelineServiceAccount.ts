import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { afterCheck, isKnown, validateNow } from "../common/inputs";
import { shortHash } from "../common/naming";
import { z } from "zod";
import { childOptions } from "../common/children";
import { ApplyError } from "../common/applyError";
import { BrokenRule, brokenRule, parseArgs, ruleIssue } from "../common/errors";
import { settledArgs, whenSettled } from "../common/settled";
import {
  checkedObjectName,
  componentLabels,
  namespaceSchema,
  objectNameSchema,
} from "../common/k8sNames";
import { matchLabelsSchema } from "../common/labelSelector";
import { DEFAULT_CREDENTIALS_NAMESPACE } from "./credentialSecret";
import { DeployTarget, DeployTargetKind, PolicyRule, pipelineRoleRules } from "./pipelineRbac";

const KIND = "PipelineServiceAccount";

/**
 * A credential to link: a Secret by name, in the ServiceAccount's namespace. Each credential
 * component (RegistryCredentials, GitCredentials) is one: pass it as is.
 */
export interface LinkedCredential {
  /** Name of the Secret. Maps to the ServiceAccount's `secrets[].name`. */
  secretName: pulumi.Input<string>;
  /**
   * Namespace of the Secret: checked (once resolved) to be the ServiceAccount's, the only one it
   * can use. @default the ServiceAccount's namespace
   */
  namespace?: pulumi.Input<string>;
}

/** Args of {@link PipelineServiceAccount}. */
export interface PipelineServiceAccountArgs {
  /** Namespace the pipeline runs in. Maps to `metadata.namespace`. Plain: pipelines read it at construction (`namespaceRef`). @default "default" */
  namespace?: string;
  /** Name of the ServiceAccount. Maps to `metadata.name`. Plain: the ServiceAccount's object name. @default the component's name */
  serviceAccountName?: string;
  /**
   * Git and registry credentials (GitCredentials, RegistryCredentials, or `{ secretName }`) in the
   * same namespace, linked under the ServiceAccount's `secrets`: Tekton's credential initialiser
   * writes them into each step's `$HOME`. Maps to `secrets[].name`. @default none
   */
  credentials?: pulumi.Input<pulumi.Input<LinkedCredential>[]>;
  /**
   * Secrets the kubelet uses to pull the steps' own images. Maps to `imagePullSecrets[].name`.
   * @default none
   */
  imagePullSecrets?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Let the warm step manage ImagePullJobs in the pipeline's namespace (create, get, list,
   * watch, delete). Maps to a Role rule on `apps.kruise.io` `imagepulljobs`. Plain: decides the warm Role and its binding. @default true
   */
  warm?: boolean;
  /**
   * The workloads the deploy step updates, each granted get/list/patch/watch on its name only.
   * A workload in another namespace gets a Role and RoleBinding there. Maps to Role rules with
   * `resourceNames`. Plain: one Role and RoleBinding per target, named from it. @default none
   */
  deploys?: DeployTarget[];
  /** Extra labels on every object. Maps to `metadata.labels`. @default none */
  labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const schema = z
  .strictObject({
    namespace: namespaceSchema.default(DEFAULT_CREDENTIALS_NAMESPACE),
    serviceAccountName: objectNameSchema("ServiceAccount", "pipeline").optional(),
    // Inputs: credentials are checked by linkProblem, the rest with settingsSchema.
    credentials: z.unknown().optional(),
    imagePullSecrets: z.unknown().optional(),
    warm: z.boolean().default(true),
    deploys: z
      .array(
        z.strictObject({
          kind: z.enum(DeployTargetKind),
          name: objectNameSchema("workload", "web"),
          namespace: namespaceSchema.optional(),
        }),
      )
      .default([]),
    labels: z.unknown().optional(),
  })
  .superRefine((a, ctx) => {
    // The credentials known now (those still Outputs are checked once resolved).
    if (Array.isArray(a.credentials)) {
      a.credentials.forEach((c, i) => {
        const problem = linkProblem(c, a.namespace);
        if (problem)
          ctx.addIssue({ code: "custom", path: ["credentials", i], ...ruleIssue(problem) });
      });
    }
    if (!a.warm && a.deploys.length === 0) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          "grants nothing (warm is false and deploys is empty)",
          "a pipeline ServiceAccount exists to run the warm and deploy steps",
          "set warm: true or list the workloads in deploys",
        ),
      });
    }
  });

/** The settings: the args that take Inputs (but the credentials), checked now or once resolved. */
const settingsSchema = z.strictObject({
  imagePullSecrets: z.array(objectNameSchema("Secret", "registry-creds")).default([]),
  labels: matchLabelsSchema.optional(),
});

const settingsOf = (args: PipelineServiceAccountArgs) => ({
  imagePullSecrets: args.imagePullSecrets,
  labels: args.labels,
});

/**
 * Why credential `c` cannot be linked to a ServiceAccount in `namespace`, or undefined; a value
 * of it that is still an Output is left to the check once it resolves.
 */
function linkProblem(c: unknown, namespace: string): BrokenRule | undefined {
  if (c === null || typeof c !== "object" || pulumi.Output.isInstance(c)) {
    return pulumi.Output.isInstance(c) ? undefined : notACredential();
  }
  const { secretName, namespace: ns } = c as Record<string, unknown>;
  if (isKnown(secretName) && !objectNameSchema("Secret", "x").safeParse(secretName).success)
    return notACredential();
  if (ns !== undefined && isKnown(ns) && ns !== namespace) {
    const secret = typeof secretName === "string" ? `Secret ${secretName}` : "a Secret";
    return brokenRule(
      `holds ${secret} of namespace ${String(ns)}, not ${namespace}`,
      "a ServiceAccount can only use Secrets of its own namespace",
      `create the credential with namespace: "${namespace}"`,
    );
  }
  return undefined;
}

const notACredential = () =>
  brokenRule(
    "is not a credential",
    "a ServiceAccount's `secrets` lists Secret names in its own namespace",
    'pass a GitCredentials / RegistryCredentials, or { secretName: "<a Secret\'s name>" }',
  );

/** PipelineServiceAccount's args, parsed and checked before it registers anything (Platform runs it first). */
export function checkPipelineServiceAccountArgs(name: string, args: PipelineServiceAccountArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const early = validateNow(KIND, name, settingsSchema, settingsOf(args));
  const saName =
    a.serviceAccountName ??
    checkedObjectName(KIND, name, "ServiceAccount", "pipeline", "serviceAccountName");
  return { a, early, saName };
}

/**
 * The ServiceAccount a pipeline runs as (`taskRunTemplate.serviceAccountName`), with exactly the
 * verbs its steps use (pipelineRbac.ts, derived from their kubectl commands): ImagePullJobs in its
 * own namespace for the warm step, and get / list / patch / watch on a named Deployment or get /
 * patch on a named CloneSet for the deploy step (a Role per namespace, bound to this
 * ServiceAccount). No ClusterRole, no ClusterRoleBinding, no access to Secrets; credentials
 * reach the steps through the `secrets` link only.
 */
export class PipelineServiceAccount extends pulumi.ComponentResource {
  /** Name of the ServiceAccount. */
  public readonly serviceAccountName: pulumi.Output<string>;
  /** Its namespace. */
  public readonly namespace: pulumi.Output<string>;
  /** The ServiceAccount, child `<name>-sa`. */
  public readonly serviceAccount: k8s.core.v1.ServiceAccount;
  /** The Roles, one per namespace that needs one (child `<name>-role-<namespace>`). */
  public readonly roles: k8s.rbac.v1.Role[];
  /** The RoleBindings, one per Role (child `<name>-binding-<namespace>`). */
  public readonly roleBindings: k8s.rbac.v1.RoleBinding[];
  /**
   * The rules granted, namespace → rules (for review, policy, and CiPipeline's check of what its
   * steps need: give this component as its `serviceAccount`).
   */
  public readonly grants: Record<string, PolicyRule[]>;
  /** Name of the ServiceAccount as a plain value, for specs that name it. */
  public readonly serviceAccountRef: string;
  /** Its namespace as a plain value. */
  public readonly namespaceRef: string;

  /** The rules granted, namespace → rules, as a Map (`grants`, in its order). */
  public get rules(): ReadonlyMap<string, readonly PolicyRule[]> {
    return new Map(Object.entries(this.grants));
  }

  constructor(
    name: string,
    args: PipelineServiceAccountArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const { a, early, saName } = checkPipelineServiceAccountArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const settings = settledArgs(KIND, name, settingsSchema, settingsOf(args), early, this);
    const labels = whenSettled(settings, (s) => componentLabels(KIND, name, s.labels));
    this.serviceAccountRef = saName;
    this.namespaceRef = a.namespace;
    const secretNames = linkedSecretNames(this, name, a.namespace, args.credentials);
    this.serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        metadata: { name: saName, namespace: a.namespace, labels },
        secrets: secretNames.apply((ns) => ns.map((n) => ({ name: n }))),
        imagePullSecrets: whenSettled(settings, (s) =>
          s.imagePullSecrets.map((n) => ({ name: n })),
        ),
      },
      childOptions(this, opts),
    );
    // No Role or binding either when a credential is refused at apply (its Secret name fails).
    const checked = args.credentials === undefined ? undefined : secretNames;
    const ruleMap = pipelineRoleRules(a.namespace, a.warm, a.deploys);
    this.grants = Object.fromEntries(ruleMap);
    this.roles = [];
    this.roleBindings = [];
    for (const [ns, rules] of ruleMap) {
      const roleName = ns === a.namespace ? saName : crossNamespaceRoleName(a.namespace, saName);
      const role = new k8s.rbac.v1.Role(
        `${name}-role-${ns}`,
        {
          metadata: afterCheck(checked, { name: roleName, namespace: ns, labels }),
          rules: [...rules],
        },
        childOptions(this, opts),
      );
      this.roles.push(role);
      this.roleBindings.push(
        new k8s.rbac.v1.RoleBinding(
          `${name}-binding-${ns}`,
          {
            metadata: { name: roleName, namespace: ns, labels },
            roleRef: {
              apiGroup: "rbac.authorization.k8s.io",
              kind: "Role",
              name: role.metadata.name,
            },
            subjects: [{ kind: "ServiceAccount", name: saName, namespace: a.namespace }],
          },
          childOptions(this, opts),
        ),
      );
    }
    this.serviceAccountName = this.serviceAccount.metadata.name;
    this.namespace = this.serviceAccount.metadata.namespace;
    this.registerOutputs({
      serviceAccountName: this.serviceAccountName,
      namespace: this.namespace,
      serviceAccount: this.serviceAccount,
      roles: this.roles,
      roleBindings: this.roleBindings,
      grants: this.grants,
      serviceAccountRef: this.serviceAccountRef,
      namespaceRef: this.namespaceRef,
      // The Map, as the record of its entries (what `grants` lists, keyed by namespace).
      rules: Object.fromEntries(this.rules),
    });
  }
}

/**
 * The Secret names of `credentials`, each checked by {@link linkProblem} once resolved: a
 * refused one fails the deployment (an ApplyError on `resource`, at `credentials[i]`).
 */
function linkedSecretNames(
  resource: pulumi.Resource,
  name: string,
  namespace: string,
  credentials: PipelineServiceAccountArgs["credentials"],
): pulumi.Output<string[]> {
  return pulumi.output(credentials ?? []).apply((cs) =>
    pulumi.all(
      (cs as unknown[]).map((c, i) => {
        const o = (c ?? {}) as Record<string, unknown>;
        const parts = [o.secretName, o.namespace] as pulumi.Input<unknown>[];
        return pulumi.all(parts).apply(([secretName, ns]) => {
          const problem = linkProblem(
            c === null || typeof c !== "object" ? c : { secretName, namespace: ns },
            namespace,
          );
          if (problem) {
            throw new ApplyError(
              [{ component: KIND, name, path: ["credentials", i], ...problem }],
              resource,
            );
          }
          return secretName as string;
        });
      }),
    ),
  );
}

/** The longest object name Kubernetes takes (a DNS-1123 subdomain). */
const NAME_MAX = 253;

/**
 * The name of the Role (and RoleBinding) a ServiceAccount gets in another namespace:
 * `<its namespace>.<its name>`. A namespace holds no '.', so no two ServiceAccounts share one
 * (with '-', `a-b` + `c` and `a` + `b-c` both gave `a-b-c`). Past 253 characters it is cut and
 * ends in a hash of both, so a cut cannot make two equal either.
 */
export function crossNamespaceRoleName(namespace: string, serviceAccount: string): string {
  const full = `${namespace}.${serviceAccount}`;
  if (full.length <= NAME_MAX) return full;
  const hash = shortHash(namespace, serviceAccount);
  const cut = full.slice(0, NAME_MAX - hash.length - 1).replace(/[-.]+$/, "");
  return `${cut}-${hash}`;
}
