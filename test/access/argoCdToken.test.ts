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
import { assertHeldOnlyBy, failureOf, managedLabels, only, reveal } from "./helpers";

const kd = mockedComponents();

const COMPONENT = "kruise-devops:index:ArgoCdToken";
const SECRET = "kubernetes:core/v1:Secret";
const TOKEN = "eyJhbGciOiJIUzI1NiJ9.argocd-api-token";
const ADMIN_PASSWORD = "argo-Adm1n-pass";
const SERVER = "argocd-server.argocd.svc:443";

describe("ArgoCdToken", () => {
  beforeEach(resetRegistrations);

  it("token: an Opaque Secret with ARGOCD_SERVER, ARGOCD_OPTS, ARGOCD_AUTH_TOKEN, annotated token", async () => {
    const dep = new k8s.core.v1.Namespace("ci-ns", { metadata: { name: "ci" } });
    const c = new kd.ArgoCdToken(
      "argocd-token",
      { server: SERVER, namespace: "ci", token: pulumi.secret(TOKEN) },
      { dependsOn: [dep] },
    );
    assert.strictEqual(c.authMode, "token");
    assert.strictEqual(await valueOf(c.secretName), "argocd-token");
    assert.strictEqual(await valueOf(c.namespace), "ci");
    await settle();
    assert.deepStrictEqual(
      registered.map((r) => r.type).filter((t) => t !== "kubernetes:core/v1:Namespace"),
      [COMPONENT, SECRET],
    );
    const secret = only(SECRET);
    const { stringData, ...rest } = secret.inputs;
    assert.deepStrictEqual(rest, {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "argocd-token",
        namespace: "ci",
        labels: managedLabels("argocdtoken", "argocd-token"),
        annotations: { "kruise-devops.io/argocd-auth": "token" },
      },
      type: "Opaque",
    });
    assert.deepStrictEqual(reveal(stringData), {
      ARGOCD_SERVER: SERVER,
      ARGOCD_OPTS: "",
      ARGOCD_AUTH_TOKEN: TOKEN,
    });
    assert.ok(secret.secretPaths.includes("stringData"), JSON.stringify(secret.secretPaths));
    assert.deepStrictEqual(only(COMPONENT).inputs, {});
    assert.strictEqual(secret.parent, only(COMPONENT).urn);
    assert.ok(secret.dependencies.includes(only("kubernetes:core/v1:Namespace").urn));
    assertHeldOnlyBy(secret, [TOKEN]);
  });

  it("login fallback: ARGOCD_USERNAME / ARGOCD_PASSWORD, annotated password, no token key", async () => {
    const c = new kd.ArgoCdToken("argocd-login", {
      server: "argocd.example.com",
      login: { username: "ci-bot", password: pulumi.secret(ADMIN_PASSWORD) },
      grpcWeb: true,
    });
    assert.strictEqual(c.authMode, "password");
    await valueOf(c.secretName);
    await settle();
    const secret = only(SECRET);
    assert.deepStrictEqual(secret.inputs.metadata.annotations, {
      "kruise-devops.io/argocd-auth": "password",
    });
    assert.strictEqual(secret.inputs.metadata.namespace, "default");
    assert.strictEqual(secret.inputs.type, "Opaque");
    assert.deepStrictEqual(reveal(secret.inputs.stringData), {
      ARGOCD_SERVER: "argocd.example.com",
      ARGOCD_OPTS: "--grpc-web",
      ARGOCD_USERNAME: "ci-bot",
      ARGOCD_PASSWORD: ADMIN_PASSWORD,
    });
    assert.ok(secret.secretPaths.includes("stringData"));
    assertHeldOnlyBy(secret, [ADMIN_PASSWORD]);
  });

  it("never writes --insecure or --plaintext, whatever the args", async () => {
    const variants = [
      { token: pulumi.secret(TOKEN) },
      { token: pulumi.secret(TOKEN), grpcWeb: true, rootPath: "/argocd" },
      { login: { username: "u", password: pulumi.secret("p") }, rootPath: "/a/b" },
      { login: { username: "u", password: pulumi.secret("p") }, grpcWeb: false },
    ];
    variants.forEach((v, i) => new kd.ArgoCdToken(`argocd-${i}`, { server: SERVER, ...v }));
    await settle();
    const secrets = registered.filter((r) => r.type === SECRET);
    assert.strictEqual(secrets.length, variants.length);
    for (const s of secrets) {
      const json = JSON.stringify(s);
      assert.ok(!json.includes("--insecure") && !json.includes("--plaintext"), json);
      assert.ok(reveal(s.inputs.stringData).ARGOCD_SERVER === SERVER);
    }
  });

  it("takes server, grpcWeb, rootPath and labels as Outputs: the same Secret once they resolve", async () => {
    const plain = new kd.ArgoCdToken("plain", {
      server: "argocd.example.com:443",
      grpcWeb: true,
      rootPath: "/argocd",
      labels: { team: "web" },
      token: pulumi.secret("tok-plain-1234"),
    });
    const later = new kd.ArgoCdToken("later", {
      server: pulumi.output("argocd.example.com:443"),
      grpcWeb: pulumi.output(true),
      rootPath: pulumi.output("/argocd"),
      labels: pulumi.output({ team: "web" }),
      token: pulumi.secret("tok-plain-1234"),
    });
    await valueOf(plain.secretName);
    await valueOf(later.secretName);
    await settle();
    const secrets = registered.filter((r) => r.type === "kubernetes:core/v1:Secret");
    assert.strictEqual(secrets.length, 2);
    const [a, b] = secrets.map((r) => ({
      labels: r.inputs.metadata.labels,
      stringData: reveal(r.inputs.stringData),
    }));
    assert.deepStrictEqual(b.stringData, a.stringData);
    assert.strictEqual(a.stringData.ARGOCD_OPTS, "--grpc-web --grpc-web-root-path=/argocd");
    assert.strictEqual(b.labels.team, "web");
  });

  it("checks an Output server once resolved, naming no token; no Secret", async () => {
    const c = new kd.ArgoCdToken("argocd-token", {
      server: pulumi.output("https://argocd.example.com"),
      token: pulumi.secret("tok-secret-5678"),
    });
    const e = await failureOf(c.secretName);
    assert.ok(pulumi.ResourceError.isInstance(e), e.message);
    assert.ok(
      e.message.includes(
        "ArgoCdToken 'argocd-token': args.server is not an Argo CD server address",
      ),
      e.message,
    );
    assert.ok(!e.message.includes("tok-secret-5678"));
    await settle();
    assert.deepStrictEqual(
      registered.filter((r) => r.custom).map((r) => r.type),
      [],
    );
  });

  describe("rejections", () => {
    const cases: [string, () => unknown, string[]][] = [
      [
        "a server with https://",
        () =>
          new kd.ArgoCdToken("argocd", {
            server: "https://argocd.example.com",
            token: pulumi.secret(TOKEN),
          }),
        [
          "ArgoCdToken 'argocd': args.server is not an Argo CD server address",
          "ARGOCD_SERVER is host[:port]; the CLI adds the scheme itself and always uses TLS",
          'without "https://" or a path',
        ],
      ],
      [
        "a server with a path",
        () =>
          new kd.ArgoCdToken("argocd", {
            server: "argocd.example.com/argocd",
            token: pulumi.secret(TOKEN),
          }),
        ["ArgoCdToken 'argocd': args.server is not an Argo CD server address"],
      ],
      [
        "both token and login",
        () =>
          new kd.ArgoCdToken("argocd", {
            server: SERVER,
            token: pulumi.secret(TOKEN),
            login: { username: "u", password: pulumi.secret("p") },
          }),
        [
          "ArgoCdToken 'argocd': args has both token and login",
          "the argocd CLI uses ARGOCD_AUTH_TOKEN when set",
          "give token (preferred), or login as a fallback",
        ],
      ],
      [
        "neither token nor login",
        () => new kd.ArgoCdToken("argocd", { server: SERVER }),
        ["ArgoCdToken 'argocd': args has neither token nor login", "give token (preferred)"],
      ],
      [
        "a plain-string token",
        () => new kd.ArgoCdToken("argocd", { server: SERVER, token: TOKEN }),
        [
          "ArgoCdToken 'argocd': args.token is a plain string",
          'pass pulumi.secret(value) or config.requireSecret("token")',
        ],
      ],
      [
        "a plain-string login password",
        () =>
          new kd.ArgoCdToken("argocd", {
            server: SERVER,
            login: { username: "u", password: ADMIN_PASSWORD },
          }),
        [
          "ArgoCdToken 'argocd': args.login.password is a plain string",
          'config.requireSecret("login-password")',
        ],
      ],
      [
        "a missing login password",
        () => new kd.ArgoCdToken("argocd", { server: SERVER, login: { username: "u" } } as any),
        [
          "ArgoCdToken 'argocd': args.login.password is missing",
          'config.requireSecret("login-password")',
        ],
      ],
      [
        "a rootPath that is not a path",
        () =>
          new kd.ArgoCdToken("argocd", {
            server: SERVER,
            token: pulumi.secret(TOKEN),
            rootPath: "argocd",
          }),
        [
          "ArgoCdToken 'argocd': args.rootPath is not a URL path",
          "--grpc-web-root-path is the path prefix Argo CD is served under",
        ],
      ],
      [
        "an insecure flag smuggled in",
        () =>
          new kd.ArgoCdToken("argocd", {
            server: SERVER,
            token: pulumi.secret(TOKEN),
            insecure: true,
          } as any),
        ["ArgoCdToken 'argocd': args has unknown key(s) 'insecure'"],
      ],
    ];
    for (const [what, make, fragments] of cases) {
      it(`${what}, before anything registers`, async () => {
        const message = throwsWith(make, ...fragments);
        assert.ok(!message.includes(TOKEN) && !message.includes(ADMIN_PASSWORD));
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }

    it("an empty token fails the deployment, registering no Secret", async () => {
      const c = new kd.ArgoCdToken("argocd", { server: SERVER, token: pulumi.secret("") });
      const e = await failureOf(c.secretName);
      assert.ok(pulumi.ResourceError.isInstance(e), e.message);
      assert.match(e.message, /ArgoCdToken 'argocd': args\.token is empty/);
      await settle();
      assert.deepStrictEqual(
        registered.map((r) => r.type),
        [COMPONENT],
      );
    });

    it("an empty login username is refused at once; an empty Output one fails the deployment", async () => {
      assert.throws(
        () =>
          new kd.ArgoCdToken("argocd", {
            server: SERVER,
            login: { username: "", password: pulumi.secret(ADMIN_PASSWORD) },
          }),
        /^Error: ArgoCdToken 'argocd': args\.login\.username is empty — /,
      );
      const c = new kd.ArgoCdToken("argocd", {
        server: SERVER,
        login: { username: pulumi.output(""), password: pulumi.secret(ADMIN_PASSWORD) },
      });
      const e = await failureOf(c.secretName);
      assert.match(e.message, /ArgoCdToken 'argocd': args\.login\.username is empty/);
      assert.ok(!e.message.includes(ADMIN_PASSWORD));
    });
  });
});

describe("ArgoCdToken with a CA certificate", () => {
  const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";

  it("keeps the certificate in ca.crt and points --server-crt at where the deploy step mounts it", async () => {
    resetRegistrations();
    new kd.ArgoCdToken("argocd-token", {
      server: "argocd-server.argocd.svc:443",
      token: pulumi.secret("tok"),
      caCertificate: PEM,
    });
    await settle();
    const secret = registered.find((r) => r.type === "kubernetes:core/v1:Secret")!;
    const data = JSON.stringify(secret.inputs);
    assert.ok(data.includes("--server-crt /etc/kruise-devops/argocd/ca.crt"), data);
    assert.ok(data.includes("BEGIN CERTIFICATE"), data);
    assert.strictEqual(
      kd.argoCdOptions(true, undefined, true),
      "--grpc-web --server-crt /etc/kruise-devops/argocd/ca.crt",
    );
    const task = kd.argocdSyncTask();
    assert.deepStrictEqual(task.volumes, [
      {
        name: "argocd-ca",
        secret: {
          secretName: "$(params.argocd-secret)",
          items: [{ key: "ca.crt", path: "ca.crt" }],
          optional: true,
        },
      },
    ]);
    assert.deepStrictEqual(task.steps[0].volumeMounts, [
      { name: "argocd-ca", mountPath: "/etc/kruise-devops/argocd", readOnly: true },
    ]);
  });

  it("rejects a certificate that is not PEM", () => {
    throwsWith(
      () =>
        new kd.ArgoCdToken("argocd-token", {
          server: "argocd.example.com",
          token: pulumi.secret("t"),
          caCertificate: "abc",
        }),
      "ArgoCdToken 'argocd-token': args.caCertificate is not a PEM certificate",
    );
  });
});
