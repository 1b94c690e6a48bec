import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as bcrypt from "bcryptjs";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { chartDefaults, unknownValuePaths } from "../support/chartValues";
import { UPSTREAM } from "../support/crdSchema";
import { throwsWith } from "../support/expect";
import {
  allRegistered,
  deployFailures,
  helmTemplate,
  mockedComponents,
  ofType,
  Registered,
  registered,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";

const kd = mockedComponents();

// Compiled to .build/test/argocd/: the repository root is three levels up.
const ROOT = path.resolve(__dirname, "..", "..", "..");
const HEALTH_DIR = path.join(ROOT, "components", "argocd", "health");
const CHART_DIR = path.join(UPSTREAM, "argocd", "chart-10.1.1");

const COMPONENT = "kruise-devops:index:ArgoCd";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const SECRET = "kubernetes:core/v1:Secret";
const CHART = "kubernetes:helm.sh/v4:Chart";
const GROUP = "kubernetes:yaml/v2:ConfigGroup";

const HEALTH_KEY = (kind: string) => `resource.customizations.health.apps.kruise.io_${kind}`;
const LUA = (kind: string) => fs.readFileSync(path.join(HEALTH_DIR, `${kind}.lua`), "utf8");
const KRUISE_CM = {
  [HEALTH_KEY("ImageListPullJob")]: LUA("ImageListPullJob"),
  [HEALTH_KEY("ImagePullJob")]: LUA("ImagePullJob"),
  [HEALTH_KEY("SidecarSet")]: LUA("SidecarSet"),
};

const LABELS = (instance: string) => ({
  "app.kubernetes.io/managed-by": "pulumi",
  "app.kubernetes.io/part-of": "kruise-devops",
  "app.kubernetes.io/component": "argocd",
  "kruise-devops.io/instance": instance,
});

/** A password no registration may ever hold. */
const PASSWORD = "Corr3ct-Horse-Battery-Staple!";

const SECRET_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** `x` with every secret-marked value (as deserialized from the wire) replaced by the value. */
function plain(x: any): any {
  if (Array.isArray(x)) return x.map(plain);
  if (x === null || typeof x !== "object") return x;
  if (x[SECRET_KEY] === SECRET_SIG) return plain(x.value);
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
}

/** Registrations, with their inputs unwrapped by {@link plain}. */
interface Deployed {
  component: Registered;
  namespace: Registered | undefined;
  secret: Registered;
  chart: Registered;
  /** The component itself. */
  argocd: InstanceType<typeof kd.ArgoCd>;
}

/** Creates an ArgoCd and waits until its chart is registered. */
async function deploy(
  name: string,
  args?: import("../../components").ArgoCdArgs,
  opts?: pulumi.ComponentResourceOptions,
): Promise<Deployed> {
  const c = new kd.ArgoCd(name, args, opts);
  await valueOf(c.chart.urn);
  await settle();
  const one = (type: string): Registered | undefined => {
    const rs = ofType(type);
    assert.ok(rs.length <= 1, `${rs.length} ${type} registered`);
    return rs[0] && { ...rs[0], inputs: plain(rs[0].inputs) };
  };
  const chart = one(CHART);
  const secret = one(SECRET);
  assert.ok(chart, "a Chart was registered");
  assert.ok(secret, "a Secret was registered");
  return { component: one(COMPONENT)!, namespace: one(NAMESPACE), secret, chart, argocd: c };
}

/** The chart values ArgoCd sends for `args`. */
async function valuesFor(args?: import("../../components").ArgoCdArgs) {
  resetRegistrations();
  return (await deploy("argocd", args)).chart.inputs.values as Record<string, any>;
}

/** The admin password hash in the chart values. */
async function adminHash(name: string, args: import("../../components").ArgoCdArgs) {
  resetRegistrations();
  const { chart } = await deploy(name, args);
  const hash = chart.inputs.values.configs.secret.argocdServerAdminPassword;
  assert.strictEqual(typeof hash, "string");
  return hash as string;
}

describe("ArgoCd under Pulumi mocks", () => {
  beforeEach(resetRegistrations);

  describe("resources", () => {
    it("registers the namespace, the argocd-redis Secret and the pinned argo-cd chart", async () => {
      const { component, namespace, secret, chart } = await deploy("argocd");
      assert.deepStrictEqual(component.inputs, {}, "nothing is stored as component inputs");
      assert.deepStrictEqual(
        registered.map((r) => r.type).sort(),
        [CHART, COMPONENT, NAMESPACE, SECRET].sort(),
      );

      assert.ok(namespace);
      assert.deepStrictEqual(namespace.inputs, {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "argocd", labels: LABELS("argocd") },
      });

      assert.strictEqual(chart.inputs.chart, "argo-cd");
      assert.strictEqual(chart.inputs.version, "10.1.1");
      assert.deepStrictEqual(chart.inputs.repositoryOpts, {
        repo: "https://argoproj.github.io/argo-helm",
      });
      assert.strictEqual(chart.inputs.name, "argocd");
      assert.strictEqual(chart.inputs.namespace, "argocd");
      assert.deepStrictEqual(chart.inputs.values, {
        configs: { cm: KRUISE_CM },
        crds: { install: true, keep: true },
        global: { image: { tag: "v3.4.14" } },
      });
      assert.deepStrictEqual(
        Object.keys(chart.inputs).sort(),
        ["chart", "name", "namespace", "repositoryOpts", "values", "version"],
        "no other chart option is set",
      );
      assert.deepStrictEqual(chart.secretPaths, [], "no admin password: nothing secret");

      for (const r of [namespace, secret, chart]) assert.strictEqual(r.parent, component.urn);
      assert.deepStrictEqual(secret.dependencies, [namespace.urn]);
      assert.deepStrictEqual(chart.dependencies.slice().sort(), [namespace.urn, secret.urn].sort());
    });

    it("generates the Redis password once: a random secret whose later redraws are ignored", async () => {
      const first = (await deploy("argocd")).secret;
      assert.deepStrictEqual(first.inputs.metadata, {
        name: "argocd-redis",
        namespace: "argocd",
        labels: LABELS("argocd"),
      });
      assert.strictEqual(first.inputs.type, "Opaque");
      assert.deepStrictEqual(Object.keys(first.inputs.stringData), ["auth"]);
      assert.match(first.inputs.stringData.auth, /^[A-Za-z0-9_-]{32}$/, "24 random bytes");
      assert.deepStrictEqual(first.secretPaths, ["stringData"]);
      assert.deepStrictEqual(first.ignoreChanges, ["stringData", "data"]);

      resetRegistrations();
      const again = (await deploy("argocd")).secret;
      assert.notStrictEqual(
        again.inputs.stringData.auth,
        first.inputs.stringData.auth,
        "each run draws a new password, which is why stringData is ignored",
      );
      assert.deepStrictEqual(again.ignoreChanges, ["stringData", "data"]);
    });

    it("takes a given Redis password as is, sent secret and not ignored", async () => {
      const { secret } = await deploy("argocd", {
        redisPassword: pulumi.secret("redis-pass-1234"),
      });
      assert.deepStrictEqual(secret.inputs.stringData, { auth: "redis-pass-1234" });
      assert.deepStrictEqual(secret.secretPaths, ["stringData"]);
      assert.deepStrictEqual(secret.ignoreChanges, []);
    });

    it("marks a Redis password from plain config secret", async () => {
      const { secret } = await deploy("argocd", { redisPassword: pulumi.output("from-config") });
      assert.deepStrictEqual(secret.secretPaths, ["stringData"]);
      assert.strictEqual(secret.inputs.stringData.auth, "from-config");
    });

    it("without createNamespace, uses an existing namespace: no Namespace, no dependency on one", async () => {
      const { namespace, secret, chart } = await deploy("cd", {
        namespace: "gitops",
        createNamespace: false,
      });
      assert.strictEqual(namespace, undefined);
      assert.strictEqual(secret.inputs.metadata.namespace, "gitops");
      assert.strictEqual(chart.inputs.namespace, "gitops");
      assert.strictEqual(chart.inputs.name, "cd");
      assert.deepStrictEqual(secret.dependencies, []);
      assert.deepStrictEqual(chart.dependencies, [secret.urn]);
    });

    it("makes every child wait for the component's own dependsOn (directly or through the namespace)", async () => {
      const dep = new (class extends pulumi.CustomResource {})("test:index:Dep", "dep", {});
      const { namespace, secret, chart } = await deploy("argocd", {}, { dependsOn: [dep] });
      const depUrn = await valueOf(dep.urn);
      assert.ok(
        namespace!.dependencies.includes(depUrn),
        JSON.stringify([depUrn, namespace!.dependencies, registered.map((r) => r.name)]),
      );
      assert.ok(secret.dependencies.includes(namespace!.urn));
      assert.ok(chart.dependencies.includes(namespace!.urn));

      resetRegistrations();
      const flat = await deploy("argocd", { createNamespace: false }, { dependsOn: [dep] });
      assert.ok(flat.secret.dependencies.includes(depUrn));
      assert.ok(flat.chart.dependencies.includes(flat.secret.urn));
    });

    it("keeps the CRDs on delete by default through the chart's crds.keep, which helm.v4.Chart honours", async () => {
      // crds.keep marks the CRDs helm.sh/resource-policy: keep; helm.v4.Chart registers such
      // objects with retainOnDelete. So no group of their own and no transform.
      const on = await deploy("argocd");
      assert.deepStrictEqual(on.chart.inputs.values.crds, { install: true, keep: true });
      assert.strictEqual(on.chart.retainOnDelete, false, "the CRDs are kept, not the whole chart");
      assert.strictEqual(on.argocd.crds, undefined);
      assert.deepStrictEqual(ofType(GROUP), []);
      assert.ok(
        allRegistered(4).every((r) => r.transforms === 0),
        "no transform",
      );

      resetRegistrations();
      const off = await deploy("argocd", { crds: { keepOnDelete: false } });
      assert.deepStrictEqual(
        off.chart.inputs.values.crds,
        { install: true, keep: false },
        "crds.keep follows keepOnDelete",
      );
      assert.strictEqual(off.chart.retainOnDelete, false);
      assert.deepStrictEqual(ofType(GROUP), []);

      resetRegistrations();
      const noInstall = await deploy("argocd", { crds: { install: false } });
      assert.deepStrictEqual(noInstall.chart.inputs.values.crds, { install: false, keep: true });
      assert.deepStrictEqual(ofType(GROUP), []);
    });

    it("with client templating, keeps the rendered CRDs in a group of their own after the namespace and Secret", async () => {
      const crd = {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: {
          name: "applications.argoproj.io",
          annotations: { "helm.sh/resource-policy": "keep" },
        },
      };
      const server = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "argocd-server", namespace: "argocd" },
      };
      helmTemplate.objects = [crd, server];
      const c = new kd.ArgoCd("argocd", { templating: "client" });
      await valueOf(c.chart.urn);
      await settle();
      assert.deepStrictEqual(ofType(CHART), []);
      const byName = (name: string) => ofType(GROUP).find((g) => g.name === name)!;
      assert.deepStrictEqual(
        ofType(GROUP)
          .map((g) => g.name)
          .sort(),
        [
          "argocd-chart",
          "argocd-chart-crds",
          "argocd-chart-webhook-backends",
          "argocd-chart-webhooks",
        ],
      );
      const crds = byName("argocd-chart-crds");
      const rest = byName("argocd-chart");
      const webhooks = byName("argocd-chart-webhooks");
      const [namespace] = ofType(NAMESPACE);
      const [secret] = ofType(SECRET);
      assert.deepStrictEqual(crds.inputs, { objs: [crd], resourcePrefix: "argocd-chart" });
      assert.deepStrictEqual(rest.inputs, { objs: [server], resourcePrefix: "argocd-chart" });
      assert.strictEqual(crds.retainOnDelete, true);
      assert.strictEqual(rest.retainOnDelete, false);
      assert.deepStrictEqual(
        crds.dependencies.slice().sort(),
        [namespace.urn, secret.urn].sort(),
        "the CRDs wait for what the chart waited for",
      );
      assert.deepStrictEqual(
        rest.dependencies.slice().sort(),
        [namespace.urn, secret.urn, crds.urn].sort(),
      );
      assert.deepStrictEqual(webhooks.inputs, { objs: [], resourcePrefix: "argocd-chart" });
      assert.strictEqual(webhooks.retainOnDelete, false);
      assert.deepStrictEqual(
        webhooks.dependencies.slice().sort(),
        [namespace.urn, secret.urn, rest.urn].sort(),
        "the webhook configurations come after the rest",
      );
      assert.ok(c.crds, "the crds output");
      assert.ok(
        allRegistered(7).every((r) => r.transforms === 0),
        "no transform",
      );

      // keepOnDelete false: one group, the CRDs in it, nothing retained.
      resetRegistrations();
      helmTemplate.objects = [crd, server];
      const off = new kd.ArgoCd("argocd", {
        templating: "client",
        crds: { keepOnDelete: false },
      });
      await valueOf(off.chart.urn);
      await settle();
      assert.strictEqual(off.crds, undefined);
      assert.deepStrictEqual(
        ofType(GROUP).map((g) => [g.name, g.inputs.objs, g.retainOnDelete]),
        [
          ["argocd-chart", [crd, server], false],
          ["argocd-chart-webhooks", [], false],
          ["argocd-chart-webhook-backends", [], false],
        ],
      );
    });

    it("exposes the namespace and the in-cluster API address", async () => {
      const c = new kd.ArgoCd("argocd", { namespace: "gitops" });
      assert.strictEqual(c.namespace, "gitops");
      assert.strictEqual(c.serverAddress, "argocd-server.gitops.svc:443");
      await valueOf(c.chart.urn);
      await settle();
    });
  });

  describe("values", () => {
    it("runs the pinned Argo CD patch on the pinned chart; another chart version runs its own", async () => {
      assert.strictEqual(kd.ARGOCD_VERSION, "v3.4.14");
      const chartYaml = fs.readFileSync(path.join(CHART_DIR, "Chart.yaml"), "utf8");
      assert.match(chartYaml, /^appVersion: v3\.4\.\d+$/m, "the pinned chart is Argo CD v3.4");
      assert.deepStrictEqual((await valuesFor()).global, { image: { tag: "v3.4.14" } });
      assert.deepStrictEqual(
        (await valuesFor({ source: { repo: "https://charts.example.com" } })).global,
        { image: { tag: "v3.4.14" } },
        "the pinned version from a mirror repository",
      );
      assert.strictEqual((await valuesFor({ source: { version: "10.2.0" } })).global, undefined);
      assert.deepStrictEqual(
        (await valuesFor({ values: { global: { image: { tag: "v3.4.13" } } } })).global,
        { image: { tag: "v3.4.13" } },
        "values win",
      );
    });

    it("leaves TLS on: no configs.params by default", async () => {
      const v = await valuesFor();
      assert.strictEqual(v.configs.params, undefined);
      assert.strictEqual(JSON.stringify(v).includes("server.insecure"), false);
    });

    it("insecure sets configs.params['server.insecure']; serverSideDiff sets controller.diff.server.side", async () => {
      assert.deepStrictEqual((await valuesFor({ insecure: true })).configs.params, {
        "server.insecure": true,
      });
      assert.deepStrictEqual((await valuesFor({ serverSideDiff: true })).configs.params, {
        "controller.diff.server.side": true,
      });
      assert.strictEqual(kd.SERVER_SIDE_DIFF_PARAM, "controller.diff.server.side");
      assert.deepStrictEqual(
        (await valuesFor({ insecure: true, serverSideDiff: true })).configs.params,
        { "controller.diff.server.side": true, "server.insecure": true },
      );
    });

    it("puts exactly the three Kruise health checks in configs.cm, equal to the .lua files", async () => {
      const cm = (await valuesFor()).configs.cm;
      assert.deepStrictEqual(Object.keys(cm).sort(), [
        "resource.customizations.health.apps.kruise.io_ImageListPullJob",
        "resource.customizations.health.apps.kruise.io_ImagePullJob",
        "resource.customizations.health.apps.kruise.io_SidecarSet",
      ]);
      for (const kind of ["ImagePullJob", "ImageListPullJob", "SidecarSet"]) {
        assert.ok(LUA(kind).includes("hs.status"), `${kind}.lua is a health script`);
        assert.strictEqual(cm[HEALTH_KEY(kind)], LUA(kind), kind);
      }
    });

    it("leaves Argo CD's built-in Kruise checks alone unless one is given in healthChecks", async () => {
      const builtIn = ["CloneSet", "StatefulSet", "DaemonSet", "BroadcastJob", "AdvancedCronJob"];
      const cm = (await valuesFor()).configs.cm;
      for (const kind of builtIn) assert.strictEqual(cm[HEALTH_KEY(kind)], undefined, kind);

      const lua = 'hs = {}\nhs.status = "Healthy"\nreturn hs\n';
      const given = (await valuesFor({ healthChecks: { "apps.kruise.io_CloneSet": lua } })).configs
        .cm;
      assert.strictEqual(given[HEALTH_KEY("CloneSet")], lua);
      for (const kind of builtIn.filter((k) => k !== "CloneSet")) {
        assert.strictEqual(given[HEALTH_KEY(kind)], undefined, kind);
      }
      assert.strictEqual(given[HEALTH_KEY("SidecarSet")], LUA("SidecarSet"));
    });

    it("a given check overrides the package's own for the same kind; core kinds use group ''", async () => {
      const cm = (
        await valuesFor({
          healthChecks: { "apps.kruise.io_SidecarSet": "return {}", _Pod: "return {}" },
        })
      ).configs.cm;
      assert.strictEqual(cm[HEALTH_KEY("SidecarSet")], "return {}");
      assert.strictEqual(cm["resource.customizations.health._Pod"], "return {}");
    });

    it("kruiseHealthChecks: false drops the package's checks", async () => {
      const v = await valuesFor({ kruiseHealthChecks: false });
      assert.deepStrictEqual(v, {
        configs: {},
        crds: { install: true, keep: true },
        global: { image: { tag: "v3.4.14" } },
      });
      const only = await valuesFor({
        kruiseHealthChecks: false,
        healthChecks: { "apps.kruise.io_CloneSet": "return {}" },
      });
      assert.deepStrictEqual(only.configs.cm, { [HEALTH_KEY("CloneSet")]: "return {}" });
    });

    it("rejects a health-check key that is not <group>_<Kind>", () => {
      throwsWith(
        () => new kd.ArgoCd("argocd", { healthChecks: { CloneSet: "return {}" } }),
        "ArgoCd 'argocd': args.healthChecks.CloneSet is not '<group>_<Kind>'",
        'write e.g. "apps.kruise.io_CloneSet"',
      );
    });

    it("rejects raw values that turn argocd-server's TLS off behind the insecure arg's back", async () => {
      const tail =
        " — argocd-server then serves the API and UI, logins and tokens included, over plain HTTP, and ArgoCd turns TLS off only through its insecure arg; drop it from values; behind a TLS-terminating proxy, set insecure: true instead (the policy pack's argocd-tls reports that too)";
      const message = throwsWith(
        () =>
          new kd.ArgoCd("argocd", {
            values: {
              configs: { params: { "server.insecure": "true" } },
              server: {
                extraArgs: ["--basehref=/argo", "--insecure"],
                env: [{ name: "ARGOCD_SERVER_INSECURE", value: "1" }],
              },
              global: { env: [{ name: "ARGOCD_SERVER_INSECURE", value: "True" }] },
            },
          }),
      );
      assert.deepStrictEqual(message.split("\n"), [
        `ArgoCd 'argocd': args.values.configs.params["server.insecure"] is true${tail}`,
        `ArgoCd 'argocd': args.values.server.extraArgs[1] is "--insecure"${tail}`,
        `ArgoCd 'argocd': args.values.server.env[0].value sets ARGOCD_SERVER_INSECURE to "1"${tail}`,
        `ArgoCd 'argocd': args.values.global.env[0].value sets ARGOCD_SERVER_INSECURE to "True"${tail}`,
      ]);
      throwsWith(
        () => new kd.ArgoCd("argocd", { values: { server: { extraArgs: ["--insecure=true"] } } }),
        `args.values.server.extraArgs[0] is "--insecure=true"`,
      );
      await settle();
      assert.deepStrictEqual(registered, []);
      // TLS kept: false values, other flags, an env from the params ConfigMap; the insecure arg.
      const v = await valuesFor({
        insecure: true,
        values: {
          server: {
            extraArgs: ["--insecure=false", "--basehref=/argo"],
            env: [
              { name: "ARGOCD_SERVER_INSECURE", value: "false" },
              { name: "OTHER", value: "true" },
            ],
          },
        },
      });
      assert.strictEqual(v.configs.params["server.insecure"], true);
    });

    it("deep-merges the raw values last; null removes a key", async () => {
      const v = await valuesFor({
        insecure: true,
        values: {
          server: { replicas: 2 },
          crds: { keep: false },
          configs: {
            params: { "server.insecure": false },
            cm: { [HEALTH_KEY("SidecarSet")]: null, "timeout.reconciliation": "300s" },
          },
        },
      });
      assert.deepStrictEqual(v, {
        configs: {
          cm: {
            [HEALTH_KEY("ImageListPullJob")]: LUA("ImageListPullJob"),
            [HEALTH_KEY("ImagePullJob")]: LUA("ImagePullJob"),
            "timeout.reconciliation": "300s",
          },
          params: { "server.insecure": false },
        },
        crds: { install: true, keep: false },
        global: { image: { tag: "v3.4.14" } },
        server: { replicas: 2 },
      });
      assert.deepStrictEqual(
        await valuesFor({ values: { crds: null, configs: null, global: null } }),
        {},
      );
    });

    it("writes only keys the pinned argo-cd 10.1.1 chart declares", async () => {
      const defaults = chartDefaults(CHART_DIR);
      // Every key the component writes itself (no raw values), all options on.
      const v = await valuesFor({
        insecure: true,
        serverSideDiff: true,
        adminPassword: pulumi.secret(PASSWORD),
        healthChecks: { "apps.kruise.io_CloneSet": "return {}" },
        crds: { install: false },
      });
      assert.deepStrictEqual(Object.keys(v.configs).sort(), ["cm", "params", "secret"]);
      assert.deepStrictEqual(unknownValuePaths(defaults, v, ["configs.cm", "configs.params"]), []);
      // The maps and keys named explicitly, so the check above cannot pass vacuously.
      const d = defaults as any;
      assert.strictEqual(typeof d.configs.cm, "object");
      assert.strictEqual(typeof d.configs.params, "object");
      assert.ok("argocdServerAdminPassword" in d.configs.secret);
      assert.ok("argocdServerAdminPasswordMtime" in d.configs.secret);
      assert.ok("install" in d.crds && "keep" in d.crds);
      // And the check does catch a key the chart lacks.
      assert.deepStrictEqual(
        unknownValuePaths(defaults, { configs: { secret: { adminPassword: "x" } } }, []),
        ["configs.secret.adminPassword"],
      );
    });
  });

  describe("admin password", () => {
    it("rejects a plain string before anything registers, without echoing it", async () => {
      const message = throwsWith(
        () => new kd.ArgoCd("argocd", { adminPassword: PASSWORD }),
        "ArgoCd 'argocd': args.adminPassword is a plain string",
        'pass pulumi.secret(value) or config.requireSecret("adminPassword")',
      );
      assert.ok(!message.includes(PASSWORD));
      throwsWith(
        () => new kd.ArgoCd("argocd", { redisPassword: "redis-plain" }),
        "ArgoCd 'argocd': args.redisPassword is a plain string",
      );
      await settle();
      assert.deepStrictEqual(registered, []);
    });

    it("writes a cost-10 $2a$ bcrypt hash of the password and the default mtime", async () => {
      const { chart } = await deploy("argocd", { adminPassword: pulumi.secret(PASSWORD) });
      const secret = chart.inputs.values.configs.secret;
      assert.deepStrictEqual(Object.keys(secret).sort(), [
        "argocdServerAdminPassword",
        "argocdServerAdminPasswordMtime",
      ]);
      assert.strictEqual(secret.argocdServerAdminPasswordMtime, "1970-01-01T00:00:00Z");
      const hash = secret.argocdServerAdminPassword as string;
      assert.match(hash, /^\$2a\$10\$[./A-Za-z0-9]{53}$/);
      assert.strictEqual(bcrypt.getRounds(hash), 10);
      assert.strictEqual(bcrypt.compareSync(PASSWORD, hash), true);
      assert.strictEqual(bcrypt.compareSync(`${PASSWORD}x`, hash), false);
      assert.strictEqual(bcrypt.compareSync("admin", hash), false);
      // Salted from project, stack, namespace and release (mocks: kruise-devops / test).
      assert.strictEqual(
        hash,
        kd.hashAdminPassword(PASSWORD, ["kruise-devops", "test", "argocd", "argocd"]),
      );
    });

    it("sends the values marked secret where they hold the hash", async () => {
      const { chart } = await deploy("argocd", { adminPassword: pulumi.secret(PASSWORD) });
      assert.deepStrictEqual(chart.secretPaths, [
        "values.configs.secret.argocdServerAdminPassword",
      ]);
      // Also when the password comes from plain config (an unmarked Output).
      resetRegistrations();
      const plain = await deploy("argocd", { adminPassword: pulumi.output(PASSWORD) });
      assert.deepStrictEqual(plain.chart.secretPaths, [
        "values.configs.secret.argocdServerAdminPassword",
      ]);
    });

    it("never puts the password itself in any registration", async () => {
      await deploy("argocd", {
        adminPassword: pulumi.secret(PASSWORD),
        redisPassword: pulumi.secret("redis-pass-1234"),
      });
      for (const r of allRegistered(4)) {
        assert.ok(!JSON.stringify(r).includes(PASSWORD), `${r.type} ${r.name} holds the password`);
      }
      // The search does find a secret that is sent (the Redis password is stored as such).
      assert.ok(registered.some((r) => JSON.stringify(r).includes("redis-pass-1234")));
    });

    it("gives the same hash on every run of one installation, another for another installation", async () => {
      const first = await adminHash("argocd", { adminPassword: pulumi.secret(PASSWORD) });
      const again = await adminHash("argocd", { adminPassword: pulumi.secret(PASSWORD) });
      assert.strictEqual(again, first, "no perpetual diff");
      const otherNs = await adminHash("argocd", {
        adminPassword: pulumi.secret(PASSWORD),
        namespace: "gitops",
      });
      const otherName = await adminHash("cd", { adminPassword: pulumi.secret(PASSWORD) });
      assert.notStrictEqual(otherNs, first);
      assert.notStrictEqual(otherName, first);
      assert.notStrictEqual(otherName, otherNs);
      for (const h of [otherNs, otherName]) assert.ok(bcrypt.compareSync(PASSWORD, h));
    });

    it("passes adminPasswordMtime through and rejects a time that is not RFC 3339", async () => {
      const { chart } = await deploy("argocd", {
        adminPassword: pulumi.secret(PASSWORD),
        adminPasswordMtime: "2026-11-22T10:00:00Z",
      });
      assert.strictEqual(
        chart.inputs.values.configs.secret.argocdServerAdminPasswordMtime,
        "2026-11-22T10:00:00Z",
      );
      throwsWith(
        () =>
          new kd.ArgoCd("argocd", {
            adminPassword: pulumi.secret(PASSWORD),
            adminPasswordMtime: "2026-11-22 10:00",
          }),
        "ArgoCd 'argocd': args.adminPasswordMtime is not an RFC 3339 time",
      );
    });

    it("accepts 72 bytes; more fails the deployment (ResourceError) without registering the chart", async () => {
      const exact = "é".repeat(36); // 72 bytes
      const { chart } = await deploy("argocd", { adminPassword: pulumi.secret(exact) });
      assert.ok(
        bcrypt.compareSync(exact, chart.inputs.values.configs.secret.argocdServerAdminPassword),
      );

      for (const [pw, bytes] of [
        ["x".repeat(73), 73],
        ["é".repeat(37), 74], // 37 characters: the limit is on bytes
      ] as const) {
        resetRegistrations();
        const failures = await deployFailures(
          () => new kd.ArgoCd("big", { adminPassword: pulumi.secret(pw) }),
        );
        const messages = failures.map((e) => (e as Error).message);
        const expected = `ArgoCd 'big': args.adminPassword is ${bytes} bytes long — Argo CD hashes passwords with bcrypt, which takes 1 to 72 bytes; use a password of at most 72 bytes`;
        // The SDK prefixes where it met the error ('error serializing property "values": …').
        assert.ok(messages.length > 0, "the deployment fails");
        assert.ok(
          messages.every((m) => m.endsWith(expected)),
          JSON.stringify([...new Set(messages)]),
        );
        assert.ok(
          failures.every((e) => pulumi.ResourceError.isInstance(e)),
          "a ResourceError",
        );
        assert.ok(!messages.some((m) => m.includes(pw)), "the message holds no password");
        assert.deepStrictEqual(ofType(CHART), [], "the chart is never registered");
        assert.deepStrictEqual(
          registered.filter((r) => r.custom).map((r) => r.type),
          [],
          "nor the Namespace or the argocd-redis Secret",
        );
      }
    });

    it("fails an empty password at deploy time", async () => {
      const failures = await deployFailures(
        () => new kd.ArgoCd("empty", { adminPassword: pulumi.secret("") }),
      );
      const messages = [...new Set(failures.map((e) => (e as Error).message))];
      assert.ok(messages.length > 0, "the deployment fails");
      assert.ok(
        messages.every((m) =>
          m.endsWith(
            "ArgoCd 'empty': args.adminPassword is empty — Argo CD hashes passwords with bcrypt, which takes 1 to 72 bytes; use a password of at most 72 bytes",
          ),
        ),
        JSON.stringify(messages),
      );
      assert.deepStrictEqual(ofType(CHART), []);
    });
  });

  describe("chart source", () => {
    let tmp: string;

    /** A writable copy of the pinned chart; `dropDependencies` removes redis-ha from Chart.yaml. */
    function copyChart(dir: string, dropDependencies: boolean): string {
      const dest = path.join(tmp, dir);
      fs.cpSync(CHART_DIR, dest, { recursive: true });
      const makeWritable = (p: string) => {
        fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
        if (fs.statSync(p).isDirectory())
          for (const e of fs.readdirSync(p)) makeWritable(path.join(p, e));
      };
      makeWritable(dest);
      if (dropDependencies) {
        const chartYaml = path.join(dest, "Chart.yaml");
        const doc = yaml.load(fs.readFileSync(chartYaml, "utf8")) as Record<string, unknown>;
        assert.ok(Array.isArray(doc.dependencies), "the fixture lists dependencies");
        delete doc.dependencies;
        fs.writeFileSync(chartYaml, yaml.dump(doc));
        fs.rmSync(path.join(dest, "Chart.lock"));
      }
      return dest;
    }

    before(() => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "argocd-chart-"));
    });
    after(() => {
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("rejects the read-only fixture chart: it lists dependencies but has no charts/", async () => {
      assert.ok(fs.existsSync(path.join(CHART_DIR, "Chart.yaml")));
      assert.ok(!fs.existsSync(path.join(CHART_DIR, "charts")));
      throwsWith(
        () => new kd.ArgoCd("argocd", { source: { path: CHART_DIR } }),
        "ArgoCd 'argocd': args.source.path lists chart dependencies that are not in its charts/ directory",
        "run `helm dependency build` on a writable copy",
      );
      await settle();
      assert.deepStrictEqual(registered, []);
    });

    it("installs a copy without dependencies from its absolute path, with no version or repo", async () => {
      const dir = copyChart("no-deps", true);
      const relative = path.relative(process.cwd(), dir);
      assert.ok(!path.isAbsolute(relative));
      const { chart } = await deploy("argocd", { source: { path: relative } });
      assert.strictEqual(chart.inputs.chart, dir);
      assert.strictEqual(chart.inputs.version, undefined);
      assert.strictEqual(chart.inputs.repositoryOpts, undefined);
      assert.strictEqual(chart.inputs.name, "argocd");
    });

    it("accepts a copy whose dependencies are vendored in charts/", async () => {
      const dir = copyChart("vendored", false);
      fs.mkdirSync(path.join(dir, "charts"));
      const { chart } = await deploy("argocd", { source: { path: dir } });
      assert.strictEqual(chart.inputs.chart, dir);
    });

    it("takes another exact version and repository", async () => {
      const { chart } = await deploy("argocd", {
        source: { version: "10.0.0", repo: "oci://ghcr.io/argoproj/argo-helm" },
      });
      assert.strictEqual(chart.inputs.chart, "argo-cd");
      assert.strictEqual(chart.inputs.version, "10.0.0");
      assert.deepStrictEqual(chart.inputs.repositoryOpts, {
        repo: "oci://ghcr.io/argoproj/argo-helm",
      });
    });

    const bad: [string, () => import("../../components").ChartSource, string][] = [
      [
        "path together with version",
        () => ({ path: copyChart("with-version", true), version: "10.1.1" }),
        "ArgoCd 'argocd': args.source.path is given together with repo/version",
      ],
      [
        "a path that does not exist",
        () => ({ path: path.join(tmp, "missing") }),
        "ArgoCd 'argocd': args.source.path is not a chart",
      ],
      [
        "a version range",
        () => ({ version: "^10" }),
        "ArgoCd 'argocd': args.source.version is not an exact chart version",
      ],
      [
        "a repository without scheme",
        () => ({ repo: "argoproj.github.io/argo-helm" }),
        "ArgoCd 'argocd': args.source.repo is not a chart repository URL",
      ],
    ];
    for (const [what, source, fragment] of bad) {
      it(`rejects ${what} before anything registers`, async () => {
        const s = source();
        throwsWith(() => new kd.ArgoCd("argocd", { source: s }), fragment);
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }
  });

  describe("bad input registers nothing", () => {
    const cases: [string, () => unknown, string][] = [
      [
        "a bad namespace",
        () => new kd.ArgoCd("argocd", { namespace: "Argo_CD" }),
        `ArgoCd 'argocd': args.namespace ("Argo_CD") is not a namespace name`,
      ],
      [
        "a typo",
        () => new kd.ArgoCd("argocd", { insecur: true } as any),
        "ArgoCd 'argocd': args has unknown key(s) 'insecur'",
      ],
      [
        "an unknown crds option",
        () => new kd.ArgoCd("argocd", { crds: { keep: true } as any }),
        "ArgoCd 'argocd': args.crds has unknown key(s) 'keep'",
      ],
    ];
    for (const [what, make, fragment] of cases) {
      it(`${what}: fails before any resource, naming the path`, async () => {
        throwsWith(make, fragment);
        await settle();
        assert.deepStrictEqual(registered, []);
      });
    }
  });

  describe("args known only at deploy time", () => {
    const cases: [string, () => import("../../components").ArgoCdArgs, string][] = [
      [
        "adminPasswordMtime",
        () => ({
          adminPassword: pulumi.secret(PASSWORD),
          adminPasswordMtime: pulumi.output("yesterday"),
        }),
        "ArgoCd 'late': args.adminPasswordMtime is not an RFC 3339 time — Argo CD parses admin.passwordMtime with time.RFC3339",
      ],
      [
        "healthChecks",
        () => ({ healthChecks: pulumi.output({ CloneSet: "return {}" }) }),
        "ArgoCd 'late': args.healthChecks.CloneSet is not '<group>_<Kind>'",
      ],
      [
        "insecure",
        () => ({ insecure: pulumi.output("yes" as unknown as boolean) }),
        "ArgoCd 'late': args.insecure",
      ],
    ];
    for (const [what, args, fragment] of cases) {
      it(`${what}: checked by the same rules once known; nothing is registered`, async () => {
        resetRegistrations();
        const failures = await deployFailures(() => new kd.ArgoCd("late", args()));
        const messages = [...new Set(failures.map((e) => (e as Error).message))];
        assert.ok(messages.length > 0, "the deployment fails");
        assert.ok(
          messages.every((m) => m.includes(fragment)),
          JSON.stringify(messages),
        );
        assert.ok(
          failures.every((e) => pulumi.ResourceError.isInstance(e)),
          "a ResourceError",
        );
        assert.deepStrictEqual(ofType(CHART), [], "the chart is never registered");
        assert.deepStrictEqual(
          registered.filter((r) => r.custom).map((r) => r.type),
          [],
          "nor the Namespace or the argocd-redis Secret",
        );
      });
    }

    it("known, they give the values the plain args give", async () => {
      const args = {
        adminPassword: pulumi.secret(PASSWORD),
        adminPasswordMtime: "2026-11-22T10:00:00Z",
        insecure: true,
        serverSideDiff: true,
        kruiseHealthChecks: false,
        healthChecks: { "apps.kruise.io_CloneSet": "return {}" },
      };
      const plainValues = await valuesFor(args);
      const late = await valuesFor({
        adminPassword: pulumi.secret(PASSWORD),
        adminPasswordMtime: pulumi.output(args.adminPasswordMtime),
        insecure: pulumi.output(true),
        serverSideDiff: pulumi.output(true),
        kruiseHealthChecks: pulumi.output(false),
        healthChecks: pulumi.output(args.healthChecks),
      });
      assert.deepStrictEqual(late, plainValues);
      assert.strictEqual(late.configs.params["server.insecure"], true);
      assert.deepStrictEqual(Object.keys(late.configs.cm), [
        "resource.customizations.health.apps.kruise.io_CloneSet",
      ]);
      assert.strictEqual(
        late.configs.secret.argocdServerAdminPasswordMtime,
        args.adminPasswordMtime,
      );
    });
  });
});
