import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { MIRROR_LAYOUT } from "../../stacks/mirror";
import { UPSTREAM } from "./crdSchema";

/**
 * The Tekton Pipelines manifests of the mirror (`config/` of the release's source), at
 * `TEKTON_PIPELINES.testedVersion` (v1.15.0).
 */
export const TEKTON_CONFIG = path.join(UPSTREAM, MIRROR_LAYOUT.tekton);

/** The URL of the official release manifest of `version`. */
export const releaseUrl = (version: string): string =>
  `https://infra.tekton.dev/tekton-releases/pipeline/previous/${version}/release.yaml`;

/** The files of the mirror that {@link smallRelease} is made of, relative to {@link TEKTON_CONFIG}. */
export const SMALL_RELEASE_FILES = [
  path.join("300-crds", "300-task.yaml"),
  "config-feature-flags.yaml",
  "config-defaults.yaml",
];

/**
 * A small `release.yaml` made of the mirror's files: the Task CRD and the `feature-flags` and
 * `config-defaults` ConfigMaps, one YAML stream as the release is.
 */
export function smallRelease(): string {
  return SMALL_RELEASE_FILES.map((f) => fs.readFileSync(path.join(TEKTON_CONFIG, f), "utf8")).join(
    "\n---\n",
  );
}

/** A stubbed `globalThis.fetch`: the URLs it was asked for, and how to put the real one back. */
export interface FetchStub {
  readonly urls: string[];
  restore(): void;
}

/**
 * Replaces `globalThis.fetch` with `respond` (unit tests never reach the network) until
 * `restore()`; records every URL asked for.
 */
export function stubFetch(respond: (url: string) => Response | Promise<Response>): FetchStub {
  const original = globalThis.fetch;
  const urls: string[] = [];
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    urls.push(url);
    return respond(url);
  }) as typeof fetch;
  return {
    urls,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}

/** Stubs `fetch` to answer every URL with `text` (by default {@link smallRelease}), HTTP 200. */
export function serveRelease(text: string = smallRelease()): FetchStub {
  return stubFetch(() => new Response(text, { status: 200 }));
}

/** A manifest object. */
export type Obj = Record<string, any>;

/** A ConfigMap of the upstream release's config/, as its file holds it. */
export function configMap(file: string): {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  data: Record<string, string>;
} {
  return yaml.load(fs.readFileSync(path.join(TEKTON_CONFIG, file), "utf8")) as never;
}

/** `kind/namespace/name` of each object, in order. */
export const ids = (objs: Obj[]): string[] =>
  objs.map((o) => [o.kind, o.metadata?.namespace, o.metadata?.name].filter(Boolean).join("/"));
