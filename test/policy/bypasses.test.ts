/**
 * The pack against deliberate bypasses (issue 14, item 13): for every rule, the ways around it a
 * user could try — other kinds, server-side-apply patches, values that arrive through another
 * field or another resource — each caught, and the legitimate neighbours still passing.
 */
import * as assert from "assert";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgoCd, KruiseOperator, TektonPipelines } from "kruise-devops";
import { runPolicies } from "kruise-devops/testing";
import {
  argoCdTls,
  argoCdTokenCredentials,
  kruiseFeatureGates,
  imagePullJobPolicies,
  noBroadRbacSubjects,
  noClusterAdmin,
  noPipelineClusterRoleBinding,
  pipelineRunServiceAccount,
  noSecretData,
  pinnedImages,
  pinnedImagesViaParams,
} from "../../policy/policies";
import { decodeYaml } from "../../policy/testing/mockedProgram";
import { UPSTREAM } from "../support/crdSchema";
import { Res, check, checkStack } from "../support/policyRun";

/** The upstream Tekton release the tests read (the fixtures' manifests). */
const TEKTON_RELEASE = path.join(UPSTREAM, "tekton", "v1.15.0", "config");

const DIGEST = "sha256:" + "b".repeat(64);
const meta = (name: string, namespace?: string, extra: object = {}) => ({
  metadata: { name, ...(namespace ? { namespace } : {}), ...extra },
});
const res = (type: string, name: string, props: Record<string, any>): Res => ({
  type,
  name,
  props,
});
/** The first words of each message: `Kind 'ns/name': path (image) has no tag or digest`. */
const heads = (messages: string[]) => messages.map((m) => m.split(" — ")[0]);

describe("the pack against bypasses", () => {
  describe("pinned-images: every pod-bearing kind, and patches", () => {
    const pod = (image: string) => ({ containers: [{ name: "c", image }] });
    const K = "kubernetes:apps.kruise.io";
    /** [type, props holding `image` where that kind keeps its containers, the path shown]. */
    const kinds = (image: string): [string, Record<string, any>, string][] => [
      ["kubernetes:core/v1:Pod", { spec: pod(image) }, "spec.containers[0].image"],
      [
        "kubernetes:core/v1:PodTemplate",
        { template: { spec: pod(image) } },
        "template.spec.containers[0].image",
      ],
      ...[
        "kubernetes:apps/v1:Deployment",
        "kubernetes:apps/v1:StatefulSet",
        "kubernetes:apps/v1:DaemonSet",
        "kubernetes:apps/v1:ReplicaSet",
        "kubernetes:core/v1:ReplicationController",
        "kubernetes:batch/v1:Job",
        `${K}/v1alpha1:CloneSet`,
        `${K}/v1alpha1:StatefulSet`,
        `${K}/v1beta1:StatefulSet`,
        `${K}/v1alpha1:DaemonSet`,
        `${K}/v1beta1:DaemonSet`,
        `${K}/v1alpha1:BroadcastJob`,
        `${K}/v1beta1:BroadcastJob`,
      ].map((t): [string, Record<string, any>, string] => [
        t,
        { spec: { template: { spec: pod(image) } } },
        "spec.template.spec.containers[0].image",
      ]),
      [
        "kubernetes:batch/v1:CronJob",
        { spec: { jobTemplate: { spec: { template: { spec: pod(image) } } } } },
        "spec.jobTemplate.spec.template.spec.containers[0].image",
      ],
      [
        `${K}/v1alpha1:UnitedDeployment`,
        { spec: { template: { cloneSetTemplate: { spec: { template: { spec: pod(image) } } } } } },
        "spec.template.cloneSetTemplate.spec.template.spec.containers[0].image",
      ],
      [`${K}/v1alpha1:SidecarSet`, { spec: pod(image) }, "spec.containers[0].image"],
      [
        `${K}/v1beta1:SidecarSet`,
        { spec: { initContainers: [{ name: "i", image }] } },
        "spec.initContainers[0].image",
      ],
      [
        `${K}/v1alpha1:EphemeralJob`,
        { spec: { template: { ephemeralContainers: [{ name: "debug", image }] } } },
        "spec.template.ephemeralContainers[0].image",
      ],
      ["kubernetes:tekton.dev/v1beta1:StepAction", { spec: { image } }, "spec.image"],
    ];

    it("flags an unpinned image in each kind, and in the server-side-apply patch of each", async () => {
      for (const [type, props, path] of kinds("busybox")) {
        for (const t of [type, `${type}Patch`]) {
          const r = res(t, "x", { ...meta("x", "shop"), ...props });
          const kind = t.slice(t.lastIndexOf(":") + 1);
          assert.deepStrictEqual(
            heads(await check(pinnedImages, r)),
            [`${kind} 'shop/x': ${path} ("busybox") has no tag or digest`],
            t,
          );
        }
      }
    });

    it("passes pinned images in each kind, and patches that leave the image out", async () => {
      for (const [type, props] of kinds(`busybox@${DIGEST}`)) {
        assert.deepStrictEqual(await check(pinnedImages, res(type, "x", props)), [], type);
      }
      // A patch of resources only: no image to judge, nothing to complain about.
      const patch = res("kubernetes:apps/v1:DeploymentPatch", "x", {
        ...meta("web", "shop"),
        spec: { template: { spec: { containers: [{ name: "web", resources: {} }] } } },
      });
      assert.deepStrictEqual(await check(pinnedImages, patch), []);
    });
  });

  describe("pinned-images: an image reaching a Tekton step through params", () => {
    const TASK = "kubernetes:tekton.dev/v1:Task";
    const PIPELINE = "kubernetes:tekton.dev/v1:Pipeline";
    const RUN = "kubernetes:tekton.dev/v1:PipelineRun";
    const TASKRUN = "kubernetes:tekton.dev/v1:TaskRun";
    const task = (defaultImage?: string) =>
      res(TASK, "build-task", {
        ...meta("build", "ci"),
        spec: {
          params: [{ name: "builder", ...(defaultImage ? { default: defaultImage } : {}) }],
          steps: [{ name: "build", image: "$(params.builder)" }],
        },
      });

    it("resolves a step's $(params.x) with the Task's default", async () => {
      assert.deepStrictEqual(heads(await check(pinnedImages, task("golang"))), [
        `Task 'ci/build': spec.steps[0].image ("$(params.builder)" = "golang" from spec.params[0].default) has no tag or digest`,
      ]);
      const bracket = task("golang:latest");
      bracket.props.spec.steps[0].image = "$(params['builder'])";
      assert.deepStrictEqual(heads(await check(pinnedImages, bracket)), [
        `Task 'ci/build': spec.steps[0].image ("$(params['builder'])" = "golang:latest" from spec.params[0].default) is tagged ':latest'`,
      ]);
      assert.deepStrictEqual(await check(pinnedImages, task("golang:1.23")), []);
      assert.deepStrictEqual(await check(pinnedImages, task()), [], "no default: run time");
    });

    it("resolves a Pipeline's inline taskSpec from the task's value or the Pipeline's default", async () => {
      const pipeline = (value: string | undefined, pipelineDefault: string) =>
        res(PIPELINE, "p", {
          ...meta("ci", "ci"),
          spec: {
            params: [{ name: "img", default: pipelineDefault }],
            tasks: [
              {
                name: "build",
                ...(value === undefined ? {} : { params: [{ name: "builder", value }] }),
                taskSpec: {
                  params: [{ name: "builder", default: "golang:1.23" }],
                  steps: [
                    { name: "build", image: "$(params.builder)" },
                    { name: "lint", image: "$(params.img)" },
                  ],
                },
              },
            ],
          },
        });
      assert.deepStrictEqual(heads(await check(pinnedImages, pipeline("golang", "lint:1"))), [
        `Pipeline 'ci/ci': spec.tasks[0].taskSpec.steps[0].image ("$(params.builder)" = "golang" from spec.tasks[0].params[0].value) has no tag or digest`,
      ]);
      assert.deepStrictEqual(
        heads(await check(pinnedImages, pipeline("$(params.img)", "golangci"))),
        [
          `Pipeline 'ci/ci': spec.tasks[0].taskSpec.steps[0].image ("$(params.builder)" = "golangci" from spec.params[0].default) has no tag or digest`,
          `Pipeline 'ci/ci': spec.tasks[0].taskSpec.steps[1].image ("$(params.img)" = "golangci" from spec.params[0].default) has no tag or digest`,
        ],
      );
      assert.deepStrictEqual(await check(pinnedImages, pipeline(undefined, "lint:1")), []);
      assert.deepStrictEqual(
        await check(pinnedImages, pipeline("$(tasks.prev.results.image)", "lint:1")),
        [],
        "a result is only known at run time",
      );
    });

    it("follows a PipelineRun's params into its Pipeline and Tasks, and a TaskRun's into its Task (stack)", async () => {
      const pipeline = res(PIPELINE, "p", {
        ...meta("ci", "ci"),
        spec: {
          params: [{ name: "img", default: "golang:1.23" }],
          tasks: [
            {
              name: "build",
              taskRef: { name: "build" },
              params: [{ name: "builder", value: "$(params.img)" }],
            },
            { name: "inline", taskSpec: { steps: [{ name: "s", image: "$(params.img)" }] } },
          ],
        },
      });
      const run = (value: string) =>
        res(RUN, "run", {
          ...meta("ci-run", "ci"),
          spec: { pipelineRef: { name: "ci" }, params: [{ name: "img", value }] },
        });
      const found = await checkStack(pinnedImagesViaParams, [
        task("golang:1.23"),
        pipeline,
        run("golang"),
      ]);
      assert.deepStrictEqual(heads(found.messages), [
        `PipelineRun 'ci/ci-run': spec.params (Task 'ci/build' spec.steps[0].image "$(params.builder)" = "golang" from spec.params[0].value) has no tag or digest`,
        `PipelineRun 'ci/ci-run': spec.params (Pipeline 'ci/ci' spec.tasks[1].taskSpec.steps[0].image "$(params.img)" = "golang" from spec.params[0].value) has no tag or digest`,
      ]);
      assert.deepStrictEqual(
        (
          await checkStack(pinnedImagesViaParams, [
            task("golang:1.23"),
            pipeline,
            run("golang:1.24"),
          ])
        ).messages,
        [],
      );
      // A Pipeline's own value into a referenced Task; a TaskRun's param into its Task.
      const badPipeline = JSON.parse(JSON.stringify(pipeline));
      badPipeline.props.spec.params[0].default = "golang";
      const taskRun = res(TASKRUN, "tr", {
        ...meta("tr", "ci"),
        spec: { taskRef: { name: "build" }, params: [{ name: "builder", value: "golang:latest" }] },
      });
      assert.deepStrictEqual(
        heads(
          (await checkStack(pinnedImagesViaParams, [task("golang:1.23"), badPipeline, taskRun]))
            .messages,
        ),
        [
          `TaskRun 'ci/tr': spec.params (Task 'ci/build' spec.steps[0].image "$(params.builder)" = "golang:latest" from spec.params[0].value) is tagged ':latest'`,
          `Pipeline 'ci/ci': spec.tasks[0].params (Task 'ci/build' spec.steps[0].image "$(params.builder)" = "golang" from spec.params[0].default) has no tag or digest`,
        ],
      );
      // A ref to another kind (a ClusterTask) or through a resolver is not the stack's Task.
      for (const taskRef of [
        { name: "build", kind: "ClusterTask" },
        { resolver: "cluster", params: [{ name: "name", value: "build" }], name: "build" },
      ]) {
        const other = res(TASKRUN, "tr", {
          ...meta("tr", "ci"),
          spec: { taskRef, params: taskRun.props.spec.params },
        });
        assert.deepStrictEqual(
          (await checkStack(pinnedImagesViaParams, [task("golang:1.23"), other])).messages,
          [],
          JSON.stringify(taskRef),
        );
      }
      // What a Task shows alone is pinned-images' (not reported twice); another namespace's Task is not the one.
      const elsewhere = res(RUN, "run2", {
        ...meta("run", "other"),
        spec: { pipelineRef: { name: "ci" }, params: [{ name: "img", value: "golang" }] },
      });
      assert.deepStrictEqual(
        (await checkStack(pinnedImagesViaParams, [task("golang"), pipeline, elsewhere])).messages,
        [],
      );
    });
  });

  describe("no-cluster-admin: roles that amount to cluster-admin or admin", () => {
    const CR = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
    const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
    const role = (type: string, extra: Record<string, any>, name = "ops"): Res =>
      res(type, name, { ...meta(name, type === ROLE ? "ci" : undefined), ...extra });
    const all = { apiGroups: ["*"], resources: ["*"], verbs: ["*"] };

    it("flags `*` on `*`, the escalation verbs, aggregation into admin/edit, and their patches", async () => {
      const cases: [Res, string][] = [
        [
          role(CR, { rules: [all] }),
          "ClusterRole 'ops': rules[0] grants every verb on every resource of every API group (`*` on `*`)",
        ],
        [
          role(`${CR}Patch`, { rules: [{ nonResourceURLs: ["*"], verbs: ["*"] }, all] }),
          "ClusterRolePatch 'ops': rules[1] grants every verb",
        ],
        [role(ROLE, { rules: [all] }), "Role 'ci/ops': rules[0] grants every verb"],
        [
          role(ROLE, {
            rules: [
              {
                apiGroups: ["rbac.authorization.k8s.io"],
                resources: ["clusterroles"],
                verbs: ["bind"],
              },
            ],
          }),
          "Role 'ci/ops': rules[0] grants escalate or bind on roles",
        ],
        [
          // `*` on every core resource holds impersonate on users and groups.
          role(CR, { rules: [{ apiGroups: [""], resources: ["*"], verbs: ["*"] }] }),
          "ClusterRole 'ops': rules[0] grants impersonate on users or groups",
        ],
        [
          role(CR, { rules: [{ apiGroups: [""], resources: ["groups"], verbs: ["impersonate"] }] }),
          "ClusterRole 'ops': rules[0] grants impersonate on users or groups",
        ],
        [
          role(CR, {
            metadata: {
              name: "ops",
              labels: { "rbac.authorization.k8s.io/aggregate-to-edit": "true" },
            },
            rules: [],
          }),
          `ClusterRole 'ops': metadata.labels["rbac.authorization.k8s.io/aggregate-to-edit"] adds its rules to the built-in edit role`,
        ],
        [
          role(`${CR}Patch`, {
            metadata: {
              name: "view",
              labels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" },
            },
          }),
          `ClusterRolePatch 'view': metadata.labels["rbac.authorization.k8s.io/aggregate-to-admin"] adds its rules to the built-in admin role`,
        ],
        [
          role(CR, {
            aggregationRule: {
              clusterRoleSelectors: [
                { matchLabels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } },
              ],
            },
          }),
          "ClusterRole 'ops': aggregationRule.clusterRoleSelectors[0] aggregates what the built-in admin role aggregates",
        ],
        [
          role(CR, { aggregationRule: { clusterRoleSelectors: [{}] } }),
          "ClusterRole 'ops': aggregationRule.clusterRoleSelectors[0] aggregates every ClusterRole (an empty selector)",
        ],
      ];
      for (const [r, head] of cases) {
        const found = await check(noClusterAdmin, r);
        assert.strictEqual(found.length, 1, JSON.stringify(found));
        assert.ok(found[0].startsWith(head), found[0]);
      }
    });

    it("passes narrower grants: `*` in only some fields, nonResourceURLs alone, named objects, view aggregation", async () => {
      for (const r of [
        role(CR, {
          rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] }],
        }),
        role(CR, { rules: [{ apiGroups: ["apps"], resources: ["*"], verbs: ["*"] }] }),
        role(CR, { rules: [{ nonResourceURLs: ["*"], verbs: ["*"] }] }),
        role(CR, { rules: [{ ...all, resourceNames: ["one"] }] }),
        role(ROLE, {
          rules: [{ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] }],
        }),
        role(CR, {
          metadata: {
            name: "ops",
            labels: { "rbac.authorization.k8s.io/aggregate-to-view": "true" },
          },
          rules: [],
        }),
        role(CR, {
          metadata: {
            name: "ops",
            labels: { "rbac.authorization.k8s.io/aggregate-to-edit": "false" },
          },
          rules: [],
        }),
      ]) {
        assert.deepStrictEqual(await check(noClusterAdmin, r), [], JSON.stringify(r.props));
      }
      assert.deepStrictEqual(
        await check(noClusterAdmin, role(CR, { rules: [all] }, "cert-manager-controller"), {
          allowedRoles: ["cert-manager-controller"],
        }),
        [],
        "allowedRoles from the policy config",
      );
    });

    it("exempts the upstream roles our installs render, and only those, only there", async () => {
      const chain = (types: string[]) =>
        `urn:pulumi:dev::shop::${[...types, CR].join("$")}::argocd-chart:argocd-application-controller`;
      const controller = (urn: string): Res => ({
        ...role(CR, { rules: [all] }, "argocd-application-controller"),
        urn,
      });
      const ARGO = "kruise-devops:index:ArgoCd";
      const CHART = "kubernetes:helm.sh/v4:Chart";
      assert.deepStrictEqual(await check(noClusterAdmin, controller(chain([ARGO, CHART]))), []);
      assert.deepStrictEqual(
        await check(
          noClusterAdmin,
          controller(chain(["kruise-devops:index:Platform", ARGO, CHART])),
        ),
        [],
      );
      for (const urn of [
        chain([]), // beside the install
        chain([ARGO]), // parented to it by hand
        chain([ARGO, CHART, "kubernetes:yaml/v2:ConfigGroup"]), // a group of one's own below
        chain(["kruise-devops:index:TektonPipelines", "kubernetes:yaml/v2:ConfigGroup"]), // another install
      ]) {
        assert.strictEqual((await check(noClusterAdmin, controller(urn))).length, 1, urn);
      }
      const other = { ...role(CR, { rules: [all] }, "mine"), urn: chain([ARGO, CHART]) };
      assert.strictEqual(
        (await check(noClusterAdmin, other)).length,
        1,
        "another name in the chart",
      );
    });

    it("the platform's upstream installs (Argo CD, Tekton, Kruise) pass no-cluster-admin and no-broad-rbac-subjects as their manifests render", async () => {
      const controllerRole = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "argocd-application-controller" },
        rules: [all, { nonResourceURLs: ["*"], verbs: ["*"] }],
      };
      const kruiseAdmin = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: {
          name: "aggregate-kruise-admin",
          labels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" },
        },
        rules: [],
      };
      const { violations, resources } = await runPolicies(
        () => {
          new ArgoCd("argocd", {
            adminPassword: pulumi.secret("correct horse"),
            templating: "client",
          });
          new KruiseOperator("kruise", {});
          new TektonPipelines("tekton", { source: { path: TEKTON_RELEASE } });
        },
        {
          mocks: {
            call: (a) =>
              a.token === "kubernetes:yaml:decode"
                ? { result: decodeYaml(a.inputs.text) }
                : a.token === "kubernetes:helm:template"
                  ? {
                      result: String(a.inputs.jsonOpts).includes('"chart":"argo-cd"')
                        ? [controllerRole]
                        : [kruiseAdmin],
                    }
                  : a.inputs,
          },
        },
      );
      const names = resources.filter((r) => r.type === CR).map((r) => r.name);
      for (const n of [
        "argocd-application-controller",
        "aggregate-kruise-admin",
        "tekton-aggregate-edit",
      ])
        assert.ok(
          names.some((x) => x.endsWith(n)),
          `${n} rendered: ${names.join(", ")}`,
        );
      assert.deepStrictEqual(
        violations.filter((v) => ["no-cluster-admin", "no-broad-rbac-subjects"].includes(v.policy)),
        [],
      );
      // The same role beside the install, a user's own, is caught.
      const mine = await runPolicies(() => {
        new k8s.rbac.v1.ClusterRole("mine", {
          metadata: controllerRole.metadata,
          rules: controllerRole.rules,
        });
      });
      assert.deepStrictEqual(
        mine.violations.map((v) => [v.policy, v.resourceName]),
        [["no-cluster-admin", "mine"]],
      );
    });
  });

  describe("no-secret-data: credential-shaped content, binaryData and patches", () => {
    const CM = "kubernetes:core/v1:ConfigMap";
    const cm = (data: Record<string, string>, type = CM, field = "data") =>
      res(type, "cm", { ...meta("app", "shop"), [field]: data });
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const legacy = JSON.stringify({
      "https://index.docker.io/v1/": { auth: "dTpw", email: "a@b" },
    });

    it("flags credentials by their shape under innocent keys", async () => {
      const cases: [Res, string][] = [
        [
          cm({ "config.json": legacy }),
          'holds docker config JSON with registry credentials ("auth")',
        ],
        [
          cm({ "config.json": JSON.stringify({ auths: { "ghcr.io": { identitytoken: "t" } } }) }),
          'holds docker config JSON with registry credentials ("auth")',
        ],
        [
          cm({
            npmrc: "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_abc",
          }),
          "holds an npm registry credential (.npmrc _authToken=)",
        ],
        [cm({ npmrc: "_auth = dXNlcjpwYXNz" }), "holds an npm registry credential (.npmrc _auth=)"],
        [cm({ creds: "https://ci-bot:ghp_x@github.com\n" }), "holds a URL with credentials"],
        [
          cm({ "settings.ini": "url = https://oauth2:glpat@gitlab.example.com/x.git" }),
          "holds a URL with credentials",
        ],
        [cm({ note: `use ghp_${"a".repeat(36)} here` }), "holds a token of a known shape"],
        [
          cm({ "ca.bin": b64(legacy) }, CM, "binaryData"),
          "base64-decoded, holds docker config JSON",
        ],
        [
          cm({ "db.password": b64("hunter2") }, CM, "binaryData"),
          "base64-decoded, is named like a credential",
        ],
        [cm({ "db.password": "hunter2" }, `${CM}Patch`), "is named like a credential"],
      ];
      for (const [r, what] of cases) {
        const found = await check(noSecretData, r);
        assert.strictEqual(found.length, 1, JSON.stringify([r.props, found]));
        assert.ok(
          found[0].split(" — ")[0].endsWith(what) || found[0].includes(` ${what}`),
          found[0],
        );
        assert.ok(
          found[0].startsWith(`${r.type.slice(r.type.lastIndexOf(":") + 1)} 'shop/app': `),
          found[0],
        );
      }
    });

    it("passes look-alikes: env references, URLs without credentials, empty docker auths, plain binaryData", async () => {
      for (const r of [
        cm({ npmrc: "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true" }),
        cm({ repos: "https://github.com/acme/web.git\nssh://git@github.com/acme/web.git" }),
        cm({
          "config.json": JSON.stringify({
            auths: { "ghcr.io": {} },
            credHelpers: { "gcr.io": "gcloud" },
          }),
        }),
        cm({ "logo.png": b64("\x89PNG not a secret") }, CM, "binaryData"),
      ]) {
        assert.deepStrictEqual(await check(noSecretData, r), [], JSON.stringify(r.props));
      }
    });
  });

  describe("argocd-tls: --insecure and ARGOCD_SERVER_INSECURE, rendered or patched", () => {
    const chart = (values: object) =>
      res("kubernetes:helm.sh/v4:Chart", "argocd-chart", { chart: "argo-cd", values });
    const server = (type: string, name: string, container: object) =>
      res(type, name, {
        ...meta(name, "argocd"),
        spec: { template: { spec: { containers: [{ name: "server", ...container }] } } },
      });
    const D = "kubernetes:apps/v1:Deployment";

    it("flags the flag and the env in chart values, the server's containers, and patches", async () => {
      const cases: [Res, string[]][] = [
        [
          chart({
            server: {
              extraArgs: ["--insecure"],
              env: [{ name: "ARGOCD_SERVER_INSECURE", value: "true" }],
            },
            global: { env: [{ name: "ARGOCD_SERVER_INSECURE", value: "1" }] },
          }),
          [
            `Chart 'argocd-chart': values.server.extraArgs[0] is "--insecure"`,
            `Chart 'argocd-chart': values.server.env[0].value sets ARGOCD_SERVER_INSECURE to "true"`,
            `Chart 'argocd-chart': values.global.env[0].value sets ARGOCD_SERVER_INSECURE to "1"`,
          ],
        ],
        [
          server(D, "argocd-server", { args: ["/usr/local/bin/argocd-server", "--insecure=true"] }),
          [
            `Deployment 'argocd/argocd-server': spec.template.spec.containers[0].args[1] is "--insecure=true"`,
          ],
        ],
        [
          // Renamed (fullnameOverride): known by the binary it runs.
          server(D, "gitops-api", {
            command: ["argocd-server"],
            env: [{ name: "ARGOCD_SERVER_INSECURE", value: "True" }],
          }),
          [
            `Deployment 'argocd/gitops-api': spec.template.spec.containers[0].env[0].value sets ARGOCD_SERVER_INSECURE to "True"`,
          ],
        ],
        [
          server(`${D}Patch`, "argocd-server", {
            env: [{ name: "ARGOCD_SERVER_INSECURE", value: "true" }],
          }),
          [
            `DeploymentPatch 'argocd/argocd-server': spec.template.spec.containers[0].env[0].value sets ARGOCD_SERVER_INSECURE to "true"`,
          ],
        ],
        [
          res("kubernetes:core/v1:ConfigMapPatch", "p", {
            ...meta("argocd-cmd-params-cm", "argocd"),
            data: { "server.insecure": "true" },
          }),
          [`ConfigMapPatch 'argocd/argocd-cmd-params-cm': data["server.insecure"] is "true"`],
        ],
      ];
      for (const [r, expected] of cases) {
        assert.deepStrictEqual(heads(await check(argoCdTls, r)), expected);
      }
    });

    it("passes TLS kept: false flags, env from the params ConfigMap, --insecure in other Deployments", async () => {
      for (const r of [
        chart({
          server: {
            extraArgs: ["--insecure=false"],
            env: [{ name: "ARGOCD_SERVER_INSECURE", value: "false" }],
          },
        }),
        server(D, "argocd-server", {
          args: ["/usr/local/bin/argocd-server", "--port=8080"],
          env: [
            {
              name: "ARGOCD_SERVER_INSECURE",
              valueFrom: {
                configMapKeyRef: { name: "argocd-cmd-params-cm", key: "server.insecure" },
              },
            },
          ],
        }),
        server(D, "curl", { args: ["--insecure", "https://example.com"] }),
      ]) {
        assert.deepStrictEqual(await check(argoCdTls, r), [], JSON.stringify(r.props));
      }
    });
  });

  describe("pipeline RBAC: broad subjects, admin RoleBindings, runs as other accounts", () => {
    const RB = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
    const CRB = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
    const SA = "kubernetes:core/v1:ServiceAccount";
    const binding = (type: string, subjects: object[], roleRef: object, ns?: string): Res =>
      res(type, "b", { ...meta("b", ns), roleRef, subjects });
    const view = { kind: "ClusterRole", name: "view" };

    it("no-broad-rbac-subjects flags everyone and every ServiceAccount, in bindings and patches", async () => {
      const groups = [
        ["Group", "system:authenticated", "every authenticated user and ServiceAccount"],
        ["Group", "system:unauthenticated", "every anonymous request"],
        ["User", "system:anonymous", "every anonymous request"],
        ["Group", "system:serviceaccounts", "every ServiceAccount of the cluster"],
        ["Group", "system:serviceaccounts:ci", "every ServiceAccount of namespace ci"],
      ];
      for (const type of [RB, CRB, `${RB}Patch`, `${CRB}Patch`]) {
        for (const [kind, name, who] of groups) {
          const found = await check(
            noBroadRbacSubjects,
            binding(type, [{ kind, name }], view, "ci"),
          );
          assert.strictEqual(found.length, 1, `${type} ${name}`);
          assert.ok(
            found[0].includes(`subjects[0] (${kind} ${name}) grants ClusterRole view to ${who}`),
            found[0],
          );
        }
      }
      for (const s of [
        { kind: "ServiceAccount", name: "pipeline", namespace: "ci" },
        { kind: "Group", name: "system:masters-not" },
        { kind: "User", name: "system:serviceaccount:ci:pipeline" },
      ]) {
        assert.deepStrictEqual(await check(noBroadRbacSubjects, binding(RB, [s], view, "ci")), []);
      }
      // Tekton's own version-info RoleBinding, rendered by TektonPipelines, is upstream's.
      const info = {
        ...binding(
          RB,
          [{ kind: "Group", name: "system:authenticated" }],
          { kind: "Role", name: "tekton-pipelines-info" },
          "tekton-pipelines",
        ),
        props: {
          ...meta("tekton-pipelines-info", "tekton-pipelines"),
          roleRef: { kind: "Role", name: "tekton-pipelines-info" },
          subjects: [{ kind: "Group", name: "system:authenticated" }],
        },
      };
      const urn = (types: string) =>
        `urn:pulumi:dev::shop::${types}$${RB}::tekton-install:tekton-pipelines/tekton-pipelines-info`;
      assert.deepStrictEqual(
        await check(noBroadRbacSubjects, {
          ...info,
          urn: urn("kruise-devops:index:TektonPipelines$kubernetes:yaml/v2:ConfigGroup"),
        }),
        [],
      );
      assert.strictEqual(
        (await check(noBroadRbacSubjects, { ...info, urn: urn("my:index:Thing") })).length,
        1,
      );
    });

    const pipelineSa: Res = {
      type: SA,
      name: "pipeline",
      urn: `urn:pulumi:dev::shop::kruise-devops:index:PipelineServiceAccount$${SA}::pipeline`,
      props: meta("pipeline", "ci"),
    };

    it("no-pipeline-clusterrolebinding: system:authenticated, and admin-like RoleBindings in any namespace", async () => {
      const sa = { kind: "ServiceAccount", name: "pipeline", namespace: "ci" };
      const ownRole = res("kubernetes:rbac.authorization.k8s.io/v1:Role", "r", {
        ...meta("deployer", "shop"),
        rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }],
      });
      const found = await checkStack(noPipelineClusterRoleBinding, [
        pipelineSa,
        ownRole,
        binding(CRB, [{ kind: "Group", name: "system:authenticated" }], view),
        binding(RB, [sa], { kind: "ClusterRole", name: "edit" }, "shop"),
        binding(`${RB}Patch`, [sa], { kind: "Role", name: "deployer" }, "shop"),
        binding(RB, [sa], { kind: "Role", name: "deployer" }, "other"), // another namespace's Role
        binding(RB, [sa], { kind: "ClusterRole", name: "view" }, "shop"),
      ]);
      assert.deepStrictEqual(heads(found.messages), [
        "ClusterRoleBinding 'b': subjects[0] (Group system:authenticated) binds a pipeline ServiceAccount to ClusterRole view in every namespace",
        "RoleBinding 'shop/b': subjects[0] (ServiceAccount ci/pipeline) binds a pipeline ServiceAccount to ClusterRole edit, an admin-like role, in namespace shop",
        "RoleBindingPatch 'shop/b': subjects[0] (ServiceAccount ci/pipeline) binds a pipeline ServiceAccount to Role shop/deployer, an admin-like role, in namespace shop",
      ]);
    });

    it("pipelinerun-serviceaccount: a run as default or an account PipelineServiceAccount did not make", async () => {
      const RUN = "kubernetes:tekton.dev/v1:PipelineRun";
      const run = (spec: object, type = RUN): Res => res(type, "r", { ...meta("r", "ci"), spec });
      const own = run({ taskRunTemplate: { serviceAccountName: "pipeline" } });
      const byHand: Res = {
        ...pipelineSa,
        name: "robot",
        urn: undefined,
        props: meta("robot", "ci"),
      };
      const found = await checkStack(pipelineRunServiceAccount, [
        pipelineSa,
        byHand,
        own,
        run({}),
        run({ taskRunTemplate: { serviceAccountName: "robot" } }),
        run({
          taskRunTemplate: { serviceAccountName: "pipeline" },
          taskRunSpecs: [{ pipelineTaskName: "deploy", serviceAccountName: "admin-sa" }],
        }),
        run({ serviceAccountName: "robot" }, "kubernetes:tekton.dev/v1beta1:PipelineRun"),
        res("kubernetes:tekton.dev/v1:TaskRun", "t", {
          ...meta("t", "ci"),
          spec: { serviceAccountName: "pipeline" },
        }),
      ]);
      assert.deepStrictEqual(heads(found.messages), [
        "PipelineRun 'ci/r': spec.taskRunTemplate.serviceAccountName (ci/default, Tekton's default) is not a ServiceAccount PipelineServiceAccount made in this stack",
        "PipelineRun 'ci/r': spec.taskRunTemplate.serviceAccountName (ci/robot) is not a ServiceAccount PipelineServiceAccount made in this stack",
        "PipelineRun 'ci/r': spec.taskRunSpecs[0].serviceAccountName (ci/admin-sa) is not a ServiceAccount PipelineServiceAccount made in this stack",
        "PipelineRun 'ci/r': spec.serviceAccountName (ci/robot) is not a ServiceAccount PipelineServiceAccount made in this stack",
      ]);
      const allowed = await checkStack(
        pipelineRunServiceAccount,
        [pipelineSa, run({ taskRunTemplate: { serviceAccountName: "robot" } })],
        {
          allowedServiceAccounts: ["ci/robot"],
        },
      );
      assert.deepStrictEqual(allowed.messages, []);
    });
  });

  describe("imagepulljob-policies: patches, and parallelism as a string", () => {
    const K = "kubernetes:apps.kruise.io";
    const job = (type: string, spec: object): Res =>
      res(type, "warm", { ...meta("warm", "default"), spec });
    const full = {
      image: "nginx:1.27",
      completionPolicy: { type: "Always", activeDeadlineSeconds: 1800 },
      pullPolicy: { timeoutSeconds: 600, backoffLimit: 3 },
    };

    it("refuses a percentage or non-number parallelism, as Kruise's webhook does", async () => {
      for (const type of [`${K}/v1alpha1:ImagePullJob`, `${K}/v1beta1:ImageListPullJob`]) {
        assert.deepStrictEqual(
          heads(await check(imagePullJobPolicies, job(type, { ...full, parallelism: "50%" }))),
          [
            `${type.slice(type.lastIndexOf(":") + 1)} 'default/warm': spec.parallelism ("50%") is a percentage`,
          ],
        );
      }
      assert.deepStrictEqual(
        heads(
          await check(
            imagePullJobPolicies,
            job(`${K}/v1alpha1:ImagePullJob`, { ...full, parallelism: "0x10" }),
          ),
        ),
        [`ImagePullJob 'default/warm': spec.parallelism ("0x10") is not a whole number`],
      );
      for (const parallelism of [10, "10"]) {
        assert.deepStrictEqual(
          await check(
            imagePullJobPolicies,
            job(`${K}/v1alpha1:ImagePullJob`, { ...full, parallelism }),
          ),
          [],
        );
      }
    });

    it("judges a patch on what it holds: its own values, never what it leaves out", async () => {
      const patch = `${K}/v1alpha1:ImagePullJobPatch`;
      assert.deepStrictEqual(await check(imagePullJobPolicies, job(patch, { parallelism: 5 })), []);
      assert.deepStrictEqual(
        await check(
          imagePullJobPolicies,
          job(patch, { completionPolicy: { type: "Always", activeDeadlineSeconds: 60 } }),
        ),
        [],
        "the object's timeout is not in the patch",
      );
      assert.deepStrictEqual(
        heads(
          await check(
            imagePullJobPolicies,
            job(patch, {
              parallelism: "100%",
              completionPolicy: { type: "Never", ttlSecondsAfterFinished: 60 },
              pullPolicy: { timeoutSeconds: 600 },
              selector: { matchLabels: { pool: "web" } },
              podSelector: { matchLabels: { app: "web" } },
            }),
          ),
        ),
        [
          `ImagePullJobPatch 'default/warm': spec.parallelism ("100%") is a percentage`,
          "ImagePullJobPatch 'default/warm': spec.completionPolicy.ttlSecondsAfterFinished is set on a job with completion policy 'Never'",
          "ImagePullJobPatch 'default/warm': spec.podSelector is set together with a node selector",
        ],
      );
      assert.deepStrictEqual(
        heads(
          await check(
            imagePullJobPolicies,
            job(patch, {
              completionPolicy: { type: "Always", activeDeadlineSeconds: 60 },
              pullPolicy: { timeoutSeconds: 600 },
            }),
          ),
        ),
        [
          "ImagePullJobPatch 'default/warm': spec.completionPolicy.activeDeadlineSeconds (60) must be ≥ spec.pullPolicy.timeoutSeconds (600)",
        ],
      );
    });
  });

  describe("kruise-feature-gates and argocd-token-credentials: patches", () => {
    it("a DeploymentPatch of the Kruise manager turning ImagePullJobGate off counts beside the chart", async () => {
      const chart = res("kubernetes:helm.sh/v4:Chart", "kruise-chart", {
        chart: "kruise",
        values: {
          installation: { namespace: "kruise-system" },
          featureGates: "ImagePullJobGate=true",
        },
      });
      const manager = (type: string) =>
        res(type, "mgr", {
          ...meta("kruise-controller-manager", "kruise-system"),
          spec: {
            template: {
              spec: {
                containers: [{ name: "manager", args: ["--feature-gates=ImagePullJobGate=false"] }],
              },
            },
          },
        });
      const job = res("kubernetes:apps.kruise.io/v1alpha1:ImagePullJob", "warm", {
        ...meta("warm", "default"),
        spec: { image: "nginx:1.27" },
      });
      const patched = await checkStack(kruiseFeatureGates, [
        chart,
        manager("kubernetes:apps/v1:DeploymentPatch"),
        job,
      ]);
      assert.deepStrictEqual(
        patched.messages.map((m) => m.split(" leaves ")[0]),
        [
          `DeploymentPatch 'kruise-system/kruise-controller-manager': featureGates "ImagePullJobGate=false"`,
        ],
      );
      // The chart's own rendered Deployment is the chart's (its values are read instead).
      assert.deepStrictEqual(
        (
          await checkStack(kruiseFeatureGates, [
            chart,
            manager("kubernetes:apps/v1:Deployment"),
            job,
          ])
        ).messages,
        [],
      );
    });

    it("a SecretPatch that switches the pipeline's Argo CD login to a password is advised against", async () => {
      const patch = res("kubernetes:core/v1:SecretPatch", "s", {
        ...meta("argocd-login", "ci", {
          annotations: { "kruise-devops.io/argocd-auth": "password" },
        }),
      });
      assert.deepStrictEqual(heads(await check(argoCdTokenCredentials, patch)), [
        `SecretPatch 'ci/argocd-login': metadata.annotations["kruise-devops.io/argocd-auth"] is password: the pipeline logs in to Argo CD with a username and password`,
      ]);
    });
  });
});
