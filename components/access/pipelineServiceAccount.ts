import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { afterCheck } from "../common/inputs";
import { shortHash } from "../common/naming";
import { z } from "zod";
import { childOptions } from "../common/children";
import { ApplyError } from "../common/applyError";
import { brokenRule, parseArgs, ruleIssue } from "../common/errors";
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

/** A credential to link: any of the credential components, or a Secret's name. */
export type LinkedCredential =
  | string
  | { readonly secretName: pulumi.Output<string>; readonly namespace: pulumi.Output<string> };

/** Args of {@link PipelineServiceAccount}. */
export interface PipelineServiceAccountArgs {
  /** Namespace the pipeline runs in. Maps to `metadata.namespace`. Plain: pipelines read it at construction (`namespaceRef`). @default "default" */
  namespace?: string;
  /** Name of the ServiceAccount. Maps to `metadata.name`. Plain: the ServiceAccount's object name. @default the component's name */
  serviceAccountName?: string;
  /**
   * Git and registry credentials (GitCredentials, RegistryCredentials, or Secret names) in the
   * same namespace, linked under the ServiceAccount's `secrets`: Tekton's credential initialiser
   * writes them into each step's `$HOME`. Maps to `secrets[].name`. Plain: components, linked by their Secret names. @default none
   */
  credentials?: LinkedCredential[];
  /**
   * Secrets the kubelet uses to pull the steps' own images. Maps to `imagePullSecrets[].name`.
   * @default none
   */
  imagePullSecrets?: string[];
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
  labels?: Record<string, string>;
}

const schema = z
  .strictObject({
    namespace: namespaceSchema.default(DEFAULT_CREDENTIALS_NAMESPACE),
    serviceAccountName: objectNameSchema("ServiceAccount", "pipeline").optional(),
    credentials: z.array(z.unknown()).default([]),
    imagePullSecrets: z.array(objectNameSchema("Secret", "registry-creds")).default([]),
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
    labels: matchLabelsSchema.optional(),
  })
  .superRefine((a, ctx) => {
    a.credentials.forEach((c, i) => {
      const ok =
        (typeof c === "string" && objectNameSchema("Secret", "x").safeParse(c).success) ||
        (typeof c === "object" && c !== null && "secretName" in c && "namespace" in c);
      if (!ok) {
        ctx.addIssue({
          code: "custom",
          path: ["credentials", i],
          ...ruleIssue(
            "is not a credential",
            "a ServiceAccount's `secrets` lists Secret names in its own namespace",
            "pass a GitCredentials / RegistryCredentials, or a Secret's name",
          ),
        });
      }
    });
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

/** PipelineServiceAccount's args, parsed and checked before it registers anything (Platform runs it first). */
export function checkPipelineServiceAccountArgs(name: string, args: PipelineServiceAccountArgs) {
  const a = parseArgs(KIND, name, schema, args);
  const saName =
    a.serviceAccountName ??
    checkedObjectName(KIND, name, "ServiceAccount", "pipeline", "serviceAccountName");
  return { a, saName };
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
  /** The ServiceAccount. */
  public readonly serviceAccount: k8s.core.v1.ServiceAccount;
  /** The Roles, one per namespace that needs one. */
  public readonly roles: k8s.rbac.v1.Role[];
  /** The RoleBindings, one per Role. */
  public readonly roleBindings: k8s.rbac.v1.RoleBinding[];
  /** The rules granted, namespace → rules (for review and policy). */
  public readonly rules: ReadonlyMap<string, readonly PolicyRule[]>;
  /** Name of the ServiceAccount as a plain value, for specs that name it. */
  public readonly serviceAccountRef: string;
  /** Its namespace as a plain value. */
  public readonly namespaceRef: string;

  constructor(
    name: string,
    args: PipelineServiceAccountArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const { a, saName } = checkPipelineServiceAccountArgs(name, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const labels = componentLabels(KIND, name, a.labels);
    this.serviceAccountRef = saName;
    this.namespaceRef = a.namespace;
    const secretNames = (args.credentials ?? []).map((c) =>
      typeof c === "string" ? pulumi.output(c) : sameNamespace(this, name, a.namespace, c),
    );
    this.serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        metadata: { name: saName, namespace: a.namespace, labels },
        secrets: secretNames.map((n) => ({ name: n })),
        imagePullSecrets: a.imagePullSecrets.map((n) => ({ name: n })),
      },
      childOptions(this, opts),
    );
    // No Role or binding either when a credential is refused at apply (its Secret name fails).
    const checked = secretNames.length > 0 ? pulumi.all(secretNames) : undefined;
    this.rules = pipelineRoleRules(a.namespace, a.warm, a.deploys);
    this.roles = [];
    this.roleBindings = [];
    for (const [ns, rules] of this.rules) {
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
      rules: Object.fromEntries(this.rules),
      serviceAccountRef: this.serviceAccountRef,
      namespaceRef: this.namespaceRef,
    });
  }
}

/** The credential's Secret name, failing the deployment when it lives in another namespace. */
function sameNamespace(
  resource: pulumi.Resource,
  name: string,
  namespace: string,
  c: { secretName: pulumi.Output<string>; namespace: pulumi.Output<string> },
): pulumi.Output<string> {
  return pulumi.all([c.secretName, c.namespace]).apply(([secretName, ns]) => {
    if (ns !== namespace) {
      throw new ApplyError(
        [
          {
            component: KIND,
            name,
            path: ["credentials"],
            ...brokenRule(
              `holds Secret ${secretName} of namespace ${ns}, not ${namespace}`,
              "a ServiceAccount can only use Secrets of its own namespace",
              `create the credential with namespace: "${namespace}"`,
            ),
          },
        ],
        resource,
      );
    }
    return secretName;
  });
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
