/**
 * `kruise-devops/testing`: test a Pulumi program against the kruise-devops policy pack, in mocha
 * or any runner that awaits a promise.
 *
 * ```ts
 * const { violations } = await runPolicies(() => { new BaseImageWarm("base", { images: [...] }); });
 * assert.deepStrictEqual(violations, []);
 * ```
 */
export { ENFORCEMENT_LEVELS } from "./packConfig";
export type { EnforcementLevel, PolicyPackConfig } from "./packConfig";
export type { NotApplicable, PolicyViolation } from "./evaluate";
export type { ProviderMocks } from "./mockedProgram";
export { runPolicies } from "./runPolicies";
export type { PolicyRun, PolicyRunOptions, RegisteredResource } from "./runPolicies";
export { projectStack, stackConfigFromFile } from "./stackConfig";
export type { ProjectStack, StackConfig } from "./stackConfig";
