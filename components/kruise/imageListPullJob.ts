/**
 * The Kruise ImageListPullJob: many images in one object, with the ImagePullJob template
 * (apis/apps/v1alpha1/imagelistpulljob_types.go, v1.8.3; v1beta1 too from 1.9). Its controller
 * (pkg/controller/imagelistpulljob, v1.8.3) makes one child ImagePullJob per image, named
 * `<list job>-<5 random characters>` (generateName), owned by the list job, each with the whole
 * template. Until the list job completes it follows edits: a new image gets a child, a removed
 * image's child is deleted, and a template change deletes every child and creates it again (the
 * children carry a hash of the template). Once `status.completionTime` is set it acts on nothing.
 * The builder, the list's webhook rules that the ImagePullJob ones do not already cover, and the
 * object's name. Pure.
 */
import { ruleIssue } from "../common/errors";
import { derivedName } from "../common/naming";
import { sortedValues } from "../common/values";
import { ImagePullJobMeta, jobMetadata } from "./imagePullJob";
import { imagesSchema } from "./imagePullJobRules";
import {
  CompletionPolicyType,
  ImagePullJobApiVersion,
  ImagePullJobManifest,
  ResolvedImagePullJobSpec,
} from "./imagePullJobTypes";
import { WarmOwner } from "./warmIdentity";

/** Kruise's cap on `spec.images` (its webhook: "the maximum number of images cannot > 255"). */
export const IMAGE_LIST_MAX_IMAGES = 255;

/** Characters of the random suffix Kruise's generateName adds to each child ImagePullJob. */
const CHILD_SUFFIX = "-xxxxx".length;

/** The resolved spec of an ImageListPullJob: the images and the ImagePullJob template. */
export type ResolvedImageListPullJobSpec = Omit<ResolvedImagePullJobSpec, "image"> & {
  images: string[];
};

/** An ImageListPullJob object as sent to the API server. */
export interface ImageListPullJobManifest {
  apiVersion: ImagePullJobApiVersion;
  kind: "ImageListPullJob";
  metadata: ImagePullJobManifest["metadata"];
  spec: ResolvedImageListPullJobSpec;
}

/**
 * `spec.images`: the ImagePullJob image rules on each (pinned, parsable, no repeats; Kruise's list
 * webhook: "images cannot have duplicate values"), and at most 255.
 */
export const imageListSchema = imagesSchema(true).superRefine((images, ctx) => {
  if (images.length > IMAGE_LIST_MAX_IMAGES) {
    ctx.addIssue({
      code: "custom",
      ...ruleIssue(
        `has ${images.length} images`,
        `Kruise's ImageListPullJob webhook: "the maximum number of images cannot > ${IMAGE_LIST_MAX_IMAGES}"`,
        `split the list into warms of at most ${IMAGE_LIST_MAX_IMAGES} images`,
      ),
    });
  }
});

/** The ImageListPullJob manifest for a resolved spec (`meta.name`: {@link imageListJobName}). */
export function buildImageListPullJob(
  meta: ImagePullJobMeta,
  spec: ResolvedImageListPullJobSpec,
): ImageListPullJobManifest {
  return {
    apiVersion: meta.apiVersion,
    kind: "ImageListPullJob",
    metadata: jobMetadata(meta),
    spec,
  };
}

/**
 * What makes a list warm a new object. A `Never` list job never completes, and its controller
 * applies every edit (images added or removed, a new template re-creating the children), so it
 * is edited in place under one name. An `Always` list job acts on nothing once complete, so every
 * field is its identity: an edit names a new object, created (and waited for) before the old one
 * is deleted.
 */
export function listIdentityOf(spec: ResolvedImageListPullJobSpec): object {
  return spec.completionPolicy.type === CompletionPolicyType.Never ? {} : spec;
}

/**
 * The object name of a list warm: `<name>-<hash>`, the hash over the owner, the API version and
 * the spec's identity ({@link listIdentityOf}). At most 57 characters, so the children Kruise
 * names after it (`<name>-<5 characters>`) stay DNS-1123 labels.
 */
export function imageListJobName(
  owner: WarmOwner,
  apiVersion: ImagePullJobApiVersion,
  spec: ResolvedImageListPullJobSpec,
): string {
  return derivedName(
    owner.name,
    [owner.kind, owner.name, apiVersion, JSON.stringify(sortedValues(listIdentityOf(spec)))],
    63 - CHILD_SUFFIX,
  );
}
