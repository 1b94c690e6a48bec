/**
 * Every example stack (examples/<name> with its Pulumi.dev.yaml), run as a user runs it — the
 * example's own program, `import "kruise-devops"` resolving to this package's build — on the real
 * engine against an API server of its own: a policy-checked preview, `up`, then preview and
 * refresh with no changes, no credential in `pulumi stack export`, and `destroy`.
 *
 * Each example's installs take their sources from the mirror through its optional `kruise`,
 * `tekton` and `argocd` config keys. What the test cluster lacks reaches every object, the
 * example's own included, through the suite's remediation pack (test/e2e/clusterPack). The GitLab Runner chart has no local copy: the
 * gitlab-runner example runs with `installRunner: false`, as its dev stack sets.
 *
 * An example that installs Kruise or Tekton runs on the real upstream control plane
 * (support/controlPlane.ts): kruise-manager with a kruise-daemon per fake node, and Tekton's
 * webhook, started as their Deployments' Pods come up, while `pulumi up` waits for those
 * Deployments. Every ImagePullJob, CloneSet, Task, Pipeline and PipelineRun of the example is then
 * admitted by the real webhooks, which refuse what they do not admit (`failurePolicy: Fail`), and
 * a warm that waits for completion is completed by the real controller on the fake nodes.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { MirrorPart } from "../../stacks/mirror";
import {
  collectionPath,
  ensureNamespace,
  kubeconfigPath,
  list,
  request,
  startApiServer,
  stopApiServer,
} from "./support/cluster";
import {
  CLUSTER_PACKS,
  ProjectStack,
  ROOT,
  apiServerConfig,
  e2eStack,
  leaked,
  mandatoryViolations,
  mirrorTektonViolations,
  policyPreview,
  secretValues,
  stackExport,
} from "./support/stacks";
import { leftovers, objectsOf, watched } from "./support/objects";
import {
  CONTROL_PLANE_CONTROLLERS,
  CONTROL_PLANE_ENV,
  ControlPlane,
  runControlPlane,
} from "./support/controlPlane";
import { FakeNode, createNode, setEnv, stopControllers } from "./support/controllers";

interface ExampleRun {
  /** The installs the example makes, each from the mirror through its config key. */
  parts: MirrorPart[];
  /** Namespaces the example expects to exist (an application team's), created first. */
  namespaces: string[];
  /** Config set on top of the dev stack's (unqualified keys are the example's own). */
  overrides: Record<string, unknown>;
  /** Kinds (apiVersion, plural) whose objects the example must have created, at least one each. */
  creates: [string, string][];
}

/**
 * The fake nodes of an example run on the control plane: one in the warm-strategies example's
 * serverless pool (`resource-pool: serverless`), one not.
 */
const NODES: FakeNode[] = [
  { name: "node-a", labels: { "resource-pool": "serverless" } },
  { name: "node-b" },
];

/** The webhook configurations of what the example installs, each with its `failurePolicy`s. */
async function webhookPolicies(parts: MirrorPart[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const kind of ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]) {
    const res = await request("GET", collectionPath("admissionregistration.k8s.io/v1", kind));
    for (const c of res.body.items as any[]) {
      const name = c.metadata.name as string;
      if (!parts.some((p) => name.includes(p))) continue;
      out[name] = (c.webhooks ?? []).map(
        (w: any) => `${w.failurePolicy}${w.clientConfig?.caBundle ? "" : " (no CA)"}`,
      );
    }
  }
  return out;
}

const EXAMPLES: Record<string, ExampleRun> = {
  "warm-strategies": {
    parts: ["kruise"],
    namespaces: ["shop"],
    overrides: {},
    creates: [
      ["apps.kruise.io/v1alpha1", "imagepulljobs"],
      ["apps.kruise.io/v1alpha1", "imagelistpulljobs"],
    ],
  },
  "ci-prewarm": {
    parts: ["kruise", "tekton"],
    namespaces: [],
    overrides: {},
    creates: [
      ["apps.kruise.io/v1alpha1", "clonesets"],
      ["tekton.dev/v1", "pipelines"],
    ],
  },
  "tekton-deploy": {
    parts: ["tekton"],
    namespaces: [],
    overrides: {},
    creates: [
      ["apps/v1", "deployments"],
      ["tekton.dev/v1", "pipelines"],
    ],
  },
  "gitops-cloneset": {
    parts: ["kruise", "tekton", "argocd"],
    namespaces: [],
    // The pipeline's run too, which the dev stack leaves to the README's second step.
    overrides: { runPipeline: true },
    creates: [
      ["argoproj.io/v1alpha1", "applications"],
      ["tekton.dev/v1", "pipelines"],
      ["tekton.dev/v1", "pipelineruns"],
    ],
  },
  "gitlab-runner": {
    parts: [],
    namespaces: ["shop"],
    overrides: {},
    creates: [
      ["v1", "serviceaccounts"],
      ["rbac.authorization.k8s.io/v1", "roles"],
    ],
  },
};

const LINK = path.join(ROOT, "examples", "node_modules", "kruise-devops");

/**
 * `import "kruise-devops"` from an example resolves to this package (its build, `dist/`) through
 * `examples/node_modules/kruise-devops` (git-ignored), and `@pulumi/*` to the root's: one copy of
 * the SDK in the program, as after `npm install` of a published package.
 */
function linkPackage(): boolean {
  if (fs.existsSync(LINK)) return false;
  fs.mkdirSync(path.dirname(LINK), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(LINK), ROOT), LINK, "dir");
  return true;
}

function projectName(dir: string): string {
  return (yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string })
    .name;
}

describe("the examples, each on the real engine against its own API server", function () {
  let linked = false;
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, "dist", "index.js")), "npm run build first");
    linked = linkPackage();
  });
  after(() => {
    if (linked) fs.rmSync(LINK);
  });

  for (const [name, run] of Object.entries(EXAMPLES)) {
    describe(`examples/${name}`, function () {
      const dir = path.join(ROOT, "examples", name);
      const project = projectName(dir);
      let ps: ProjectStack;
      let secrets: string[];
      // On the real control plane when it installs Kruise or Tekton.
      const onControlPlane = run.parts.includes("kruise") || run.parts.includes("tekton");
      let controlPlane: ControlPlane | undefined;
      let restoreEnv: () => void = () => undefined;

      before(async () => {
        if (!onControlPlane) {
          startApiServer();
          return;
        }
        restoreEnv = setEnv(CONTROL_PLANE_ENV);
        startApiServer(CONTROL_PLANE_CONTROLLERS);
        for (const n of NODES) await createNode(n);
        controlPlane = runControlPlane({
          kruise: run.parts.includes("kruise"),
          tekton: run.parts.includes("tekton"),
          nodes: NODES,
        });
      });
      after(async () => {
        await controlPlane?.stop();
        await stopControllers();
        stopApiServer();
        restoreEnv();
      });

      before(async () => {
        for (const ns of run.namespaces) await ensureNamespace(ns);
        const overrides = Object.fromEntries(
          Object.entries(run.overrides).map(([k, v]) => [`${project}:${k}`, v]),
        );
        ps = await e2eStack(
          dir,
          "dev",
          path.join(dir, "Pulumi.dev.yaml"),
          { ...overrides, ...apiServerConfig(kubeconfigPath()) },
          { namespace: project, parts: run.parts },
        );
        secrets = await secretValues(ps);
      });

      it("previews with the policy pack: no mandatory violation but the mirror's unbuilt Tekton images", async () => {
        const output = await policyPreview(ps);
        assert.match(output, /Policies:/, `the policy pack ran:\n${output}`);
        assert.deepStrictEqual(
          mandatoryViolations(output),
          run.parts.includes("tekton") ? mirrorTektonViolations("tekton") : [],
          output,
        );
        assert.deepStrictEqual(leaked(output, secrets), []);
      });

      it(`ups, and its objects are in the cluster${onControlPlane ? ", admitted by the real webhooks" : ""}`, async () => {
        const res = await ps.stack
          .up({ configFile: ps.configFile, policyPacks: CLUSTER_PACKS })
          .catch((e) => {
            throw controlPlane?.error() ?? e;
          });
        assert.strictEqual(res.summary.result, "succeeded");
        if (onControlPlane) {
          // The webhooks stood in the way of every object: as the charts make them (Fail where
          // they say Fail, none failing open for want of a backend), each with its server's CA.
          const policies = await webhookPolicies(run.parts);
          assert.ok(Object.keys(policies).length > 0, "the installs' webhook configurations");
          for (const [name, ws] of Object.entries(policies)) {
            assert.ok(ws.length > 0, name);
            assert.ok(!ws.some((w) => w.endsWith("(no CA)")), `${name}: ${ws}`);
            assert.ok(
              ws.includes("Fail"),
              `${name} refuses when its webhook does not admit: ${ws}`,
            );
          }
          // A warm that waits for completion held `up` until the real controller completed it
          // on every fake node.
          const jobs = await request(
            "GET",
            collectionPath("apps.kruise.io/v1alpha1", "imagepulljobs"),
          );
          for (const job of (jobs.body.items ?? []) as any[]) {
            if (!job.metadata.annotations?.["pulumi.com/waitFor"]) continue;
            const st = job.status ?? {};
            assert.ok(st.completionTime, `${job.metadata.name} completed: ${JSON.stringify(st)}`);
            assert.deepStrictEqual(
              [st.desired, st.succeeded],
              [NODES.length, NODES.length],
              `${job.metadata.name}: ${JSON.stringify(st)}`,
            );
          }
        }
        assert.deepStrictEqual(leaked(res.stdout + res.stderr, secrets), []);
        for (const [apiVersion, plural] of run.creates) {
          assert.ok((await list(apiVersion, plural)).length > 0, `no ${plural} after up`);
        }
      });

      it("is idempotent: preview and refresh then show no changes", async () => {
        await ps.stack.preview({
          configFile: ps.configFile,
          policyPacks: CLUSTER_PACKS,
          expectNoChanges: true,
          // On failure, the error carries the property-level diff.
          diff: true,
        });
        await ps.stack.refresh({ configFile: ps.configFile, expectNoChanges: true });
      });

      it("keeps every credential out of the stack's state (pulumi stack export)", () => {
        assert.ok(secrets.length > 0, "every example takes at least one credential as a secret");
        const state = stackExport(ps, dir);
        assert.ok(state.includes('"ciphertext"'), "secrets are in the state, encrypted");
        assert.deepStrictEqual(leaked(state, secrets), []);
      });

      it("destroys: none of its ImagePullJobs, Tasks, Pipelines, Secrets, Roles or bindings is left", async () => {
        const objects = watched(objectsOf((await ps.stack.exportStack()).deployment));
        assert.ok(objects.length > 0);
        const res = await ps.stack.destroy({ configFile: ps.configFile });
        assert.strictEqual(res.summary.result, "succeeded");
        assert.deepStrictEqual(await leftovers(objects), []);
      });
    });
  }
});
