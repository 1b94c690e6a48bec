import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ArgsError } from "../../components/common/errors";
import { throwsWith } from "../support/expect";
import {
  installMocks,
  registered,
  registeredOutputs,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { managedLabels, only, reveal } from "./helpers";

installMocks();
// Loaded after the mocks, as a Pulumi program would be.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cs =
  require("../../components/access/credentialSecret") as typeof import("../../components/access/credentialSecret");

const SECRET = "kubernetes:core/v1:Secret";

/** The least credential component: one Opaque Secret holding `value` under `key`. */
class TestCredential extends cs.CredentialComponent {
  public readonly key: string;
  constructor(name: string, args: { secretName?: string; value: pulumi.Input<string> }) {
    super("TestCredential", name, undefined, () => ({
      namespace: "ci",
      secretName: cs.secretNameFor("TestCredential", name, args.secretName),
      type: "Opaque",
      annotations: { "example.com/auth": "token" },
      stringData: { key: args.value },
    }));
    this.key = "key";
    this.registerCredentialOutputs({ key: this.key });
  }
}

/** A component to parent a Secret on. */
class Owner extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Owner", name, {});
  }
}

describe("credential Secrets (components/access/credentialSecret)", () => {
  beforeEach(resetRegistrations);

  it("credentialSecretShape: namespace 'default' unless given; Secret names and labels checked", () => {
    const schema = z.strictObject(cs.credentialSecretShape);
    assert.strictEqual(cs.DEFAULT_CREDENTIALS_NAMESPACE, "default");
    assert.deepStrictEqual(schema.parse({}), { namespace: "default" });
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

  it("registerCredentialSecret: `<name>-secret`, labelled, stringData sent secret, under its parent", async () => {
    const owner = new Owner("owner");
    cs.registerCredentialSecret(owner, undefined, {
      kind: "RegistryCredentials",
      name: "creds",
      namespace: "ci",
      secretName: "registry",
      labels: { team: "a" },
      type: "kubernetes.io/dockerconfigjson",
      stringData: { ".dockerconfigjson": "{}" },
    });
    await settle();
    const s = only(SECRET);
    assert.strictEqual(s.name, "creds-secret");
    assert.strictEqual(s.parent, await valueOf(owner.urn));
    assert.deepStrictEqual(s.inputs.metadata, {
      name: "registry",
      namespace: "ci",
      labels: { team: "a", ...managedLabels("registrycredentials", "creds") },
    });
    assert.strictEqual(s.inputs.type, "kubernetes.io/dockerconfigjson");
    assert.deepStrictEqual(s.secretPaths, ["stringData"]);
    assert.deepStrictEqual(reveal(s.inputs.stringData), { ".dockerconfigjson": "{}" });
  });

  it("CredentialComponent: one Secret child, its outputs registered with the subclass's own", async () => {
    const c = new TestCredential("tok", { value: pulumi.secret("v") });
    assert.strictEqual(c.secretRef, "tok");
    assert.strictEqual(await valueOf(c.secretName), "tok");
    assert.strictEqual(await valueOf(c.namespace), "ci");
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => [r.type, r.name]),
      [
        ["kruise-devops:index:TestCredential", "tok"],
        [SECRET, "tok-secret"],
      ],
    );
    const s = only(SECRET);
    assert.deepStrictEqual(s.inputs.metadata.annotations, { "example.com/auth": "token" });
    assert.deepStrictEqual(reveal(s.inputs.stringData), { key: "v" });
    const outputs = registeredOutputs.get(registered[0].urn);
    assert.ok(outputs, "outputs registered");
    assert.deepStrictEqual(Object.keys(outputs).sort(), [
      "key",
      "namespace",
      "secret",
      "secretName",
      "secretRef",
    ]);
  });

  it("CredentialComponent: a component name that is no Secret name needs secretName", async () => {
    throwsWith(
      () => new TestCredential("Tok", { value: pulumi.secret("v") }),
      "TestCredential 'Tok': args.secretName is not set",
    );
    const c = new TestCredential("Tok", { secretName: "tok", value: pulumi.secret("v") });
    assert.strictEqual(c.secretRef, "tok");
    await settle();
  });
});
