export * from "./imagePullJobTypes";
export * from "./imagePullJobRules";
export * from "./imagePullJob";
export * from "./warmJobs";
export * from "./warmComponent";
export * from "./baseImageWarm";
export * from "./sidecarWarm";
export * from "./poolWarm";
