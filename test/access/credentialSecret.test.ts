import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArgsError } from "../../components/common/errors";
import { throwsWith } from "../support/expect";
import { installMocks, resetRegistrations, settle, valueOf } from "../support/mocks";
import { managedLabels, only, reveal } from "./helpers";

installMocks();
// Loaded after the mocks, as a Pulumi program would be.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cs =
  require("../../components/access/credentialSecret") as typeof import("../../components/access/credentialSecret");

const SECRET = "kubernetes:core/v1:Secret";

/** A component to parent a Secret on. */
class Owner extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Owner", name, {});
  }
}

describe("credential Secrets (components/access/credentialSecret)", () => {
  beforeEach(resetRegistrations);

  it("credentialSecretShape and credentialSettingsShape: namespace 'default' unless given; Secret names and labels checked", () => {
    const schema = z.strictObject({ ...cs.credentialSecretShape, ...cs.credentialSettingsShape });
    assert.strictEqual(cs.DEFAULT_CREDENTIALS_NAMESPACE, "default");
    assert.deepStrictEqual(schema.parse({}), { namespace: "default" });
    // The labels take an Input: the plain shape leaves them to the settings' check.
    assert.ok(
      z.strictObject(cs.credentialSecretShape).safeParse({ labels: { "a b": "x" } }).success,
    );
    assert.deepStrictEqual(
      schema.parse({ namespace: "ci", secretName: "a.b", labels: { a: "b" } }),
      {
        namespace: "ci",
        secretName: "a.b",
        labels: { a: "b" },
      },
    );
    const paths = (v: unknown) => {
      const r = schema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    assert.deepStrictEqual(paths({ namespace: "a.b" }), ["namespace"]);
    assert.deepStrictEqual(paths({ secretName: "Creds" }), ["secretName"]);
    assert.deepStrictEqual(paths({ labels: { "a b": "x" } }), ["labels.a b"]);
    assert.deepStrictEqual(paths({ labels: { a: "-x-" } }), ["labels.a"]);
  });

  it("secretNameFor: the given name, else the component's when it is a Secret name", () => {
    assert.strictEqual(cs.secretNameFor("K", "My Creds", "given"), "given");
    assert.strictEqual(cs.secretNameFor("K", "creds.v1", undefined), "creds.v1");
    const message = throwsWith(
      () => cs.secretNameFor("RegistryCredentials", "My Creds", undefined),
      "RegistryCredentials 'My Creds': args.secretName is not set, and the component's name is not a Secret name",
      'set secretName, or name the component e.g. "registry-creds"',
    );
    assert.ok(message.includes("RFC 1123 subdomains"), message);
    try {
      cs.secretNameFor("K", "_", undefined);
      assert.fail("no error");
    } catch (e) {
      assert.ok(e instanceof ArgsError);
      assert.deepStrictEqual(e.problems[0].path, ["secretName"]);
    }
  });

  it("registerCredentialSecret: `<name>-secret`, labelled, stringData sent secret, under its parent; the outputs", async () => {
    const owner = new Owner("owner");
    const out = cs.registerCredentialSecret(owner, undefined, {
      kind: "RegistryCredentials",
      name: "creds",
      namespace: "ci",
      secretName: "registry",
      labels: { team: "a" },
      type: "kubernetes.io/dockerconfigjson",
      annotations: { "example.com/auth": "token" },
      stringData: { ".dockerconfigjson": "{}" },
    });
    assert.strictEqual(out.secretRef, "registry");
    assert.strictEqual(await valueOf(out.secretName), "registry");
    assert.strictEqual(await valueOf(out.namespace), "ci");
    await settle();
    const s = only(SECRET);
    assert.strictEqual(out.secret.urn !== undefined, true);
    assert.strictEqual(s.name, "creds-secret");
    assert.strictEqual(s.parent, await valueOf(owner.urn));
    assert.deepStrictEqual(s.inputs.metadata, {
      name: "registry",
      namespace: "ci",
      labels: { team: "a", ...managedLabels("registrycredentials", "creds") },
      annotations: { "example.com/auth": "token" },
    });
    assert.strictEqual(s.inputs.type, "kubernetes.io/dockerconfigjson");
    assert.deepStrictEqual(s.secretPaths, ["stringData"]);
    assert.deepStrictEqual(reveal(s.inputs.stringData), { ".dockerconfigjson": "{}" });
  });

  it("registerCredentialSecret: labels known only once resolved (an Output) give the same Secret", async () => {
    const owner = new Owner("owner");
    cs.registerCredentialSecret(owner, undefined, {
      kind: "GitCredentials",
      name: "git",
      namespace: "ci",
      secretName: "git",
      labels: pulumi.output({ team: "a" }),
      type: "Opaque",
      stringData: { k: pulumi.secret("v") },
    });
    await settle();
    assert.deepStrictEqual(only(SECRET).inputs.metadata.labels, {
      team: "a",
      ...managedLabels("gitcredentials", "git"),
    });
  });
});
