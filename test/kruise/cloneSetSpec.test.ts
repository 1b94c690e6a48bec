import * as assert from "assert";
import { PRE_DOWNLOAD_ANNOTATIONS } from "../../components/kruise/cloneSetRules";
import {
  CLONESET_API_VERSION,
  CloneSetPlan,
  buildCloneSet,
  preDownloadAnnotations,
  withoutEmptyLists,
} from "../../components/kruise/cloneSetSpec";
import { KRUISE_CRDS, crdErrors } from "../support/crdSchema";

const POD = { containers: [{ name: "web", image: "ghcr.io/acme/web:1.4.2" }] };

const PLAN: CloneSetPlan = {
  name: "web",
  namespace: "apps",
  labels: { team: "web" },
  selectorLabels: { app: "web" },
  replicas: 4,
  revisionHistoryLimit: 10,
  updateStrategy: {
    type: "InPlaceIfPossible",
    partition: 0,
    maxUnavailable: "20%",
    maxSurge: 0,
    paused: false,
  },
};

describe("the CloneSet manifest (components/kruise/cloneSetSpec)", () => {
  it("every resolved field explicit; the pod template labelled with the selector's labels", () => {
    const c = buildCloneSet(PLAN, POD);
    assert.deepStrictEqual(c, {
      apiVersion: "apps.kruise.io/v1alpha1",
      kind: "CloneSet",
      metadata: { name: "web", namespace: "apps", labels: { team: "web" } },
      spec: {
        replicas: 4,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: "web" } },
        template: { metadata: { labels: { team: "web", app: "web" } }, spec: POD },
        updateStrategy: {
          type: "InPlaceIfPossible",
          partition: 0,
          maxUnavailable: "20%",
          maxSurge: 0,
        },
      },
    });
    assert.strictEqual(CLONESET_API_VERSION, c.apiVersion);
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, c), []);
  });

  it("the selector's labels win over the caller's in the pod template", () => {
    const c = buildCloneSet({ ...PLAN, labels: { app: "other", team: "web" } }, POD);
    assert.deepStrictEqual(c.spec.template.metadata.labels, { app: "web", team: "web" });
  });

  it("optional fields appear only when set: minReadySeconds, pod annotations, paused", () => {
    const c = buildCloneSet(
      {
        ...PLAN,
        minReadySeconds: 0,
        podAnnotations: { "example.com/a": "b" },
        updateStrategy: { ...PLAN.updateStrategy, paused: true },
      },
      POD,
    );
    assert.strictEqual(c.spec.minReadySeconds, 0);
    assert.deepStrictEqual(c.spec.template.metadata.annotations, { "example.com/a": "b" });
    assert.strictEqual(c.spec.updateStrategy.paused, true);
    const bare = buildCloneSet(PLAN, POD);
    assert.ok(!("minReadySeconds" in bare.spec));
    assert.ok(!("annotations" in bare.spec.template.metadata));
    assert.ok(!("paused" in bare.spec.updateStrategy), "Kruise drops paused: false");
    assert.deepStrictEqual(crdErrors(KRUISE_CRDS, c), []);
  });

  it("gracePeriodSeconds becomes inPlaceUpdateStrategy, except for ReCreate", () => {
    const s = { ...PLAN.updateStrategy, gracePeriodSeconds: 5 };
    for (const type of ["InPlaceIfPossible", "InPlaceOnly"]) {
      const c = buildCloneSet({ ...PLAN, updateStrategy: { ...s, type } }, POD);
      assert.deepStrictEqual(c.spec.updateStrategy.inPlaceUpdateStrategy, {
        gracePeriodSeconds: 5,
      });
      assert.deepStrictEqual(crdErrors(KRUISE_CRDS, c), []);
    }
    const recreate = buildCloneSet({ ...PLAN, updateStrategy: { ...s, type: "ReCreate" } }, POD);
    assert.ok(!("inPlaceUpdateStrategy" in recreate.spec.updateStrategy));
  });

  it("pre-download: its three annotations on the CloneSet, as strings", () => {
    const preDownload = { parallelism: 2, timeoutSeconds: 600, minUpdatedReadyPods: "50%" };
    assert.deepStrictEqual(preDownloadAnnotations(preDownload), {
      [PRE_DOWNLOAD_ANNOTATIONS.parallelism]: "2",
      [PRE_DOWNLOAD_ANNOTATIONS.timeoutSeconds]: "600",
      [PRE_DOWNLOAD_ANNOTATIONS.minUpdatedReadyPods]: "50%",
    });
    assert.strictEqual(preDownloadAnnotations(undefined), undefined);
    const c = buildCloneSet({ ...PLAN, preDownload }, POD);
    assert.deepStrictEqual(c.metadata.annotations, preDownloadAnnotations(preDownload));
    assert.ok(!("annotations" in buildCloneSet(PLAN, POD).metadata));
  });

  it("withoutEmptyLists: drops empty lists at any depth, keeps everything else", () => {
    const v = {
      containers: [{ name: "web", env: [], ports: [{ containerPort: 80 }], args: [""] }],
      initContainers: [],
      volumes: [],
      nested: { a: { b: [], c: 0, d: "", e: null, f: false, g: {} } },
    };
    assert.deepStrictEqual(withoutEmptyLists(v), {
      containers: [{ name: "web", ports: [{ containerPort: 80 }], args: [""] }],
      nested: { a: { c: 0, d: "", e: null, f: false, g: {} } },
    });
    assert.deepStrictEqual(withoutEmptyLists([[], [1]]), [[], [1]], "a list's items are kept");
    assert.strictEqual(withoutEmptyLists("x"), "x");
    assert.deepStrictEqual(v.initContainers, [], "the input is not changed");
  });
});
