import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Secret, unknownCheckingProxy } from "@pulumi/policy";
import {
  argoCdTls,
  argoCdTokenCredentials,
  effectiveFeatureGates,
  imagePullJobPolicies,
  kruiseFeatureGates,
  noClusterAdmin,
  noPipelineClusterRoleBinding,
  noSecretData,
  pinnedImages,
  policies,
  registryEgressBudget,
} from "../../policy/policies";
import {
  SECRET_KEY,
  SECRET_SIG,
  mockedComponents,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { Res, check, checkStack, registeredResources, runPack, urnOf } from "../support/policyRun";

const kd = mockedComponents();

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const T = {
  ipj: "kubernetes:apps.kruise.io/v1alpha1:ImagePullJob",
  ipjBeta: "kubernetes:apps.kruise.io/v1beta1:ImagePullJob",
  cloneSet: "kubernetes:apps.kruise.io/v1alpha1:CloneSet",
  deployment: "kubernetes:apps/v1:Deployment",
  task: "kubernetes:tekton.dev/v1:Task",
  pipeline: "kubernetes:tekton.dev/v1:Pipeline",
  chart: "kubernetes:helm.sh/v4:Chart",
  application: "kubernetes:argoproj.io/v1alpha1:Application",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  sa: "kubernetes:core/v1:ServiceAccount",
  role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
  rb: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  crb: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
};

const DIGEST = "sha256:" + "a".repeat(64);
const meta = (name: string, namespace?: string, extra: object = {}) => ({
  metadata: { name, ...(namespace ? { namespace } : {}), ...extra },
});

/** An ImagePullJob as the warm components emit it. */
function job(spec: object = {}, type = T.ipj, name = "warm"): Res {
  return {
    type,
    name,
    props: {
      apiVersion: "apps.kruise.io/v1alpha1",
      kind: "ImagePullJob",
      ...meta(name, "default"),
      spec: {
        image: "docker.io/library/nginx:1.27",
        parallelism: 10,
        completionPolicy: { type: "Always", activeDeadlineSeconds: 1800 },
        pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
        imagePullPolicy: "IfNotPresent",
        ...spec,
      },
    },
  };
}

function podWorkload(type: string, name: string, namespace: string, pod: object): Res {
  return { type, name, props: { ...meta(name, namespace), spec: { template: { spec: pod } } } };
}

const kruiseChart = (featureGates?: string, extra: object = {}): Res => ({
  type: T.chart,
  name: "kruise-chart",
  props: {
    chart: "kruise",
    version: "1.8.3",
    values: {
      installation: { namespace: "kruise-system" },
      ...(featureGates === undefined ? {} : { featureGates }),
      ...extra,
    },
  },
});

const argoApp = (annotations?: Record<string, string>): Res => ({
  type: T.application,
  name: "web-application",
  props: { ...meta("web", "argocd", annotations ? { annotations } : {}), spec: {} },
});

const cloneSet = podWorkload(T.cloneSet, "web", "shop", {
  containers: [{ name: "web", image: "ghcr.io/acme/web:1.4.2" }],
});

const PIN =
  ' — a missing tag means \':latest\', and a moving tag makes nodes run whatever was pushed last, never roll out in place on a new push, and pre-warm the wrong image; pin a version, e.g. "ghcr.io/acme/web:1.4.2", or a digest "…@sha256:…"';

// ---------------------------------------------------------------------------------------------
// Unit tests, rule by rule
// ---------------------------------------------------------------------------------------------

describe("policy pack rules", () => {
  it("declares each rule once, mandatory except the token advice", () => {
    assert.deepStrictEqual(
      policies.map((p) => [
        p.name,
        p.enforcementLevel,
        "validateStack" in p ? "stack" : "resource",
      ]),
      [
        ["pinned-images", "mandatory", "resource"],
        ["pinned-images-via-params", "mandatory", "stack"],
        ["imagepulljob-policies", "mandatory", "resource"],
        ["no-cluster-admin", "mandatory", "resource"],
        ["no-broad-rbac-subjects", "mandatory", "resource"],
        ["no-pipeline-clusterrolebinding", "mandatory", "stack"],
        ["pipelinerun-serviceaccount", "mandatory", "stack"],
        ["argocd-tls", "mandatory", "resource"],
        ["argocd-token-credentials", "advisory", "resource"],
        ["kruise-feature-gates", "mandatory", "stack"],
        ["registry-egress-budget", "advisory", "stack"],
        ["no-secret-data-in-configmaps-or-annotations", "mandatory", "resource"],
      ],
    );
  });

  describe("pinned-images", () => {
    it("passes tagged and digest-pinned images, and Tekton variables", async () => {
      for (const r of [
        job(),
        job({ image: `docker.io/library/nginx@${DIGEST}` }, T.ipjBeta),
        job({ image: `nginx:latest@${DIGEST}` }),
        podWorkload(T.deployment, "web", "shop", {
          initContainers: [{ name: "init", image: "busybox:1.36" }],
          containers: [{ name: "web", image: "ghcr.io/acme/web:1.4.2" }],
        }),
        {
          type: T.task,
          name: "t",
          props: {
            ...meta("test", "ci"),
            spec: {
              steps: [{ name: "test", image: "$(params.image)" }],
              sidecars: [{ name: "db", image: "postgres:17.2" }],
            },
          },
        },
        // Types the rule does not know are left alone.
        { type: T.configMap, name: "cm", props: { data: { image: "nginx" } } },
      ]) {
        assert.deepStrictEqual(await check(pinnedImages, r), [], r.type);
      }
    });

    it("flags untagged, ':latest' and invalid images in jobs, workloads, Tasks and Pipelines", async () => {
      assert.deepStrictEqual(await check(pinnedImages, job({ image: "nginx" })), [
        `ImagePullJob 'default/warm': spec.image ("nginx") has no tag or digest${PIN}`,
      ]);
      assert.deepStrictEqual(await check(pinnedImages, job({ image: "Nginx:1" }, T.ipjBeta)), [
        'ImagePullJob \'default/warm\': spec.image ("Nginx:1") is not a valid image reference: invalid reference format: repository name must be lowercase — the kubelet and Kruise parse images with reference.ParseNormalizedNamed; write [registry[:port]/]repository[:tag][@sha256:digest] with a lowercase repository, e.g. "ghcr.io/acme/web:1.4.2"',
      ]);
      assert.deepStrictEqual(
        await check(
          pinnedImages,
          podWorkload(T.cloneSet, "web", "shop", {
            initContainers: [{ name: "init", image: "busybox:latest" }],
            containers: [
              { name: "web", image: "ghcr.io/acme/web:1.4.2" },
              { name: "proxy", image: "envoyproxy/envoy" },
            ],
          }),
        ),
        [
          `CloneSet 'shop/web': spec.template.spec.initContainers[0].image ("busybox:latest") is tagged ':latest'${PIN}`,
          `CloneSet 'shop/web': spec.template.spec.containers[1].image ("envoyproxy/envoy") has no tag or digest${PIN}`,
        ],
      );
      assert.deepStrictEqual(
        await check(
          pinnedImages,
          podWorkload(T.deployment, "api", "shop", { containers: [{ name: "api", image: "" }] }),
        ),
        [
          "Deployment 'shop/api': spec.template.spec.containers[0].image is empty — a container needs an image; name one, e.g. \"nginx:1.27\"",
        ],
      );
      assert.deepStrictEqual(
        await check(pinnedImages, {
          type: T.task,
          name: "build-task",
          props: {
            ...meta("build", "ci"),
            spec: {
              stepTemplate: { image: "alpine:latest" },
              steps: [{ name: "a", image: "$(params.builder)" }],
              sidecars: [
                { name: "dind", image: "docker:dind" },
                { name: "db", image: "redis" },
              ],
            },
          },
        }),
        [
          `Task 'ci/build': spec.stepTemplate.image ("alpine:latest") is tagged ':latest'${PIN}`,
          `Task 'ci/build': spec.sidecars[1].image ("redis") has no tag or digest${PIN}`,
        ],
      );
      assert.deepStrictEqual(
        await check(pinnedImages, {
          type: T.pipeline,
          name: "p",
          props: {
            ...meta("inline", "ci"),
            spec: {
              tasks: [
                { name: "ref", taskRef: { name: "clone" } },
                { name: "inline", taskSpec: { steps: [{ name: "s", image: "alpine" }] } },
              ],
              finally: [
                { name: "notify", taskSpec: { steps: [{ name: "n", image: "curl:8.11.1" }] } },
              ],
            },
          },
        }),
        [
          `Pipeline 'ci/inline': spec.tasks[1].taskSpec.steps[0].image ("alpine") has no tag or digest${PIN}`,
        ],
      );
    });

    it("skips values unknown during preview and secrets instead of failing the policy", async () => {
      const props = unknownCheckingProxy({
        ...meta("warm", "default"),
        spec: { image: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      });
      assert.deepStrictEqual(await check(pinnedImages, { type: T.ipj, name: "j", props }), []);
      const secret = { ...meta("warm", "default"), spec: { image: new Secret("nginx") } };
      assert.deepStrictEqual(
        await check(pinnedImages, { type: T.ipj, name: "j", props: secret }),
        [],
      );
    });
  });

  describe("imagepulljob-policies", () => {
    it("passes the jobs the warm components emit (Always with a deadline, Never with a selector)", async () => {
      assert.deepStrictEqual(await check(imagePullJobPolicies, job()), []);
      assert.deepStrictEqual(
        await check(
          imagePullJobPolicies,
          job(
            {
              completionPolicy: { type: "Never" },
              selector: { matchLabels: { pool: "web" } },
            },
            T.ipjBeta,
          ),
        ),
        [],
      );
    });

    it("wants completionPolicy.type and pullPolicy explicit, and selector xor podSelector", async () => {
      const r = job();
      delete r.props.spec.completionPolicy;
      delete r.props.spec.pullPolicy;
      r.props.spec.selector = {};
      r.props.spec.podSelector = { matchLabels: { app: "web" } };
      const charts =
        "the published Kruise charts register webhook paths the 1.9 manager no longer serves, so Kruise's defaulting may never run";
      assert.deepStrictEqual(await check(imagePullJobPolicies, r), [
        `ImagePullJob 'default/warm': spec.completionPolicy.type is not set — the CRD requires it and ${charts}; set 'Always' (a one-shot warm) or 'Never' (keep warming new nodes)`,
        `ImagePullJob 'default/warm': spec.pullPolicy.timeoutSeconds is not set — ${charts}; set it explicitly (Kruise's default is 600)`,
        `ImagePullJob 'default/warm': spec.pullPolicy.backoffLimit is not set — ${charts}; set it explicitly (Kruise's default is 3)`,
        `ImagePullJob 'default/warm': spec.podSelector is set together with a node selector — Kruise's ImagePullJob webhook: "can not set both selector and podSelector"; warm either the nodes of matching pods, or nodes by name/labels`,
      ]);
    });

    it("checks the Always deadline against the pull timeout, and Never without deadline or TTL", async () => {
      assert.deepStrictEqual(
        await check(
          imagePullJobPolicies,
          job({ completionPolicy: { type: "Always", activeDeadlineSeconds: 300 } }),
        ),
        [
          `ImagePullJob 'default/warm': spec.completionPolicy.activeDeadlineSeconds (300) must be ≥ spec.pullPolicy.timeoutSeconds (600) — Kruise's ImagePullJob webhook: "completionPolicy.activeDeadlineSeconds must be greater than pullPolicy.timeoutSeconds(default 600)"; raise activeDeadlineSeconds or lower timeoutSeconds`,
        ],
      );
      assert.deepStrictEqual(
        await check(
          imagePullJobPolicies,
          job({ completionPolicy: { type: "Never", ttlSecondsAfterFinished: 60 } }, T.ipjBeta),
        ),
        [
          `ImagePullJob 'default/warm': spec.completionPolicy.ttlSecondsAfterFinished is set on a job with completion policy 'Never' — Kruise's ImagePullJob webhook: "activeDeadlineSeconds and ttlSecondsAfterFinished can only work with Always CompletionPolicyType"; drop ttlSecondsAfterFinished, or use completion policy 'Always'`,
        ],
      );
    });
  });

  describe("an AdvancedCronJob's ImageListPullJob template (ScheduledWarm)", () => {
    /** The AdvancedCronJob ScheduledWarm emits, with `change` applied to its template spec. */
    async function cronJob(change: (spec: any) => void = () => undefined): Promise<Res> {
      resetRegistrations();
      const w = new kd.ScheduledWarm("nightly", {
        images: ["docker.io/library/nginx:1.27"],
        schedule: "0 3 * * *",
        kruiseVersion: "1.9.1",
      });
      await valueOf(w.cronJobName);
      await settle();
      const [r] = registeredResources().filter((x) => x.type.endsWith(":AdvancedCronJob"));
      change(r.props.spec.template.imageListPullJobTemplate.spec);
      return r;
    }

    it("passes what the component emits, and sees its images and template", async () => {
      const r = await cronJob();
      assert.deepStrictEqual(await check(pinnedImages, r), []);
      assert.deepStrictEqual(await check(imagePullJobPolicies, r), []);
    });

    it("flags an unpinned image and a template Kruise would refuse, at the template's paths", async () => {
      const r = await cronJob((spec) => {
        spec.images = ["nginx"];
        delete spec.pullPolicy;
        spec.completionPolicy = { type: "Always", activeDeadlineSeconds: 300 };
      });
      const name = r.props.metadata.name;
      assert.deepStrictEqual(await check(pinnedImages, r), [
        `AdvancedCronJob 'default/${name}': spec.template.imageListPullJobTemplate.spec.images[0] ("nginx") has no tag or digest${PIN}`,
      ]);
      const found = await check(imagePullJobPolicies, r);
      assert.deepStrictEqual(
        found.map((f) => f.split(" — ")[0]),
        [
          `AdvancedCronJob 'default/${name}': spec.template.imageListPullJobTemplate.spec.pullPolicy.timeoutSeconds is not set`,
          `AdvancedCronJob 'default/${name}': spec.template.imageListPullJobTemplate.spec.pullPolicy.backoffLimit is not set`,
          `AdvancedCronJob 'default/${name}': spec.template.imageListPullJobTemplate.spec.completionPolicy.activeDeadlineSeconds (300) must be ≥ spec.template.imageListPullJobTemplate.spec.pullPolicy.timeoutSeconds (600)`,
        ],
      );
    });

    it("is left alone by imagepulljob-policies without an ImageListPullJob template", async () => {
      const r = await cronJob();
      delete r.props.spec.template.imageListPullJobTemplate;
      r.props.spec.template.jobTemplate = {
        spec: { template: { spec: { containers: [{ name: "c", image: "busybox" }] } } },
      };
      assert.deepStrictEqual(await check(imagePullJobPolicies, r), []);
      assert.strictEqual((await check(pinnedImages, r)).length, 1, "the Job template's image");
    });
  });

  describe("no-cluster-admin", () => {
    const binding = (type: string, roleName: string): Res => ({
      type,
      name: "b",
      props: {
        ...meta("ci-admin", type === T.rb ? "ci" : undefined),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
        subjects: [{ kind: "ServiceAccount", name: "pipeline", namespace: "ci" }],
      },
    });

    it("passes bindings of other roles", async () => {
      assert.deepStrictEqual(await check(noClusterAdmin, binding(T.crb, "view")), []);
      assert.deepStrictEqual(await check(noClusterAdmin, binding(T.rb, "edit")), []);
      const ownAdmin = binding(T.rb, "admin");
      ownAdmin.props.roleRef.kind = "Role";
      assert.deepStrictEqual(
        await check(noClusterAdmin, ownAdmin),
        [],
        "a Role of one's own named admin",
      );
    });

    it("flags the admin ClusterRole, and patches of existing bindings (a way around the rule)", async () => {
      assert.deepStrictEqual(await check(noClusterAdmin, binding(T.rb, "admin")), [
        "RoleBinding 'ci/ci-admin': roleRef.name is the admin ClusterRole — Kubernetes' admin role grants every verb on a namespace's resources, Secrets and RoleBindings included, so its holder can grant itself more; bind a Role with only the verbs needed; for pipelines use PipelineServiceAccount",
      ]);
      for (const type of [`${T.crb}Patch`, `${T.rb}Patch`]) {
        const [message] = await check(noClusterAdmin, binding(type, "cluster-admin"));
        assert.match(message, /BindingPatch '(ci\/)?ci-admin': roleRef\.name is cluster-admin — /);
      }
    });

    it("flags ClusterRoleBindings and RoleBindings of cluster-admin", async () => {
      const why =
        " is cluster-admin — cluster-admin is Kubernetes' superuser role: every verb on every resource, Secrets included; bind a Role (or ClusterRole) with only the verbs needed; for pipelines use PipelineServiceAccount";
      assert.deepStrictEqual(await check(noClusterAdmin, binding(T.crb, "cluster-admin")), [
        `ClusterRoleBinding 'ci-admin': roleRef.name${why}`,
      ]);
      assert.deepStrictEqual(await check(noClusterAdmin, binding(T.rb, "cluster-admin")), [
        `RoleBinding 'ci/ci-admin': roleRef.name${why}`,
      ]);
    });
  });

  describe("no-pipeline-clusterrolebinding (stack)", () => {
    const pipelineSa: Res = {
      type: T.sa,
      name: "pipeline-sa",
      props: meta("pipeline", "ci", {
        labels: { "app.kubernetes.io/component": "pipelineserviceaccount" },
      }),
    };
    const otherSa: Res = { type: T.sa, name: "other-sa", props: meta("robot", "ops") };
    const crb = (subjects: object[]): Res => ({
      type: T.crb,
      name: "pipeline-view",
      props: {
        ...meta("pipeline-view"),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects,
      },
    });

    it("passes cluster-wide bindings of other accounts, and RoleBindings of the pipeline's", async () => {
      const rb: Res = {
        type: T.rb,
        name: "rb",
        props: {
          ...meta("pipeline", "ci"),
          roleRef: { kind: "Role", name: "pipeline" },
          subjects: [{ kind: "ServiceAccount", name: "pipeline", namespace: "ci" }],
        },
      };
      const result = await checkStack(noPipelineClusterRoleBinding, [
        pipelineSa,
        otherSa,
        rb,
        crb([{ kind: "ServiceAccount", name: "robot", namespace: "ops" }]),
      ]);
      assert.deepStrictEqual(result, { messages: [], urns: [] });
    });

    it("joins ServiceAccounts and ClusterRoleBindings: by name, by user and by group", async () => {
      const binding = crb([
        { kind: "ServiceAccount", name: "robot", namespace: "ops" },
        { kind: "ServiceAccount", name: "pipeline", namespace: "ci" },
        { kind: "Group", name: "system:serviceaccounts:ci" },
        { kind: "User", name: "system:serviceaccount:ci:pipeline" },
      ]);
      const result = await checkStack(noPipelineClusterRoleBinding, [pipelineSa, otherSa, binding]);
      const tail =
        " — a pipeline needs ImagePullJobs in its own namespace and get/patch on its named workloads, nothing cluster-wide; drop the ClusterRoleBinding; grant what the steps need with PipelineServiceAccount (warm, deploys), which makes a Role and RoleBinding per namespace";
      assert.deepStrictEqual(result.messages, [
        `ClusterRoleBinding 'pipeline-view': subjects[1] (ServiceAccount ci/pipeline) binds a pipeline ServiceAccount to ClusterRole view in every namespace${tail}`,
        `ClusterRoleBinding 'pipeline-view': subjects[2] (Group system:serviceaccounts:ci) binds a pipeline ServiceAccount to ClusterRole view in every namespace${tail}`,
        `ClusterRoleBinding 'pipeline-view': subjects[3] (User system:serviceaccount:ci:pipeline) binds a pipeline ServiceAccount to ClusterRole view in every namespace${tail}`,
      ]);
      assert.deepStrictEqual(result.urns, Array(3).fill(urnOf(binding)), "reported on the binding");
    });
  });

  describe("argocd-tls", () => {
    const chart = (params: object): Res => ({
      type: T.chart,
      name: "argocd-chart",
      props: { chart: "argo-cd", values: { configs: { params } } },
    });
    const cm = (name: string, insecure: string): Res => ({
      type: T.configMap,
      name: "cm",
      props: { ...meta(name, "argocd"), data: { "server.insecure": insecure } },
    });
    const tail =
      " — argocd-server then serves the API and UI, logins and tokens included, over plain HTTP; drop it (ArgoCd insecure: false, the default); terminate TLS at argocd-server, or keep a TLS-terminating proxy in front and accept the risk with this policy disabled";

    it("passes TLS charts and params", async () => {
      assert.deepStrictEqual(await check(argoCdTls, chart({})), []);
      assert.deepStrictEqual(await check(argoCdTls, chart({ "server.insecure": false })), []);
      assert.deepStrictEqual(await check(argoCdTls, cm("argocd-cmd-params-cm", "false")), []);
      assert.deepStrictEqual(await check(argoCdTls, cm("some-other-cm", "true")), []);
    });

    it("flags server.insecure in the chart values (the Chart resource) or the params ConfigMap (its child)", async () => {
      assert.deepStrictEqual(await check(argoCdTls, chart({ "server.insecure": true })), [
        `Chart 'argocd-chart': values.configs.params["server.insecure"] is true${tail}`,
      ]);
      assert.deepStrictEqual(await check(argoCdTls, chart({ "server.insecure": "true" })), [
        `Chart 'argocd-chart': values.configs.params["server.insecure"] is true${tail}`,
      ]);
      assert.deepStrictEqual(await check(argoCdTls, cm("argocd-cmd-params-cm", "true")), [
        `ConfigMap 'argocd/argocd-cmd-params-cm': data["server.insecure"] is "true"${tail}`,
      ]);
    });
  });

  describe("argocd-token-credentials (advisory)", () => {
    const secret = (annotations: object | undefined, stringData: object): Res => ({
      type: T.secret,
      name: "s",
      props: { ...meta("argocd-login", "ci", annotations ? { annotations } : {}), stringData },
    });
    const tail =
      " — an API token can be scoped to a project role and revoked alone; a password opens the whole account; issue a token (`argocd account generate-token` for an account with the apiKey capability) and give ArgoCdToken `token` instead of `login`";

    it("passes token Secrets", async () => {
      assert.deepStrictEqual(
        await check(
          argoCdTokenCredentials,
          secret({ "kruise-devops.io/argocd-auth": "token" }, { ARGOCD_AUTH_TOKEN: "t" }),
        ),
        [],
      );
      assert.deepStrictEqual(
        await check(argoCdTokenCredentials, secret(undefined, { a: "b" })),
        [],
      );
    });

    it("advises a token over a password login", async () => {
      assert.deepStrictEqual(
        await check(
          argoCdTokenCredentials,
          secret({ "kruise-devops.io/argocd-auth": "password" }, { ARGOCD_PASSWORD: "p" }),
        ),
        [
          `Secret 'ci/argocd-login': metadata.annotations["kruise-devops.io/argocd-auth"] is password: the pipeline logs in to Argo CD with a username and password${tail}`,
        ],
      );
      assert.deepStrictEqual(
        await check(argoCdTokenCredentials, secret(undefined, { ARGOCD_PASSWORD: "p" })),
        [
          `Secret 'ci/argocd-login': holds ARGOCD_PASSWORD: the pipeline logs in to Argo CD with a username and password${tail}`,
        ],
      );
    });
  });

  describe("registry-egress-budget (stack, advisory)", () => {
    const planned = (name: string, egress: string): Res => {
      const j = job({}, T.ipj, name);
      j.props.metadata.annotations = { "kruise-devops.io/peak-egress-mibps": egress };
      return j;
    };
    const BUDGET = { registryEgressBudgetMiBps: 1000 };

    it("does not apply without a budget, and passes planned warms within it", async () => {
      assert.deepStrictEqual(await checkStack(registryEgressBudget, [planned("a", "5000")]), {
        messages: [],
        urns: [],
        notApplicable: "no registryEgressBudgetMiBps set",
      });
      for (const resources of [
        [planned("a", "400"), planned("b", "600")],
        [job(), planned("a", "999.9")],
        [job({}, T.ipj, "unplanned")],
      ]) {
        assert.deepStrictEqual(
          (await checkStack(registryEgressBudget, resources, BUDGET)).messages,
          [],
        );
      }
    });

    it("reports the warms' peaks added up over the budget, on the largest", async () => {
      const r = await checkStack(
        registryEgressBudget,
        [planned("a", "400"), planned("b", "700.5"), job({}, T.ipj, "unplanned")],
        BUDGET,
      );
      assert.deepStrictEqual(r.messages, [
        "ImagePullJob 'default/b': metadata.annotations[\"kruise-devops.io/peak-egress-mibps\"] the stack's 2 planned warm job(s) (ImagePullJob 'default/a', ImagePullJob 'default/b') pull up to 1100.5 MiB/s at their peak together, over registryEgressBudgetMiBps (1000); this one the most (700.5 MiB/s) — each node pulling counts against the registry's egress, and the jobs of one `up` start together; lower parallelism (the plan output shows the peak), stagger the warms over several `up`s, or raise the budget if the registry can serve it",
      ]);
      assert.deepStrictEqual(r.urns, [urnOf(planned("b", "700.5"))]);
    });

    it("reads the annotation the components write from their plan", async () => {
      resetRegistrations();
      const w = new kd.SidecarWarm("mesh", {
        images: ["docker.io/istio/proxyv2:1.23.2"],
        parallelism: 50,
        plan: { expectedNodes: 1000, imageSizeMiB: 100, pullMiBPerSecond: 25 },
      });
      const plan = await valueOf(w.plan);
      await settle();
      assert.strictEqual(plan!.peakEgressMiBPerSecond, 1250, "50 pulls at 25 MiB/s");
      const r = await checkStack(registryEgressBudget, registeredResources(), {
        registryEgressBudgetMiBps: 1000,
      });
      assert.strictEqual(r.messages.length, 1, r.messages.join("\n"));
      assert.match(r.messages[0], /pull up to 1250 MiB\/s at their peak together/);
    });
  });

  describe("kruise-feature-gates (stack)", () => {
    const warmRole: Res = {
      type: T.role,
      name: "pipeline-role-ci",
      props: {
        ...meta("pipeline", "ci"),
        rules: [
          {
            apiGroups: ["apps.kruise.io"],
            resources: ["imagepulljobs"],
            verbs: ["create", "get", "list", "watch", "delete"],
          },
        ],
      },
    };
    const gateFix = (gates: string[]) =>
      ` — Kruise's ImagePullJob webhook answers 403 and no controller pulls unless KruiseDaemon and ImagePullJobGate are on; set ${gates.map((g) => `${g}=true`).join(",")} in featureGates (KruiseOperator: drop ${gates.map((g) => `featureGates.${g}: false`).join(" and ")}; ImagePullJobGate is on by default there)`;
    const gitOpsFix =
      " — Kruise's webhook writes pod-template defaults into Kruise workloads, which Argo CD then reports as drift (Kruise's GitOps guide); turn on TemplateNoDefaults=true (KruiseOperator gitOps: true), or annotate every Application argocd.argoproj.io/compare-options: ServerSideDiff=true (ArgoApplication serverSideDiff: true)";

    it("computes effective gates with Kruise's defaults and ties", () => {
      const g = effectiveFeatureGates;
      assert.strictEqual(g(undefined).ImagePullJobGate, true, "the chart's own default string");
      assert.strictEqual(g("").ImagePullJobGate, false, "Kruise's default");
      assert.strictEqual(g("ImagePullJobGate=false").ImagePullJobGate, false);
      assert.strictEqual(
        g("ImagePullJobGate=false,PreDownloadImageForInPlaceUpdate=true").ImagePullJobGate,
        true,
        "a PreDownload gate forces it on",
      );
      assert.strictEqual(g("KruiseDaemon=false,ImagePullJobGate=true").ImagePullJobGate, false);
      assert.strictEqual(g("TemplateNoDefaults=true").TemplateNoDefaults, true);
      assert.strictEqual(g(" TemplateNoDefaults = True , Unknown=true").TemplateNoDefaults, true);
    });

    it("is not applicable without a Kruise chart", async () => {
      assert.deepStrictEqual(await checkStack(kruiseFeatureGates, [job(), cloneSet, argoApp()]), {
        messages: [],
        urns: [],
        notApplicable: "the stack installs no Kruise chart",
      });
    });

    it("passes gates that fit the stack", async () => {
      for (const [why, resources] of [
        ["chart default gates with warm jobs", [kruiseChart(), job(), warmRole]],
        ["ImagePullJobGate=true", [kruiseChart("ImagePullJobGate=true"), job()]],
        ["gate off, nothing warms", [kruiseChart("ImagePullJobGate=false"), cloneSet]],
        [
          "forced on by a PreDownload gate",
          [kruiseChart("ImagePullJobGate=false,PreDownloadImageForInPlaceUpdate=true"), job()],
        ],
        ["TemplateNoDefaults", [kruiseChart("TemplateNoDefaults=true"), argoApp(), cloneSet]],
        [
          "every Application diffs server-side",
          [
            kruiseChart(),
            argoApp({
              "argocd.argoproj.io/compare-options": "IgnoreExtraneous,ServerSideDiff=true",
            }),
            cloneSet,
          ],
        ],
        [
          "Argo CD diffs server-side globally",
          [
            kruiseChart(),
            {
              type: T.chart,
              name: "argocd-chart",
              props: {
                chart: "argo-cd",
                values: { configs: { params: { "controller.diff.server.side": true } } },
              },
            },
            argoApp(),
            cloneSet,
          ],
        ],
        ["Argo CD without Kruise workloads", [kruiseChart(), argoApp()]],
        [
          "a local chart directory, found by its values",
          [
            {
              type: T.chart,
              name: "kruise-chart",
              props: {
                chart: "/charts/openkruise/chart-1.8.3",
                values: { installation: {}, featureGates: "ImagePullJobGate=true" },
              },
            },
            job(),
          ],
        ],
      ] as [string, Res[]][]) {
        assert.deepStrictEqual(
          await checkStack(kruiseFeatureGates, resources),
          { messages: [], urns: [] },
          why,
        );
      }
    });

    it("wants ImagePullJobGate (and KruiseDaemon) on when the stack warms images", async () => {
      const chart = kruiseChart("ImagePullJobGate=false");
      const result = await checkStack(kruiseFeatureGates, [chart, job(), warmRole]);
      assert.deepStrictEqual(result.messages, [
        `Chart 'kruise-chart': featureGates "ImagePullJobGate=false" leaves ImagePullJobGate off, but the stack warms images with ImagePullJob 'default/warm', Role 'ci/pipeline' (a pipeline warm step)${gateFix(["ImagePullJobGate"])}`,
      ]);
      assert.deepStrictEqual(result.urns, [urnOf(chart)], "reported on the chart");
      assert.deepStrictEqual(
        (
          await checkStack(kruiseFeatureGates, [
            kruiseChart("KruiseDaemon=false,ImagePullJobGate=true"),
            job({}, T.ipjBeta, "a"),
            job({}, T.ipj, "b"),
            job({}, T.ipj, "c"),
            job({}, T.ipj, "d"),
          ])
        ).messages,
        [
          `Chart 'kruise-chart': featureGates "KruiseDaemon=false,ImagePullJobGate=true" leaves KruiseDaemon and ImagePullJobGate off, but the stack warms images with ImagePullJob 'default/a', ImagePullJob 'default/b', ImagePullJob 'default/c' and 1 more${gateFix(["KruiseDaemon", "ImagePullJobGate"])}`,
        ],
      );
      assert.deepStrictEqual(
        (await checkStack(kruiseFeatureGates, [kruiseChart(""), warmRole])).messages,
        [
          `Chart 'kruise-chart': featureGates "" leaves ImagePullJobGate off, but the stack warms images with Role 'ci/pipeline' (a pipeline warm step)${gateFix(["ImagePullJobGate"])}`,
        ],
      );
    });

    it("reads the manager's --feature-gates when the chart's values are not visible (a real engine's stack view)", async () => {
      const manager: Res = {
        type: T.deployment,
        name: "kruise-chart:kruise-system/kruise-controller-manager",
        props: {
          ...meta("kruise-controller-manager", "kruise-system"),
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: "manager",
                    args: ["--enable-leader-election", "--feature-gates=ImagePullJobGate=false"],
                  },
                ],
              },
            },
          },
        },
      };
      const chartOutputs: Res = { type: T.chart, name: "kruise-chart", props: { resources: [] } };
      assert.deepStrictEqual(
        (await checkStack(kruiseFeatureGates, [chartOutputs, manager, job()])).messages,
        [
          `Deployment 'kruise-system/kruise-controller-manager': featureGates "ImagePullJobGate=false" leaves ImagePullJobGate off, but the stack warms images with ImagePullJob 'default/warm'${gateFix(["ImagePullJobGate"])}`,
        ],
      );
    });

    it("wants TemplateNoDefaults or server-side diff when Argo CD meets Kruise workloads", async () => {
      const result = await checkStack(kruiseFeatureGates, [
        kruiseChart("ImagePullJobGate=true"),
        argoApp({ "argocd.argoproj.io/compare-options": "IgnoreExtraneous" }),
        cloneSet,
      ]);
      assert.deepStrictEqual(result.messages, [
        `Chart 'kruise-chart': featureGates "ImagePullJobGate=true" leaves TemplateNoDefaults off while Argo CD (Application 'argocd/web') diffs client-side and the stack runs Kruise workloads (CloneSet 'shop/web')${gitOpsFix}`,
      ]);
      assert.deepStrictEqual(
        (await checkStack(kruiseFeatureGates, [kruiseChart(), argoApp(), cloneSet])).messages,
        [
          `Chart 'kruise-chart': featureGates (unset: the chart's "ImagePullJobGate=true") leaves TemplateNoDefaults off while Argo CD (Application 'argocd/web') diffs client-side and the stack runs Kruise workloads (CloneSet 'shop/web')${gitOpsFix}`,
        ],
      );
    });
  });

  describe("no-secret-data-in-configmaps-or-annotations", () => {
    const PEM =
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    const DOCKER = JSON.stringify({ auths: { "ghcr.io": { username: "u", auth: "dTpw" } } });
    const leak =
      " — ConfigMaps and annotations are stored and shown in plain text (kubectl describe, Argo CD's UI, events) and readable by anyone who may read the object; move the value into a Secret (RegistryCredentials, GitCredentials, ArgoCdToken, or a kubernetes Secret from a Pulumi secret) and reference it by name; add the key to this policy's allowedKeys if it is not a credential";

    it("passes settings, references, known-safe keys, secrets and unknowns", async () => {
      const cm: Res = {
        type: T.configMap,
        name: "argocd-cm",
        props: {
          ...meta("argocd-cm", "argocd", {
            annotations: {
              "kruise-devops.io/argocd-auth": "password",
              "tekton.dev/git-0": "https://github.com",
              "nginx.ingress.kubernetes.io/auth-secret": "ingress/basic-auth",
              "example.com/api-token": { [SECRET_KEY]: SECRET_SIG, value: "wrapped" },
              "example.com/other-token": "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
            },
          }),
          data: {
            "server.disable.auth": "false",
            "timeout.reconciliation": "180",
            "oidc.clientSecret": "$oidc.azure.clientSecret",
            "resource.customizations.health.apps.kruise.io_ImagePullJob": "hs = {} -- token",
            "accounts.ci-bot": "apiKey",
            "empty.token": "",
            "ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
          },
        },
      };
      assert.deepStrictEqual(await check(noSecretData, cm), []);
      const ghost: Res = {
        type: T.secret,
        name: "s",
        props: { ...meta("s", "ci"), stringData: { password: "in a Secret: fine" } },
      };
      assert.deepStrictEqual(await check(noSecretData, ghost), []);
    });

    it("flags credential-named keys, PEM private keys and docker auth in ConfigMaps and annotations", async () => {
      const cm: Res = {
        type: T.configMap,
        name: "app-config",
        props: {
          ...meta("app", "shop", { annotations: { "example.com/api-token": "abc123" } }),
          data: {
            "db.password": "hunter2",
            "deploy.key": PEM,
            "config.json": DOCKER,
            "log.level": "info",
          },
        },
      };
      assert.deepStrictEqual(await check(noSecretData, cm), [
        `ConfigMap 'shop/app': metadata.annotations["example.com/api-token"] is named like a credential and holds a value${leak}`,
        `ConfigMap 'shop/app': data["db.password"] is named like a credential and holds a value${leak}`,
        `ConfigMap 'shop/app': data["deploy.key"] holds a PEM private key${leak}`,
        `ConfigMap 'shop/app': data["config.json"] holds docker config JSON with registry credentials ("auth")${leak}`,
      ]);
      const deployment = podWorkload(T.deployment, "web", "shop", { containers: [] });
      deployment.props.spec.template.metadata = {
        annotations: { "vault.example.com/auth": "s.xyz" },
      };
      assert.deepStrictEqual(await check(noSecretData, deployment), [
        `Deployment 'shop/web': spec.template.metadata.annotations["vault.example.com/auth"] is named like a credential and holds a value${leak}`,
      ]);
      assert.deepStrictEqual(
        await check(noSecretData, cm, { allowedKeys: ["example.com/api-token", "db.password"] }),
        [
          `ConfigMap 'shop/app': data["deploy.key"] holds a PEM private key${leak}`,
          `ConfigMap 'shop/app': data["config.json"] holds docker config JSON with registry credentials ("auth")${leak}`,
        ],
        "allowedKeys from the policy config",
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The whole pack over a platform built from the package's components, under Pulumi mocks
// ---------------------------------------------------------------------------------------------

const WEB_IMAGE = "ghcr.io/acme/web:1.4.2";

interface PlatformOptions {
  featureGates?: { ImagePullJobGate?: boolean };
  gitOps: boolean;
  serverSideDiff?: boolean;
  argoInsecure?: boolean;
  argoLogin?: boolean;
}

/** A realistic platform: Kruise, Argo CD, an Application, a CloneSet, warm jobs, CI. */
async function platform(o: PlatformOptions) {
  resetRegistrations();
  // Server templating: a helm.v4.Chart whose values the rules read (under mocks a client-templated
  // chart renders nothing; on a real engine the rules read the rendered manager Deployment).
  const kruise = new kd.KruiseOperator("kruise", {
    templating: "server",
    gitOps: o.gitOps,
    ...(o.featureGates ? { featureGates: o.featureGates } : {}),
  });
  const argocd = new kd.ArgoCd("argocd", {
    adminPassword: pulumi.secret("correct horse battery staple"),
    ...(o.argoInsecure ? { insecure: true } : {}),
  });
  new kd.ArgoApplication("web", {
    repoURL: "https://github.com/acme/deploy.git",
    path: "apps/web",
    targetRevision: "v1.4.2",
    destination: { namespace: "shop" },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
    kruise,
    ...(o.serverSideDiff === undefined ? {} : { serverSideDiff: o.serverSideDiff }),
  });
  new kd.CloneSet("web", {
    namespace: "shop",
    image: WEB_IMAGE,
    ports: { http: 8080 },
    replicas: 4,
  });
  const base = new kd.BaseImageWarm("base", { images: ["docker.io/library/nginx:1.27"] });
  const mesh = new kd.SidecarWarm("mesh", { images: ["envoyproxy/envoy:v1.31.2"] });
  const pool = new kd.PoolWarm("web-pool", {
    namespace: "shop",
    images: [WEB_IMAGE],
    pool: { podSelector: { matchLabels: { "app.kubernetes.io/name": "web" } } },
  });
  const registry = new kd.RegistryCredentials("registry-creds", {
    registry: "ghcr.io",
    username: "ci-bot",
    password: pulumi.secret("ghp_registrytoken"),
    namespace: "ci",
  });
  const git = new kd.GitCredentials("git-creds", {
    host: "github.com",
    namespace: "ci",
    basicAuth: { username: "ci-bot", password: pulumi.secret("ghp_gittoken") },
  });
  const token = new kd.ArgoCdToken("argocd-token", {
    server: argocd.serverAddress,
    namespace: "ci",
    ...(o.argoLogin
      ? { login: { username: "ci-bot", password: pulumi.secret("argocd-pass") } }
      : { token: pulumi.secret("argocd-api-token") }),
  });
  const sa = new kd.PipelineServiceAccount("pipeline", {
    namespace: "ci",
    credentials: [registry, git],
    deploys: [{ kind: "CloneSet", name: "web", namespace: "shop" }],
  });
  new kd.CiPipeline("web-ci", {
    namespace: "ci",
    serviceAccount: sa,
    repo: "https://github.com/acme/web.git",
    test: { image: "docker.io/library/golang:1.23", command: ["go", "test", "./..."] },
    build: { image: "ghcr.io/acme/web", registrySecret: registry },
    warm: { parallelism: 20, selector: { "resource-pool": "web" } },
    deploy: { cloneSet: { name: "web", container: "web", namespace: "shop" } },
    run: {},
  });
  const jobNames = [
    ...Object.values(await valueOf(base.jobNames)).map((n) => `default/${n}`),
    ...Object.values(await valueOf(mesh.jobNames)).map((n) => `default/${n}`),
    ...Object.values(await valueOf(pool.jobNames)).map((n) => `shop/${n}`),
  ];
  await valueOf(token.secretName);
  await settle();
  return { jobNames, resources: registeredResources() };
}

const count = (resources: Res[], type: string) => resources.filter((r) => r.type === type).length;

describe("policy pack over a platform built from the components (Pulumi mocks)", () => {
  beforeEach(resetRegistrations);

  it("finds nothing, mandatory or advisory, in the platform as the components build it", async () => {
    const { resources } = await platform({ gitOps: true });
    assert.strictEqual(resources.length, 37);
    // The harness really saw the platform: every kind the rules look at is there.
    for (const [type, n] of [
      [T.ipj, 3],
      [T.cloneSet, 1],
      [T.application, 1],
      [T.chart, 2],
      [T.task, 5],
      [T.pipeline, 1],
      [T.sa, 1],
      [T.role, 2],
      [T.secret, 4],
    ] as const) {
      assert.strictEqual(count(resources, type), n, type);
    }
    const argoChart = resources.find((r) => r.name === "argocd-chart")!;
    assert.match(
      argoChart.props.values.configs.secret.argocdServerAdminPassword,
      /^\$2[aby]\$10\$/,
      "the secret-wrapped bcrypt hash is unwrapped",
    );
    assert.deepStrictEqual(await runPack(resources), []);
  });

  it("reports exactly the stack violations of a Kruise install that does not fit", async () => {
    const { resources, jobNames } = await platform({
      gitOps: false,
      featureGates: { ImagePullJobGate: false },
      serverSideDiff: false,
    });
    const chart = resources.find((r) => r.type === T.chart && r.name === "kruise-chart")!;
    const warmers = [
      ...jobNames.map((n) => `ImagePullJob '${n}'`),
      "Role 'ci/pipeline' (a pipeline warm step)",
    ].sort();
    assert.strictEqual(warmers.length, 4);
    const findings = await runPack(resources);
    assert.deepStrictEqual(findings, [
      {
        policy: "kruise-feature-gates",
        level: "mandatory",
        message: `Chart 'kruise-chart': featureGates "ImagePullJobGate=false" leaves ImagePullJobGate off, but the stack warms images with ${warmers.slice(0, 3).join(", ")} and 1 more — Kruise's ImagePullJob webhook answers 403 and no controller pulls unless KruiseDaemon and ImagePullJobGate are on; set ImagePullJobGate=true in featureGates (KruiseOperator: drop featureGates.ImagePullJobGate: false; ImagePullJobGate is on by default there)`,
        urn: chart.urn!,
      },
      {
        policy: "kruise-feature-gates",
        level: "mandatory",
        message: `Chart 'kruise-chart': featureGates "ImagePullJobGate=false" leaves TemplateNoDefaults off while Argo CD (Application 'argocd/web') diffs client-side and the stack runs Kruise workloads (CloneSet 'shop/web') — Kruise's webhook writes pod-template defaults into Kruise workloads, which Argo CD then reports as drift (Kruise's GitOps guide); turn on TemplateNoDefaults=true (KruiseOperator gitOps: true), or annotate every Application argocd.argoproj.io/compare-options: ServerSideDiff=true (ArgoApplication serverSideDiff: true)`,
        urn: chart.urn!,
      },
    ]);
  });

  it("without gitOps, the Application's default server-side diff keeps the pack quiet", async () => {
    const { resources } = await platform({ gitOps: false });
    assert.strictEqual(resources.length, 37, "the whole platform, as with gitOps");
    assert.deepStrictEqual(await runPack(resources), []);
  });

  it("reports each resource rule on what components and raw resources add", async () => {
    const { resources: base } = await platform({
      gitOps: true,
      argoInsecure: true,
      argoLogin: true,
    });
    resetRegistrations();
    new k8s.rbac.v1.ClusterRoleBinding("pipeline-admin", {
      metadata: { name: "pipeline-admin" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "cluster-admin",
      },
      subjects: [{ kind: "ServiceAccount", name: "pipeline", namespace: "ci" }],
    });
    new k8s.core.v1.ConfigMap("web-config", {
      metadata: { name: "web-config", namespace: "shop" },
      data: { "db.password": "hunter2" },
    });
    new k8s.apps.v1.Deployment("legacy", {
      metadata: { name: "legacy", namespace: "shop" },
      spec: {
        selector: { matchLabels: { app: "legacy" } },
        template: {
          metadata: { labels: { app: "legacy" } },
          spec: { containers: [{ name: "legacy", image: "nginx" }] },
        },
      },
    });
    await settle();
    const findings = await runPack([...base, ...registeredResources()]);
    // Resource policies first, then stack policies, as an engine runs them (Analyze per
    // resource during the update, AnalyzeStack at its end).
    assert.deepStrictEqual(
      findings.map((f) => [f.policy, f.level, f.message.split(" — ")[0]]),
      [
        [
          "pinned-images",
          "mandatory",
          `Deployment 'shop/legacy': spec.template.spec.containers[0].image ("nginx") has no tag or digest`,
        ],
        [
          "no-cluster-admin",
          "mandatory",
          "ClusterRoleBinding 'pipeline-admin': roleRef.name is cluster-admin",
        ],
        [
          "argocd-tls",
          "mandatory",
          `Chart 'argocd-chart': values.configs.params["server.insecure"] is true`,
        ],
        [
          "argocd-token-credentials",
          "advisory",
          `Secret 'ci/argocd-token': metadata.annotations["kruise-devops.io/argocd-auth"] is password: the pipeline logs in to Argo CD with a username and password`,
        ],
        [
          "no-secret-data-in-configmaps-or-annotations",
          "mandatory",
          `ConfigMap 'shop/web-config': data["db.password"] is named like a credential and holds a value`,
        ],
        [
          "no-pipeline-clusterrolebinding",
          "mandatory",
          "ClusterRoleBinding 'pipeline-admin': subjects[0] (ServiceAccount ci/pipeline) binds a pipeline ServiceAccount to ClusterRole cluster-admin in every namespace",
        ],
      ],
    );
  });
});
