import * as assert from "assert";
import { ArgsError } from "../../components/common/errors";
import {
  MANAGED_LABELS,
  checkedObjectName,
  componentLabels,
  isDns1123Label,
  isDns1123Subdomain,
  namespaceSchema,
  objectNameSchema,
} from "../../components/common/k8sNames";
import { throwsWith } from "../support/expect";

/**
 * The tables of k8s.io/apimachinery/pkg/util/validation's TestIsDNS1123Label and
 * TestIsDNS1123Subdomain.
 */
// prettier-ignore
const LABEL_GOOD = [
  "a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2",
  "a".repeat(63),
];
// prettier-ignore
const LABEL_BAD = [
  "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b",
  "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1",
  "1 2", "a".repeat(64),
];
// prettier-ignore
const SUBDOMAIN_GOOD = [
  "a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a.a",
  "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1", "a1.1", "a-1.1",
  "a--1--2--b.1", "0.a", "01.a", "012.a", "1a.a", "1-a.a", "1--a--b--2", "0.1", "01.1", "012.1",
  "1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55",
  "a".repeat(253),
];
// prettier-ignore
const SUBDOMAIN_BAD = [
  "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b",
  "1_", "_1", "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ",
  " 1", "1 2", "A.a", "aB.a", "ab.A", "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A",
  "012.A", "1A.a", "1a.A", "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b",
  "a,b", "a_b", "a;b", "a:b", "a%b", "a?b", "a$b", "a".repeat(254),
];

describe("Kubernetes object names and labels (components/common/k8sNames)", () => {
  it("isDns1123Label: upstream's table", () => {
    assert.deepStrictEqual([LABEL_GOOD.length, LABEL_BAD.length], [13, 34]);
    for (const s of LABEL_GOOD) assert.strictEqual(isDns1123Label(s), true, JSON.stringify(s));
    for (const s of LABEL_BAD) assert.strictEqual(isDns1123Label(s), false, JSON.stringify(s));
  });

  it("isDns1123Subdomain: upstream's table", () => {
    assert.deepStrictEqual([SUBDOMAIN_GOOD.length, SUBDOMAIN_BAD.length], [41, 60]);
    for (const s of SUBDOMAIN_GOOD)
      assert.strictEqual(isDns1123Subdomain(s), true, JSON.stringify(s));
    for (const s of SUBDOMAIN_BAD)
      assert.strictEqual(isDns1123Subdomain(s), false, JSON.stringify(s));
  });

  it("namespaceSchema: a label, refused with the rule and an example", () => {
    assert.strictEqual(namespaceSchema.safeParse("kruise-warm").success, true);
    const r = namespaceSchema.safeParse("Kruise.Warm");
    assert.ok(!r.success);
    assert.deepStrictEqual(
      r.error.issues.map((i) => i.message),
      [
        '("Kruise.Warm") is not a namespace name — namespaces are lowercase RFC 1123 labels of at most 63 characters; use e.g. "kruise-warm"',
      ],
    );
    assert.strictEqual(
      namespaceSchema.safeParse("a.b").success,
      false,
      "a subdomain is not a label",
    );
  });

  it("objectNameSchema: subdomain names by default, label names for kinds that need them", () => {
    const secret = objectNameSchema("Secret", "registry-creds");
    const service = objectNameSchema("Service", "argocd-server", "label");
    assert.strictEqual(secret.safeParse("a.b").success, true);
    assert.strictEqual(service.safeParse("a.b").success, false);
    assert.strictEqual(secret.safeParse("a".repeat(253)).success, true);
    assert.strictEqual(service.safeParse("a".repeat(64)).success, false);
    const bad = (schema: typeof secret, v: string) => {
      const r = schema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    assert.deepStrictEqual(bad(secret, "Creds"), [
      '("Creds") is not a Secret name — Secret names are lowercase RFC 1123 subdomains of at most 253 characters; use lowercase letters, digits and \'-\', e.g. "registry-creds"',
    ]);
    assert.deepStrictEqual(bad(service, "a.b"), [
      '("a.b") is not a Service name — Service names are lowercase RFC 1123 labels of at most 63 characters; use lowercase letters, digits and \'-\', e.g. "argocd-server"',
    ]);
  });

  it("checkedObjectName: the component's name or an arg's, refused at that arg as an ArgsError", () => {
    assert.strictEqual(checkedObjectName("Thing", "my-thing", "Secret", "x"), "my-thing");
    assert.strictEqual(
      checkedObjectName("Thing", "My Thing", "Secret", "x", "secretName", "given"),
      "given",
    );
    const message = throwsWith(
      () => checkedObjectName("Thing", "My_Thing", "ConfigMap", "cm"),
      `Thing 'My_Thing': args.name ("My_Thing") is not a ConfigMap name`,
    );
    assert.ok(message.endsWith('e.g. "cm"'), message);
    throwsWith(
      () => checkedObjectName("Thing", "t", "Secret", "s", "secretName", "Bad"),
      `Thing 't': args.secretName ("Bad") is not a Secret name`,
    );
    try {
      checkedObjectName("Thing", "t", "Secret", "s", "secretName", "Bad");
    } catch (e) {
      assert.ok(e instanceof ArgsError);
      assert.deepStrictEqual(
        e.problems.map((p) => [p.component, p.name, p.path]),
        [["Thing", "t", ["secretName"]]],
      );
    }
  });

  it("componentLabels: the caller's labels, then the package's four, which the caller cannot override", () => {
    assert.deepStrictEqual(Object.values(MANAGED_LABELS), [
      "app.kubernetes.io/managed-by",
      "app.kubernetes.io/part-of",
      "app.kubernetes.io/component",
      "kruise-devops.io/instance",
    ]);
    const labels = componentLabels("BaseImageWarm", "base", {
      team: "ci",
      "app.kubernetes.io/managed-by": "helm",
      "kruise-devops.io/instance": "other",
    });
    assert.deepStrictEqual(labels, {
      team: "ci",
      "app.kubernetes.io/managed-by": "pulumi",
      "app.kubernetes.io/part-of": "kruise-devops",
      "app.kubernetes.io/component": "baseimagewarm",
      "kruise-devops.io/instance": "base",
    });
    assert.deepStrictEqual(Object.keys(labels)[0], "team", "the package's keys are written last");
  });

  it("componentLabels: values are valid label values whatever the component's name", () => {
    const cases: [string, string][] = [
      ["Base Warm", "base-warm"],
      ["a".repeat(80), "a".repeat(63)],
      [`${"a".repeat(62)}_b`, "a".repeat(62)],
      ["___", "x"],
      ["", "x"],
    ];
    assert.strictEqual(cases.length, 5);
    for (const [name, instance] of cases) {
      const v = componentLabels("K", name)["kruise-devops.io/instance"];
      assert.strictEqual(v, instance, name);
      assert.match(v, /^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/);
    }
  });
});
