/**
 * The Kubernetes objects a stack holds (from its exported state), and which of them a destroy
 * left in the cluster.
 */
import { get } from "./cluster";

/** Plurals of the kinds whose leftovers matter. */
export const PLURALS: Record<string, string> = {
  ImagePullJob: "imagepulljobs",
  ImageListPullJob: "imagelistpulljobs",
  Task: "tasks",
  Pipeline: "pipelines",
  PipelineRun: "pipelineruns",
  Application: "applications",
  CloneSet: "clonesets",
  Secret: "secrets",
  ServiceAccount: "serviceaccounts",
  Role: "roles",
  RoleBinding: "rolebindings",
  ClusterRole: "clusterroles",
  ClusterRoleBinding: "clusterrolebindings",
};

/** A Kubernetes object of a stack. */
export interface Obj {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The Kubernetes objects a stack export holds, from each resource's outputs. */
export function objectsOf(deployment: any): Obj[] {
  return (deployment.resources ?? [])
    .filter((r: any) => r.custom && r.type.startsWith("kubernetes:") && r.outputs?.metadata)
    .map((r: any) => ({
      apiVersion: r.outputs.apiVersion,
      kind: r.outputs.kind,
      name: r.outputs.metadata.name,
      namespace: r.outputs.metadata.namespace,
    }));
}

/** Those of `objects` whose kind is in {@link PLURALS}. */
export function watched(objects: Obj[]): Obj[] {
  return objects.filter((o) => PLURALS[o.kind] !== undefined);
}

/** `Kind ns/name` of each of `objects` still in the cluster. */
export async function leftovers(objects: Obj[]): Promise<string[]> {
  const left: string[] = [];
  for (const o of objects) {
    if (await get(o.apiVersion, PLURALS[o.kind], o.name, o.namespace)) {
      left.push(`${o.kind} ${o.namespace ?? ""}/${o.name}`);
    }
  }
  return left;
}
