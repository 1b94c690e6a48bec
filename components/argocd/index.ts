/** Argo CD: the install with Kruise health checks, and Applications. */
export * from "./healthChecks";
export * from "./adminPassword";
export * from "./values";
export * from "./install";
export * from "./applicationSpec";
export * from "./application";
