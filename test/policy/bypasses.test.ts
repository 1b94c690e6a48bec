/**
 * The pack against deliberate bypasses (issue 14, item 13): for every rule, the ways around it a
 * user could try — other kinds, server-side-apply patches, values that arrive through another
 * field or another resource — each caught, and the legitimate neighbours still passing.
 */
import * as assert from "assert";
import { pinnedImages, pinnedImagesViaParams } from "../../policy/policies";
import { Res, check, checkStack } from "../support/policyRun";

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
});
