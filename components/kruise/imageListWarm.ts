import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ApplyError } from "../common/applyError";
import { childOptions } from "../common/children";
import { parseArgs, ruleIssue } from "../common/errors";
import { validateLater, validateNow } from "../common/inputs";
import { componentLabels } from "../common/k8sNames";
import { LabelSelectorArgs } from "../common/labelSelectorArgs";
import {
  ImageListPullJobManifest,
  buildImageListPullJob,
  imageListJobName,
  imageListSchema,
} from "./imageListPullJob";
import {
  checkNodeSelector,
  apiVersionSchema,
  checkSelectorExclusive,
  deadlineSecondsSchema,
  nodeSelectorSchema,
  podSelectorSchema,
} from "./imagePullJobRules";
import {
  CompletionPolicyType,
  DEFAULT_IMAGE_PULL_JOB_API_VERSION,
  ImagePullJobApiVersion,
} from "./imagePullJobTypes";
import { ImagePullJobNodeSelectorArgs } from "./imagePullJobArgs";
import { statusOf } from "./warmComponent";
import {
  ImageListPullJobStatus,
  ListWarmResult,
  listWarmFailure,
  listWarmResult,
} from "./warmOutcome";
import {
  WarmJobIdentityArgs,
  WarmTemplateArgs,
  WarmWaitArgs,
  checkSelectableCompletion,
  pulumiOwnedTtlSchema,
  selectableDeadline,
  waitSecondsFor,
  warmAnnotations,
  warmArgsShape,
  warmTemplate,
} from "./warmJobs";
import { GetterStore } from "../common/getterStore";

/** Each component's job (its getter's value; see GetterStore). */
const listJobs = new GetterStore<k8s.apiextensions.CustomResource>();

const KIND = "ImageListWarm";

/** Default `parallelism` of an ImageListWarm (per image: each image's job pulls on this many nodes at once). */
export const IMAGE_LIST_WARM_DEFAULT_PARALLELISM = 10;
/** Default `activeDeadlineSeconds` of an ImageListWarm with `completionPolicy: "Always"`. */
export const IMAGE_LIST_WARM_DEFAULT_DEADLINE_SECONDS = 1800;

/** Args of {@link ImageListWarm}. */
export interface ImageListWarmArgs extends WarmWaitArgs, WarmTemplateArgs, WarmJobIdentityArgs {
  /**
   * The images, each with a tag or digest, at most 255, none twice: one ImageListPullJob for all
   * of them, from which Kruise makes one ImagePullJob per image. Plain values.
   * Maps to `spec.images`.
   */
  images: string[];
  /**
   * Nodes by name or labels (not both). Not with `podSelector`. Maps to `spec.selector`.
   * @default none (all nodes)
   */
  nodeSelector?: pulumi.Input<ImagePullJobNodeSelectorArgs>;
  /**
   * The nodes where pods matching it (in `namespace`) run. Not with `nodeSelector`.
   * Maps to `spec.podSelector`. @default none
   */
  podSelector?: pulumi.Input<LabelSelectorArgs>;
  /**
   * `Always`: pull once and finish. `Never`: keep the images on the selected nodes, new ones
   * included, and follow edits in place. Maps to `spec.completionPolicy.type`. @default "Always"
   */
  completionPolicy?: pulumi.Input<CompletionPolicyType>;
  /**
   * `Always` only: seconds after each image's job starts at which it ends, unfinished nodes
   * counted as failed. Must be ≥ `pullPolicy.timeoutSeconds`.
   * Maps to `spec.completionPolicy.activeDeadlineSeconds` (copied into every child job).
   * @default 1800 with "Always"; none with "Never"
   */
  activeDeadlineSeconds?: pulumi.Input<number>;
  /**
   * Nodes pulling each image at once (0 pauses). The images' jobs run side by side, so up to
   * `parallelism` × images pulls run at once. A whole number (its decimal string, as some config sources give it, is read the same). Maps to `spec.parallelism`.
   * @default 10
   */
  parallelism?: pulumi.Input<number>;
}

/** `plan` on a list warm: refused with the reason. */
const noPlanSchema = z
  .unknown()
  .optional()
  .superRefine((plan, ctx) => {
    if (plan !== undefined) {
      ctx.addIssue({
        code: "custom",
        ...ruleIssue(
          "is not modelled for a list warm",
          "Kruise runs the jobs of all the list's images at once, sharing kruise-manager's client budget, which the planner (one image's job) does not model",
          "drop plan, or warm the images with SidecarWarm or PoolWarm, whose jobs are planned one by one",
        ),
      });
    }
  });

/** The schema of {@link ImageListWarmArgs}. */
export const imageListWarmArgsSchema = z
  .strictObject({
    ...warmArgsShape(IMAGE_LIST_WARM_DEFAULT_PARALLELISM),
    images: imageListSchema,
    plan: noPlanSchema,
    nodeSelector: nodeSelectorSchema.optional(),
    podSelector: podSelectorSchema.optional(),
    completionPolicy: z.string().default(CompletionPolicyType.Always),
    activeDeadlineSeconds: deadlineSecondsSchema.optional(),
    waitForCompletion: z.boolean().default(false),
    ttlSecondsAfterFinished: pulumiOwnedTtlSchema,
  })
  .superRefine((a, ctx) => {
    checkNodeSelector(ctx, a.nodeSelector, ["nodeSelector"]);
    checkSelectorExclusive(ctx, a.nodeSelector !== undefined, a.podSelector !== undefined, [
      "podSelector",
    ]);
    checkSelectableCompletion(ctx, a, listDeadline(a), {
      warm: "a list warm",
      object: "ImageListPullJob",
    });
  });

type ParsedArgs = z.output<typeof imageListWarmArgsSchema>;

/** The deadline the list job gets: the default applies to `Always` only. */
function listDeadline(a: {
  completionPolicy: string;
  activeDeadlineSeconds?: number;
}): number | undefined {
  return selectableDeadline(a, IMAGE_LIST_WARM_DEFAULT_DEADLINE_SECONDS);
}

/** The ImageListPullJob of an ImageListWarm's parsed args. Pure. */
export function imageListWarmManifest(name: string, a: ParsedArgs): ImageListPullJobManifest {
  const deadline = listDeadline(a);
  const shape = {
    selector: a.nodeSelector,
    podSelector: a.podSelector,
    completionPolicy: {
      type: a.completionPolicy as CompletionPolicyType,
      ...(deadline === undefined ? {} : { activeDeadlineSeconds: deadline }),
    },
    waitSeconds: deadline === undefined ? undefined : waitSecondsFor(a.waitForCompletion, deadline),
  };
  const apiVersion = a.apiVersion as ImagePullJobApiVersion;
  const spec = { images: a.images, ...warmTemplate(a, shape) };
  return buildImageListPullJob(
    {
      apiVersion,
      name: imageListJobName({ kind: KIND, name }, apiVersion, spec),
      namespace: a.namespace,
      labels: componentLabels(KIND, name, a.labels),
      annotations: warmAnnotations(shape, undefined),
    },
    spec,
  );
}

/** The arg that gives the list job's resource type, checked before anything else. */
const listApiVersionSchema = z.looseObject({
  apiVersion: apiVersionSchema.default(DEFAULT_IMAGE_PULL_JOB_API_VERSION),
});

/**
 * Warms many images in one Kruise ImageListPullJob (up to 255), from which Kruise makes one
 * ImagePullJob per image, with the same selector, parallelism and policies. Needs Kruise's
 * `KruiseDaemon` and `ImagePullJobGate` feature gates (Kruise 1.8 and later).
 *
 * Lifecycle: with `Always` (the default) the list job pulls once and finishes; it stays as the
 * record of the warm (no `ttlSecondsAfterFinished`). Since Kruise acts on no edit after that, any
 * change of the args names a new list job, created (and waited for) before the old one, and its
 * children, are deleted. With `Never` the list job keeps the images on the nodes, new nodes
 * included, and is edited in place: Kruise adds and removes images' jobs, and re-creates them all
 * when the template changes. With `waitForCompletion` the `up` fails when any image missed any
 * selected node (Kruise's list status counts images, not nodes: no `maxFailedNodes` here).
 */
export class ImageListWarm extends pulumi.ComponentResource {
  /** Namespace of the list job. */
  public readonly namespace: pulumi.Output<string>;
  /** The ImageListPullJob's `metadata.name`; Kruise names its ImagePullJobs `<jobName>-<random>`. */
  public readonly jobName: pulumi.Output<string>;
  /**
   * With `waitForCompletion`: the finished list job's counts (images, succeeded, the images some
   * node failed with their ImagePullJobs). Resolving it fails the `up` when any image missed a
   * node. Undefined when nothing waits.
   */
  public readonly warmResult: pulumi.Output<ListWarmResult | undefined>;

  /**
   * The ImageListPullJob resource: depend on it. A getter, for TypeScript programs (Pulumi's
   * schema has no type for a custom resource); other languages read `jobName`.
   */
  public get job(): k8s.apiextensions.CustomResource {
    return listJobs.get(this);
  }

  constructor(name: string, args: ImageListWarmArgs, opts?: pulumi.ComponentResourceOptions) {
    // The resource type comes from apiVersion, a plain arg: checked first, whatever else is known.
    const { apiVersion } = parseArgs(KIND, name, listApiVersionSchema, args);
    const early = validateNow(KIND, name, imageListWarmArgsSchema, args);
    super(`kruise-devops:index:${KIND}`, name, {}, opts);
    const parsed =
      early === undefined
        ? validateLater(KIND, name, imageListWarmArgsSchema, args, this)
        : undefined;
    const manifest = parsed
      ? parsed.apply((a) => imageListWarmManifest(name, a))
      : imageListWarmManifest(name, early!);
    const mayWait = parsed !== undefined || early!.waitForCompletion;
    const { metadata, spec } = pulumi.Output.isInstance(manifest)
      ? { metadata: manifest.metadata, spec: manifest.spec }
      : manifest;
    const job = listJobs.set(
      this,
      new k8s.apiextensions.CustomResource(
        name,
        {
          apiVersion,
          kind: "ImageListPullJob",
          metadata,
          spec,
          // Not sent, but read back: the list's counts once `up` has waited.
          ...(mayWait ? { status: undefined } : {}),
        },
        childOptions(this, opts),
      ),
    );
    this.namespace = job.metadata.apply((m) => m.namespace as string);
    this.jobName = job.metadata.apply((m) => m.name as string);
    const waits = parsed
      ? parsed.apply((a) => a.waitForCompletion)
      : pulumi.output(early!.waitForCompletion);
    const status = statusOf<ImageListPullJobStatus>(job);
    this.warmResult = mayWait
      ? pulumi.all([waits, job.metadata, status, job.urn]).apply(([wait, meta, st, urn]) => {
          if (!wait) return undefined;
          const result = listWarmResult(meta.name as string, st);
          const failure =
            result &&
            listWarmFailure({ kind: KIND, name, namespace: meta.namespace as string, urn }, result);
          if (failure) throw new ApplyError([failure], job, true);
          return result;
        })
      : pulumi.output<ListWarmResult | undefined>(undefined);
    this.registerOutputs({
      namespace: this.namespace,
      jobName: this.jobName,
      job,
      warmResult: this.warmResult,
    });
  }
}
