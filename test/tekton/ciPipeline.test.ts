import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { crdErrors } from "../support/crdSchema";
import { TEKTON_CONFIG } from "../support/tektonRelease";
import { throwsWith } from "../support/expect";
import {
  deployFailures,
  mockedComponents,
  ofTypeCounted,
  registered,
  registeredOutputs,
  resetRegistrations,
  settle,
} from "../support/mocks";

const kd = mockedComponents();

const TEKTON_CRDS = path.join(TEKTON_CONFIG, "300-crds");
const TASK = "kubernetes:tekton.dev/v1:Task";
const PIPELINE = "kubernetes:tekton.dev/v1:Pipeline";
const RUN = "kubernetes:tekton.dev/v1:PipelineRun";

type Obj = { apiVersion: string; kind: string; metadata: any; spec: any };

/** The objects of `type` registered (`count` of them), each checked against the CRD. */
async function objects(type: string, count: number): Promise<Obj[]> {
  await settle();
  const all = ofTypeCounted(type, count).map((r) => r.inputs as Obj);
  for (const o of all)
    assert.deepStrictEqual(crdErrors(TEKTON_CRDS, o), [], `${o.kind} ${o.metadata.name}`);
  return all;
}

const BASE = {
  namespace: "ci",
  serviceAccount: { serviceAccountRef: "pipeline" },
  repo: "https://github.com/acme/web.git",
  build: { image: "ghcr.io/acme/web", registrySecret: { secretRef: "registry-creds" } },
};

describe("CiPipeline under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  it("wires clone → test → build → warm → deploy, every object valid against the Tekton v1 CRDs", async () => {
    new kd.CiPipeline("web-ci", {
      ...BASE,
      test: { image: "docker.io/library/golang:1.23", command: ["go", "test", "./..."] },
      warm: { parallelism: 50, selector: { "resource-pool": "web" } },
      deploy: { cloneSet: { name: "web", container: "web", namespace: "shop" } },
      run: {},
    });
    const tasks = await objects(TASK, 5);
    assert.deepStrictEqual(tasks.map((t) => t.metadata.name).sort(), [
      "web-ci-build",
      "web-ci-clone",
      "web-ci-deploy",
      "web-ci-test",
      "web-ci-warm",
    ]);
    const [pipeline] = await objects(PIPELINE, 1);
    assert.strictEqual(pipeline.metadata.name, "web-ci");
    assert.strictEqual(pipeline.metadata.namespace, "ci");
    const byName = Object.fromEntries(pipeline.spec.tasks.map((t: any) => [t.name, t]));
    assert.deepStrictEqual(
      pipeline.spec.tasks.map((t: any) => [t.name, t.taskRef.name, t.runAfter ?? []]),
      [
        ["clone", "web-ci-clone", []],
        ["test", "web-ci-test", ["clone"]],
        ["build", "web-ci-build", ["test"]],
        ["warm", "web-ci-warm", ["build"]],
        ["deploy", "web-ci-deploy", ["warm"]],
      ],
    );
    const param = (t: string, p: string) => byName[t].params.find((x: any) => x.name === p)?.value;
    assert.strictEqual(
      param("build", "tag"),
      "$(tasks.clone.results.commit)",
      "tagged with the commit",
    );
    assert.strictEqual(param("build", "registry-secret"), "registry-creds");
    assert.strictEqual(
      param("warm", "image"),
      "$(tasks.build.results.image-ref)",
      "the pushed digest is warmed",
    );
    assert.strictEqual(param("warm", "parallelism"), "50");
    assert.strictEqual(param("warm", "node-labels"), '{"resource-pool":"web"}');
    assert.strictEqual(param("warm", "timeout"), "1920s", "the 1800 s deadline plus 120 s grace");
    const warmTemplate = JSON.parse(
      tasks
        .find((t) => t.metadata.name === "web-ci-warm")!
        .spec.steps[0].env.find((e: any) => e.name === "TEMPLATE").value,
    );
    assert.deepStrictEqual(
      warmTemplate.spec.pullSecrets,
      ["registry-creds"],
      "the nodes pull with the push credentials",
    );
    assert.strictEqual(warmTemplate.spec.completionPolicy.activeDeadlineSeconds, 1800);
    assert.strictEqual(param("deploy", "image"), "$(tasks.build.results.image-ref)");
    assert.strictEqual(param("deploy", "namespace"), "shop");
    assert.deepStrictEqual(param("test", "command"), ["go", "test", "./..."]);
    assert.deepStrictEqual(kd.executionOrder(pipeline.spec), [
      "clone",
      "test",
      "build",
      "warm",
      "deploy",
    ]);

    const [run] = await objects(RUN, 1);
    assert.match(run.metadata.name, /^web-ci-run-[0-9a-f]{8}$/);
    assert.deepStrictEqual(run.spec.taskRunTemplate, { serviceAccountName: "pipeline" });
    assert.strictEqual(run.spec.serviceAccountName, undefined, "no v1beta1 leftovers");
    assert.deepStrictEqual(run.spec.timeouts, { pipeline: "1h0m0s" });
    assert.deepStrictEqual(run.spec.params, [{ name: "revision", value: "main" }]);
    const component = registered.find((r) => r.type === "kruise-devops:index:CiPipeline")!;
    assert.deepStrictEqual(component.inputs, {});
    for (const r of [
      ...ofTypeCounted(TASK, 5),
      ...ofTypeCounted(PIPELINE, 1),
      ...ofTypeCounted(RUN, 1),
    ])
      assert.strictEqual(r.parent, component.urn);
  });

  it("uses BuildKit, Argo CD sync with a token Secret, and no test/warm when not asked", async () => {
    new kd.CiPipeline("web-ci", {
      ...BASE,
      build: { ...BASE.build, builder: "buildkit" },
      deploy: {
        argocd: { application: { applicationRef: "web" }, token: { secretRef: "argocd-token" } },
      },
    });
    const [pipeline] = await objects(PIPELINE, 1);
    assert.deepStrictEqual(
      pipeline.spec.tasks.map((t: any) => [t.name, t.runAfter ?? []]),
      [
        ["clone", []],
        ["build", ["clone"]],
        ["deploy", ["build"]],
      ],
    );
    const deploy = pipeline.spec.tasks[2];
    assert.deepStrictEqual(
      deploy.params.find((p: any) => p.name === "argocd-secret"),
      { name: "argocd-secret", value: "argocd-token" },
    );
    assert.deepStrictEqual(await objects(RUN, 0), [], "no run unless asked");
    const tasks = await objects(TASK, 3);
    const build = tasks.find((t) => t.metadata.name === "web-ci-build")!;
    assert.ok(JSON.stringify(build.spec).includes("buildkit"), "the BuildKit task");
  });

  it("takes the package's components for names, and checks the ServiceAccount grants what the steps need", async () => {
    const registry = new kd.RegistryCredentials("registry-creds", {
      namespace: "ci",
      registry: "ghcr.io",
      username: "bot",
      password: pulumi.secret("s3cr3t-registry-token"),
    });
    const sa = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      credentials: [registry],
      deploys: [{ kind: "Deployment", name: "web", namespace: "shop" }],
    });
    new kd.CiPipeline("web-ci", {
      ...BASE,
      serviceAccount: sa,
      build: { ...BASE.build, registrySecret: registry },
      warm: {},
      deploy: { deployment: { name: "web", container: "web", namespace: "shop" } },
      run: { timeoutMinutes: 30 },
    });
    const [run] = await objects(RUN, 1);
    assert.strictEqual(run.spec.taskRunTemplate.serviceAccountName, "pipeline");
    assert.deepStrictEqual(run.spec.timeouts, { pipeline: "30m0s" });
    const specs = JSON.stringify([
      ...(await objects(TASK, 4)),
      ...(await objects(PIPELINE, 1)),
      run,
    ]);
    assert.ok(specs.includes("registry-creds"), "the Secret is named");
    assert.ok(!specs.includes("s3cr3t-registry-token"), "no credential value in any spec");
    throwsWith(
      () =>
        new kd.CiPipeline("other-ci", {
          ...BASE,
          serviceAccount: sa,
          deploy: { cloneSet: { name: "api", container: "api", namespace: "shop" } },
        }),
      "CiPipeline 'other-ci': args.serviceAccount does not grant what the steps need: no patch on CloneSet shop/api",
      'add { kind: "CloneSet", name: "api", namespace: "shop" } to deploys',
    );
    const noWarm = new kd.PipelineServiceAccount("deploy-only", {
      namespace: "ci",
      warm: false,
      deploys: [{ kind: "Deployment", name: "web" }],
    });
    throwsWith(
      () => new kd.CiPipeline("x-ci", { ...BASE, serviceAccount: noWarm, warm: {} }),
      "no ImagePullJob rights in ci",
    );
    throwsWith(
      () => new kd.CiPipeline("y-ci", { ...BASE, namespace: "other", serviceAccount: sa }),
      "it lives in namespace ci, not other",
    );
  });

  it("keeps the run's name while the revision stays, and makes a new run when it changes", async () => {
    new kd.CiPipeline("a", { ...BASE, run: {} });
    new kd.CiPipeline("b", { ...BASE, run: {} });
    new kd.CiPipeline("c", { ...BASE, revision: "v1.2.0", run: {} });
    new kd.CiPipeline("d", { ...BASE, run: { enabled: false } });
    const names = (await objects(RUN, 3)).map((r) => r.metadata.name.replace(/^[abc]-run-/, ""));
    assert.strictEqual(names[0], names[1]);
    assert.notStrictEqual(names[0], names[2]);
  });

  it("rejects bad input before registering anything", async () => {
    const cases: [object, string[]][] = [
      [{ ...BASE, repo: "github.com/acme/web" }, ["args.repo is not a Git URL"]],
      [
        { ...BASE, build: { ...BASE.build, image: "ghcr.io/acme/web:1.0" } },
        ['args.build.image ("ghcr.io/acme/web:1.0") has a tag or digest'],
      ],
      [
        { ...BASE, build: { ...BASE.build, image: "ghcr.io/Acme/web" } },
        ["args.build.image", "is not a valid image reference"],
      ],
      [
        { ...BASE, test: { image: "golang", command: ["go", "test"] } },
        ['args.test.image ("golang") has no tag or digest'],
      ],
      [{ ...BASE, test: { image: "golang:1.23", command: [] } }, ["args.test.command"]],
      [{ ...BASE, deploy: {} }, ["args.deploy names no target or several"]],
      [
        {
          ...BASE,
          deploy: {
            deployment: { name: "a", container: "a" },
            cloneSet: { name: "b", container: "b" },
          },
        },
        ["args.deploy names no target or several"],
      ],
      [
        { ...BASE, build: { ...BASE.build, builder: "docker" } },
        ['args.build.builder is not one of "kaniko", "buildkit"'],
      ],
      [
        { ...BASE, serviceAccount: { serviceAccountRef: "Pipeline SA" } },
        ['args.serviceAccount.serviceAccountRef ("Pipeline SA") is not a ServiceAccount name'],
      ],
      [{ ...BASE, workspace: { storage: "1G" } }, ["args.workspace.storage"]],
      [{ ...BASE, warm: { timeoutSeconds: 300 } }, ["args.warm.timeoutSeconds is below 600"]],
    ];
    for (const [args, fragments] of cases) {
      throwsWith(
        () => new kd.CiPipeline("web-ci", args as never),
        "CiPipeline 'web-ci': ",
        ...fragments,
      );
    }
    throwsWith(
      () => new kd.CiPipeline("Web CI", BASE),
      'args.name ("Web CI") is not a Pipeline name',
    );
    await settle();
    assert.deepStrictEqual(registered, []);
  });

  it("outputs the object names, and gives the resources to TypeScript", async () => {
    const ci = new kd.CiPipeline("web-ci", { ...BASE, warm: {}, run: {} });
    assert.strictEqual(ci.pipelineName, "web-ci");
    assert.deepStrictEqual(ci.taskNames, {
      clone: "web-ci-clone",
      build: "web-ci-build",
      warm: "web-ci-warm",
    });
    assert.match(ci.pipelineRunName!, /^web-ci-run-[0-9a-f]{8}$/);
    assert.deepStrictEqual(Object.keys(ci.tasks), ["clone", "build", "warm"]);
    assert.ok(ci.pipeline && ci.pipelineRun);
    const [run] = await objects(RUN, 1);
    assert.strictEqual(run.metadata.name, ci.pipelineRunName);
    const component = registered.find((r) => r.type === "kruise-devops:index:CiPipeline")!;
    // The names for every language; the resources (getters) registered too, as references.
    assert.deepStrictEqual(Object.keys(registeredOutputs.get(component.urn)!).sort(), [
      "pipeline",
      "pipelineName",
      "pipelineRun",
      "pipelineRunName",
      "taskNames",
      "tasks",
    ]);
    const noRun = new kd.CiPipeline("api-ci", BASE);
    assert.strictEqual(noRun.pipelineRun, undefined);
    assert.strictEqual(noRun.pipelineRunName, undefined);
  });

  it("takes its settings as Outputs: the same objects once they resolve", async () => {
    new kd.CiPipeline("web-ci", {
      ...BASE,
      namespace: pulumi.output("ci"),
      build: pulumi.output({
        image: "ghcr.io/acme/web",
        registrySecret: { secretRef: pulumi.output("registry-creds") },
      }),
      warm: { parallelism: pulumi.output(50), selector: pulumi.output({ pool: "web" }) },
      deploy: { deployment: { name: pulumi.output("web"), container: "web" } },
      workspace: pulumi.output({ storage: "2Gi" }),
      run: { timeoutMinutes: pulumi.output(30) },
      labels: pulumi.output({ team: "web" }),
    });
    const tasks = await objects(TASK, 4);
    for (const t of tasks) {
      assert.strictEqual(t.metadata.namespace, "ci");
      assert.strictEqual(t.metadata.labels.team, "web");
    }
    const [pipeline] = await objects(PIPELINE, 1);
    const warm = pipeline.spec.tasks.find((t: any) => t.name === "warm");
    assert.deepStrictEqual(
      warm.params.find((p: any) => p.name === "parallelism"),
      { name: "parallelism", value: "50" },
    );
    const build = pipeline.spec.tasks.find((t: any) => t.name === "build");
    assert.strictEqual(
      build.params.find((p: any) => p.name === "registry-secret").value,
      "registry-creds",
    );
    const [run] = await objects(RUN, 1);
    assert.deepStrictEqual(run.spec.timeouts, { pipeline: "30m0s" });
    assert.strictEqual(
      run.spec.workspaces[0].volumeClaimTemplate.spec.resources.requests.storage,
      "2Gi",
    );
  });

  it("checks Output settings once resolved, creating no Tekton object when one is bad", async () => {
    const failures = await deployFailures(() => {
      new kd.CiPipeline("web-ci", {
        ...BASE,
        warm: { timeoutSeconds: pulumi.output(300) },
        run: {},
      });
    });
    assert.strictEqual(failures.length, 1, String(failures));
    const e = failures[0] as Error;
    assert.ok(pulumi.ResourceError.isInstance(e), `${e.constructor.name}: ${e.message}`);
    assert.ok(
      e.message.includes("CiPipeline 'web-ci': args.warm.timeoutSeconds is below 600"),
      e.message,
    );
    assert.deepStrictEqual(
      registered.filter((r) => r.custom).map((r) => r.type),
      [],
      "no Task, Pipeline or PipelineRun",
    );
  });

  it("checks the ServiceAccount's grants against a workload given as an Output, once resolved", async () => {
    const sa = new kd.PipelineServiceAccount("pipeline", {
      namespace: "ci",
      deploys: [{ kind: "Deployment", name: "web", namespace: "shop" }],
    });
    await settle();
    resetRegistrations();
    const failures = await deployFailures(() => {
      new kd.CiPipeline("web-ci", {
        ...BASE,
        serviceAccount: sa,
        deploy: {
          deployment: { name: pulumi.output("api"), container: "web", namespace: "shop" },
        },
      });
    });
    assert.strictEqual(failures.length, 1, String(failures));
    const e = failures[0] as Error;
    assert.ok(pulumi.ResourceError.isInstance(e), `${e.constructor.name}: ${e.message}`);
    for (const fragment of [
      "CiPipeline 'web-ci': args.serviceAccount does not grant what the steps need: no patch on Deployment shop/api",
      'add { kind: "Deployment", name: "api", namespace: "shop" } to deploys',
    ])
      assert.ok(e.message.includes(fragment), `lacks ${fragment}: ${e.message}`);
    assert.deepStrictEqual(
      registered.filter((r) => r.custom).map((r) => r.type),
      [],
    );
  });
});
