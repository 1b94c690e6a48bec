import * as assert from "assert";
import fc from "fast-check";
import { RUNS, SEED, broken, show } from "../support/breakJson";
import { componentCases } from "../support/componentCases";
import { mockedComponents, resetRegistrations, settle } from "../support/mocks";
import { Res, registeredResources, runPack } from "../support/policyRun";
import { FetchStub, serveRelease } from "../support/tektonRelease";

const kd = mockedComponents();

/**
 * The policy pack on resources of any shape (issue 14, item 2, for the pack's validators): a
 * resource's properties reach a rule from any program, typed or not, and a rule that throws fails
 * the whole preview (the analyzer errors). Every resource every component registers, with its
 * properties broken as test/anyArgs.test.ts breaks args, goes through the whole pack (resource
 * and stack rules) among the others: the pack answers with violations or none, never an error.
 */
describe("the policy pack on resources of any shape: violations or none, never an error", function () {
  this.timeout(600_000);
  let fetchStub: FetchStub;
  let typical: Res[] = [];

  before(async () => {
    fetchStub = serveRelease();
    resetRegistrations();
    for (const c of componentCases(kd)) c.make(`props-${c.component.toLowerCase()}`, c.args());
    await settle();
    for (let i = 0; i < 20; i++) await settle();
    typical = registeredResources();
    fetchStub.restore();
    resetRegistrations();
  });

  it("starts from what every component registers", async () => {
    const types = new Set(typical.map((r) => r.type));
    assert.ok(typical.length > 50, `${typical.length} resources`);
    for (const t of ["ImagePullJob", "CloneSet", "Pipeline", "RoleBinding", "Secret"]) {
      assert.ok(
        [...types].some((x) => x.endsWith(`:${t}`)),
        `a ${t} among them`,
      );
    }
    await runPack(typical);
  });

  it("answers every broken resource without an error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .nat()
          .chain((i) =>
            broken(() => typical[i % typical.length].props).map((p) => [i, p] as const),
          ),
        async ([i, props]) => {
          const r = typical[i % typical.length];
          const resources = typical.map((x) =>
            x === r ? { ...x, props: props as Record<string, any> } : x,
          );
          try {
            await runPack(resources);
          } catch (e) {
            assert.fail(
              `${r.type} ${r.name} with props ${show(props)}: ${(e as Error)?.stack ?? e}`,
            );
          }
        },
      ),
      { numRuns: RUNS * 5, seed: SEED, endOnFailure: true },
    );
  });
});
