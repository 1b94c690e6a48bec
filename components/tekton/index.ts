/** Tekton Pipelines: the install. */
export * from "./installConfig";
export * from "./install";
