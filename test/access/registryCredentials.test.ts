import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwsWith } from "../support/expect";
import {
  mockedComponents,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { assertHeldOnlyBy, dockerConfig, failureOf, managedLabels, only, reveal } from "./helpers";

const kd = mockedComponents();

const COMPONENT = "kruise-devops:index:RegistryCredentials";
const SECRET = "kubernetes:core/v1:Secret";
const PASSWORD = "s3cr3t-T0ken!";

function base64(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

describe("RegistryCredentials", () => {
  beforeEach(resetRegistrations);

  it("registers one dockerconfigjson Secret holding exactly the login, with managed labels", async () => {
    const c = new kd.RegistryCredentials("registry-creds", {
      registry: "ghcr.io",
      username: "octocat",
      password: pulumi.secret(PASSWORD),
      namespace: "ci",
      labels: { team: "platform" },
    });
    assert.strictEqual(await valueOf(c.secretName), "registry-creds");
    assert.strictEqual(await valueOf(c.namespace), "ci");
    assert.strictEqual(c.registryKey, "ghcr.io");
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => r.type),
      [COMPONENT, SECRET],
    );
    const secret = only(SECRET);
    const { stringData, ...rest } = secret.inputs;
    assert.deepStrictEqual(rest, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "registry-creds",
        namespace: "ci",
        labels: { team: "platform", ...managedLabels("registrycredentials", "registry-creds") },
      },
      type: "kubernetes.io/dockerconfigjson",
    });
    assert.ok(stringData !== undefined);
    assert.strictEqual(
      reveal(stringData)[".dockerconfigjson"],
      `{"auths":{"ghcr.io":{"username":"octocat","password":"${PASSWORD}","auth":"${base64(`octocat:${PASSWORD}`)}"}}}`,
    );
    assert.deepStrictEqual(dockerConfig(), {
      auths: {
        "ghcr.io": {
          username: "octocat",
          password: PASSWORD,
          auth: "b2N0b2NhdDpzM2NyM3QtVDBrZW4h",
        },
      },
    });
  });

  it("defaults to namespace 'default' and the component's name, and keeps its own labels last", async () => {
    const c = new kd.RegistryCredentials("hub", {
      registry: "docker.io",
      username: "me",
      password: pulumi.secret(PASSWORD),
      labels: { "app.kubernetes.io/managed-by": "helm", "kruise-devops.io/instance": "other" },
    });
    await valueOf(c.secretName);
    await settle();
    const { metadata } = only(SECRET).inputs;
    assert.strictEqual(metadata.name, "hub");
    assert.strictEqual(metadata.namespace, "default");
    assert.deepStrictEqual(metadata.labels, managedLabels("registrycredentials", "hub"));
    assert.strictEqual(metadata.annotations, undefined);
  });

  it("sends stringData marked secret, stores nothing in the component, and leaks the password nowhere else", async () => {
    const dep = new k8s.core.v1.Namespace("ci-ns", { metadata: { name: "ci" } });
    const c = new kd.RegistryCredentials(
      "registry-creds",
      { registry: "ghcr.io", username: "octocat", password: pulumi.secret(PASSWORD) },
      { dependsOn: [dep] },
    );
    await valueOf(c.secretName);
    await settle();
    const component = only(COMPONENT);
    const secret = only(SECRET);
    assert.deepStrictEqual(component.inputs, {}, "nothing is stored as component inputs");
    assert.deepStrictEqual(component.secretPaths, []);
    assert.ok(
      secret.secretPaths.some((p) => p === "stringData" || p.startsWith("stringData.")),
      `secret paths: ${JSON.stringify(secret.secretPaths)}`,
    );
    assert.strictEqual(secret.parent, component.urn);
    assert.ok(secret.dependencies.includes(only("kubernetes:core/v1:Namespace").urn));
    assertHeldOnlyBy(secret, [PASSWORD, base64(`octocat:${PASSWORD}`)]);
  });

  it("marks a password from plain config (an Output, not secret) secret too", async () => {
    const c = new kd.RegistryCredentials("registry-creds", {
      registry: "ghcr.io",
      username: "octocat",
      password: pulumi.output(PASSWORD),
    });
    assert.strictEqual(await pulumi.isSecret(c.secret.stringData), true);
    await settle();
    assert.ok(only(SECRET).secretPaths.includes("stringData"));
    assertHeldOnlyBy(only(SECRET), [PASSWORD]);
  });

  it("checks Output labels once resolved: a bad one fails the deployment, leaking no password", async () => {
    const c = new kd.RegistryCredentials("registry-creds", {
      registry: "ghcr.io",
      username: "octocat",
      password: pulumi.secret("pw-never-shown-1234"),
      labels: pulumi.output({ "bad key": "x" }),
    });
    const e = await failureOf(c.secretName);
    assert.ok(pulumi.ResourceError.isInstance(e), e.message);
    assert.ok(e.message.includes("RegistryCredentials 'registry-creds': args.labels"), e.message);
    assert.ok(!e.message.includes("pw-never-shown-1234"));
    await settle();
    assert.deepStrictEqual(
      registered.filter((r) => r.custom).map((r) => r.type),
      [],
    );
  });

  describe("rejections", () => {
    it("a plain-string password, before anything registers, without echoing it", async () => {
      const message = throwsWith(
        () =>
          new kd.RegistryCredentials("registry-creds", {
            registry: "ghcr.io",
            username: "octocat",
            password: PASSWORD,
          }),
        "RegistryCredentials 'registry-creds': args.password is a plain string",
        "credentials are taken only as Pulumi secrets",
        'pass pulumi.secret(value) or config.requireSecret("password")',
      );
      assert.ok(!message.includes(PASSWORD));
      await settle();
      assert.deepStrictEqual(registered, []);
    });

    it("a missing password", async () => {
      throwsWith(
        () =>
          new kd.RegistryCredentials("registry-creds", {
            registry: "ghcr.io",
            username: "octocat",
          } as any),
        "RegistryCredentials 'registry-creds': args.password is missing",
        "pulumi.secret(value)",
      );
      await settle();
      assert.deepStrictEqual(registered, []);
    });

    it("an empty secret password fails the deployment with a ResourceError, registering no Secret", async () => {
      const c = new kd.RegistryCredentials("registry-creds", {
        registry: "ghcr.io",
        username: "octocat",
        password: pulumi.secret(""),
      });
      const e = await failureOf(c.secret.metadata);
      assert.ok(pulumi.ResourceError.isInstance(e), `${e.constructor.name}: ${e.message}`);
      assert.match(
        e.message,
        /RegistryCredentials 'registry-creds': args\.password is empty — an empty credential only fails later, at the first pull, clone or login; set the secret's value/,
      );
      await settle();
      assert.deepStrictEqual(
        registered.map((r) => r.type),
        [COMPONENT],
      );
    });

    it("a plain username that is empty or no string is refused before anything is registered", async () => {
      for (const [username, what] of [
        ["", "is empty"],
        [1.5, "is a number, not a string"],
      ] as const) {
        assert.throws(
          () =>
            new kd.RegistryCredentials("registry-creds", {
              registry: "ghcr.io",
              username: username as string,
              password: pulumi.secret(PASSWORD),
            }),
          (e: Error) =>
            e.message.startsWith(`RegistryCredentials 'registry-creds': args.username ${what} — `),
        );
      }
      await settle();
      assert.deepStrictEqual(registered, []);
    });

    it("an empty username Output fails the deployment", async () => {
      const c = new kd.RegistryCredentials("registry-creds", {
        registry: "ghcr.io",
        username: pulumi.output(""),
        password: pulumi.secret(PASSWORD),
      });
      const e = await failureOf(c.secretName);
      assert.ok(pulumi.ResourceError.isInstance(e));
      assert.match(e.message, /RegistryCredentials 'registry-creds': args\.username is empty/);
      assert.ok(!e.message.includes(PASSWORD));
    });

    it("a username with ':' fails the deployment, naming neither it nor the password; no Secret", async () => {
      const c = new kd.RegistryCredentials("registry-creds", {
        registry: "ghcr.io",
        username: pulumi.secret("svc-bot:ci"),
        password: pulumi.secret(PASSWORD),
      });
      // (A secret username's failure reaches the Secret's inputs as a serialization error that
      // carries the message.)
      const e = await failureOf(c.secret.metadata);
      assert.match(
        e.message,
        /RegistryCredentials 'registry-creds': args\.username contains ':' — the docker config's auth is base64\(username:password\)/,
      );
      assert.ok(!e.message.includes("svc-bot") && !e.message.includes(PASSWORD), e.message);
      await settle();
      assert.deepStrictEqual(
        registered.map((r) => r.type),
        [COMPONENT],
      );
    });

    const cases: [string, () => unknown, string[]][] = [
      [
        "a registry that is no host",
        () =>
          new kd.RegistryCredentials("creds", {
            registry: "not a registry",
            username: "u",
            password: pulumi.secret("p"),
          }),
        [
          "RegistryCredentials 'creds': args.registry is not a registry host",
          "a .dockerconfigjson `auths` key is a registry host[:port]",
          'give e.g. "ghcr.io"',
        ],
      ],
      [
        "an empty registry",
        () =>
          new kd.RegistryCredentials("creds", {
            registry: "",
            username: "u",
            password: pulumi.secret("p"),
          }),
        ["RegistryCredentials 'creds': args.registry is not a registry host"],
      ],
      [
        "an invalid secretName",
        () =>
          new kd.RegistryCredentials("creds", {
            registry: "ghcr.io",
            secretName: "Registry_Creds",
            username: "u",
            password: pulumi.secret("p"),
          }),
        [
          "RegistryCredentials 'creds': args.secretName (\"Registry_Creds\") is not a Secret name",
          "Secret names are lowercase RFC 1123 subdomains of at most 253 characters",
        ],
      ],
      [
        "a component name that is not a Secret name, without secretName",
        () =>
          new kd.RegistryCredentials("Registry Creds", {
            registry: "ghcr.io",
            username: "u",
            password: pulumi.secret("p"),
          }),
        [
          "RegistryCredentials 'Registry Creds': args.secretName is not set, and the component's name is not a Secret name",
          'set secretName, or name the component e.g. "registry-creds"',
        ],
      ],
      [
        "an invalid namespace",
        () =>
          new kd.RegistryCredentials("creds", {
            registry: "ghcr.io",
            namespace: "CI",
            username: "u",
            password: pulumi.secret("p"),
          }),
        ["RegistryCredentials 'creds': args.namespace (\"CI\") is not a namespace name"],
      ],
      [
        "a misspelt key",
        () =>
          new kd.RegistryCredentials("creds", {
            registry: "ghcr.io",
            username: "u",
            passwrd: pulumi.secret("p"),
          } as any),
        ["RegistryCredentials 'creds': args has unknown key(s) 'passwrd'"],
      ],
    ];
    for (const [what, make, fragments] of cases) {
      it(`${what}, before anything registers`, async () => {
        throwsWith(make, ...fragments);
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }

    it("a component name that is not a Secret name is fine with secretName", async () => {
      const c = new kd.RegistryCredentials("Registry Creds", {
        registry: "ghcr.io",
        secretName: "registry-creds",
        username: "u",
        password: pulumi.secret("p"),
      });
      assert.strictEqual(await valueOf(c.secretName), "registry-creds");
      await settle();
      assert.deepStrictEqual(
        only(SECRET).inputs.metadata.labels,
        managedLabels("registrycredentials", "registry-creds"),
      );
    });
  });
});
