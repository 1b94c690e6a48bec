/** Tekton Pipelines: the install, the typed v1 model, the task library and CiPipeline. */
export * from "./installConfig";
export * from "./install";
export * from "./types";
export * from "./validation";
export * from "./manifests";
export * from "./tasks";
export * from "./ciPipelinePlan";
export * from "./ciPipeline";
