import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import fc from "fast-check";
import { ApplyError } from "../components/common/applyError";
import { ArgsError } from "../components/common/errors";
import { assertRuleParts } from "./support/expect";
import { collectingRejections } from "../policy/testing/mockedProgram";
import { mockedComponents, registered, resetRegistrations, settle } from "./support/mocks";
import { FetchStub, serveRelease } from "./support/tektonRelease";
import { componentCases } from "./support/componentCases";
import { RUNS, SEED, broken, isContainer, show } from "./support/breakJson";

const kd = mockedComponents();

/**
 * Any JSON value as a component's args (issue 14, item 2): arguments come from JavaScript, YAML
 * and stack config as well as from TypeScript, so a component must answer any value outside its
 * types with its own message, never a TypeError. For every public component, fast-check takes
 * typical args and breaks them: a value anywhere in them replaced by arbitrary JSON (or
 * `undefined`), a key deleted, an unknown key added (`__proto__` among them, as `JSON.parse` and
 * YAML make it: an own property); and whole args of any JSON. Each result must be either
 *
 * - rejected at construction with an Error whose every line is `<Component> '<name>': args<path>
 *   <what> — <rule>; <fix>`, and nothing registered (not even the component); or
 * - accepted, registering the component, and whatever fails later (a value checked at apply time)
 *   failing the same way.
 *
 * The seed is fixed so that `npm test` is deterministic; `KD_ANY_ARGS_SEED` and
 * `KD_ANY_ARGS_RUNS` explore further (a failure prints the seed and path that reproduce it).
 */

const NGINX = "docker.io/library/nginx:1.27.3";

const CASES = componentCases(kd);

// ----------------------------------------------------------------------------------------------
// Breaking args

// ----------------------------------------------------------------------------------------------
// What an answer must look like

/** One line of a component's error: `<Component> '<name>': args<path> <what> — <rule>; <fix>`. */
const LINE = /^[A-Z][A-Za-z]+ '[^']*': args(\.|\[|\s|$)[^\n]* — [^\n]*; [^\n]+$/;

/**
 * What the Node SDK puts before an error thrown while it serializes a resource's inputs (an
 * apply-time check fails there), as the engine then prints it.
 */
const SERIALIZING = /^(error serializing property "[^"]*": )+/;

/**
 * Throws unless `e` is an error of ours, its problems as data (each with its what, rule and fix)
 * and its message in the format: at construction an ArgsError, at apply time an ApplyError (a
 * ResourceError, as `validateLater` throws it).
 */
function assertOurError(e: unknown, when: string, atApply: boolean): void {
  assert.ok(e instanceof Error, `${when}: threw a non-Error ${String(e)}`);
  const expected: Function = atApply ? ApplyError : ArgsError;
  assert.ok(
    e.constructor === expected,
    `${when}: threw a ${e.constructor.name}: ${e.message}\n${e.stack}`,
  );
  assertRuleParts(e, when);
  const message = atApply ? e.message.replace(SERIALIZING, "") : e.message;
  for (const line of message.split("\n")) {
    assert.match(line, LINE, `${when}: a line not in the message format:\n${e.message}`);
  }
}

// ----------------------------------------------------------------------------------------------
// The public pure builders that check what they are given

/**
 * A pure builder of the package and a typical input (any JSON may replace any part of it; the
 * object metadata, which the components derive from their names, stays as it is).
 */
interface BuilderCase {
  builder: string;
  run(input: any): unknown;
  input(): Record<string, unknown>;
}

const META = { name: "web", namespace: "ci" };
const TASK = {
  params: [{ name: "image", default: "docker.io/library/alpine:3.20" }],
  workspaces: [{ name: "source" }],
  results: [{ name: "digest" }],
  steps: [
    {
      name: "build",
      image: "$(params.image)",
      script: "#!/bin/sh\necho $(workspaces.source.path) > $(results.digest.path)",
      env: [{ name: "MODE", value: "ci" }],
      volumeMounts: [{ name: "cache", mountPath: "/cache" }],
    },
  ],
  volumes: [{ name: "cache", emptyDir: {} }],
};
const PIPELINE = {
  params: [{ name: "image" }],
  workspaces: [{ name: "shared" }],
  tasks: [
    {
      name: "build",
      taskRef: { name: "build" },
      params: [{ name: "image", value: "$(params.image)" }],
      workspaces: [{ name: "source", workspace: "shared" }],
    },
    {
      name: "report",
      runAfter: ["build"],
      when: [{ input: "$(tasks.build.results.digest)", operator: "notin", values: [""] }],
      taskSpec: {
        steps: [{ name: "say", image: "docker.io/library/alpine:3.20", script: "echo ok" }],
      },
    },
  ],
};

const BUILDERS: BuilderCase[] = [
  {
    builder: "taskManifest",
    run: (i) => kd.taskManifest("CiPipeline", META, i.spec),
    input: () => ({ spec: TASK }),
  },
  {
    builder: "pipelineManifest",
    run: (i) => kd.pipelineManifest("CiPipeline", META, i.spec, i.tasks),
    input: () => ({ spec: PIPELINE, tasks: { build: TASK } }),
  },
  {
    builder: "pipelineRunManifest",
    run: (i) => kd.pipelineRunManifest("CiPipeline", META, i.spec, i.pipeline),
    input: () => ({
      spec: {
        pipelineRef: { name: "web" },
        params: [{ name: "image", value: "ghcr.io/acme/web:1.0.0" }],
        workspaces: [{ name: "shared", emptyDir: {} }],
        taskRunTemplate: { serviceAccountName: "pipeline" },
        timeouts: { pipeline: "1h0m0s" },
      },
      pipeline: PIPELINE,
    }),
  },
  {
    builder: "resolveImagePullJobSpec",
    run: (i) => kd.resolveImagePullJobSpec("BaseImageWarm", "base", i.spec),
    input: () => ({
      spec: {
        image: NGINX,
        parallelism: 10,
        selector: { matchLabels: { pool: "web" } },
        completionPolicy: { type: "Always", activeDeadlineSeconds: 1200 },
        pullPolicy: { timeoutSeconds: 300, backoffLimit: 3 },
      },
    }),
  },
];

/** One line of a builder's error: `<Component> '<name>': <where> <what> — <rule>; <fix>`. */
const BUILDER_LINE = /^[A-Z][A-Za-z]+ '[^']*': [^\n]* — [^\n]*; [^\n]+$/;

describe("any JSON value as a component's args: accepted, or rejected with a message and nothing registered", function () {
  this.timeout(600_000);
  let fetchStub: FetchStub;
  beforeEach(() => {
    fetchStub = serveRelease();
  });
  afterEach(() => fetchStub.restore());
  // Accepted args leave work in flight (a Tekton release decoded, charts read): let it land here,
  // not in the next test file's registrations.
  after(async () => {
    for (let quiet = 0, last = -1; quiet < 10;) {
      await new Promise((r) => setTimeout(r, 50));
      quiet = registered.length === last ? quiet + 1 : 0;
      last = registered.length;
    }
    resetRegistrations();
  });

  it("covers every public component", () => {
    const classes = Object.entries(kd)
      .filter(([, v]) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource)
      .map(([k]) => k);
    assert.strictEqual(classes.length, 17);
    assert.deepStrictEqual(CASES.map((c) => c.component).sort(), classes.sort());
  });

  it("takes every component's typical args as they are", async () => {
    assert.strictEqual(CASES.length, 17);
    for (const c of CASES) {
      resetRegistrations();
      const name = `typical-${c.component.toLowerCase()}`;
      const { rejections } = await collectingRejections(async () => {
        c.make(name, c.args());
        await settle();
      });
      assert.deepStrictEqual(rejections, [], c.component);
      assert.ok(
        registered.some((r) => r.name === name),
        `${c.component} registered`,
      );
    }
  });

  for (const c of CASES) {
    it(`${c.component}`, async () => {
      let accepted = 0;
      let rejected = 0;
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          broken(() => c.args()),
          async (args) => {
            const name = `any-${c.component.toLowerCase()}-${n++}`;
            await settle();
            resetRegistrations();
            const { rejections } = await collectingRejections(async () => {
              let threw: unknown;
              try {
                c.make(name, args);
              } catch (e) {
                threw = e;
              }
              await settle();
              if (threw !== undefined) {
                rejected++;
                assertOurError(threw, `args ${show(args)}`, false);
                assert.deepStrictEqual(
                  registered.map((r) => `${r.type} ${r.name}`),
                  [],
                  `rejected, yet registered (args ${show(args)})`,
                );
              } else {
                accepted++;
                assert.ok(
                  registered.some((r) => r.name === name),
                  `accepted, yet ${c.component} '${name}' was not registered`,
                );
              }
            });
            for (const r of rejections)
              assertOurError(r, `at apply time, args ${show(args)}`, true);
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      assert.strictEqual(accepted + rejected, n, "every run answered");
      assert.ok(rejected > 0, "no run was rejected: the mutations break nothing");
    });
  }

  for (const b of BUILDERS) {
    it(`the pure builder ${b.builder}`, () => {
      let rejected = 0;
      fc.assert(
        fc.property(broken(b.input), (input) => {
          let threw: unknown;
          try {
            b.run(isContainer(input) && !Array.isArray(input) ? input : { spec: input });
          } catch (e) {
            threw = e;
          }
          if (threw === undefined) return;
          rejected++;
          const when = `input ${show(input)}`;
          assert.ok(
            threw instanceof ArgsError,
            `${when}: threw ${String((threw as Error)?.stack ?? threw)}`,
          );
          assertRuleParts(threw, when);
          for (const line of threw.message.split("\n")) {
            assert.match(
              line,
              BUILDER_LINE,
              `${when}: a line not in the message format:\n${threw.message}`,
            );
          }
        }),
        { numRuns: RUNS * 5, seed: SEED, endOnFailure: true },
      );
      assert.ok(rejected > 0, "no run was rejected: the mutations break nothing");
    });
  }
});
