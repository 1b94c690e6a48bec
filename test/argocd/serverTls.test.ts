import * as assert from "assert";
import {
  INSECURE_ENV,
  INSECURE_PARAM,
  TLS_RULE,
  insecureContainers,
  insecureValues,
  insecureValuesRule,
} from "../../components/argocd/serverTls";

describe("where argocd-server's TLS is turned off (components/argocd/serverTls)", () => {
  it("names the chart param and the env argocd-server reads", () => {
    assert.strictEqual(INSECURE_PARAM, "server.insecure");
    assert.strictEqual(INSECURE_ENV, "ARGOCD_SERVER_INSECURE");
  });

  it("insecureValues: the param, the flag and the env, each where the chart reads it", () => {
    const cases: [unknown, { path: (string | number)[]; what: string }[]][] = [
      [undefined, []],
      [{}, []],
      [
        { configs: { params: { "server.insecure": true } } },
        [{ path: ["configs", "params", "server.insecure"], what: "is true" }],
      ],
      [
        { configs: { params: { "server.insecure": "True" } } },
        [{ path: ["configs", "params", "server.insecure"], what: "is true" }],
      ],
      [
        { configs: { params: { "server.insecure": "1" } } },
        [{ path: ["configs", "params", "server.insecure"], what: "is true" }],
      ],
      [{ configs: { params: { "server.insecure": false } } }, []],
      [{ configs: { params: { "server.insecure": "yes" } } }, []],
      [
        { server: { extraArgs: ["--x", "--insecure"] } },
        [{ path: ["server", "extraArgs", 1], what: 'is "--insecure"' }],
      ],
      [
        { server: { extraArgs: ["--insecure=true"] } },
        [{ path: ["server", "extraArgs", 0], what: 'is "--insecure=true"' }],
      ],
      [
        { server: { extraArgs: ["--insecure=t"] } },
        [{ path: ["server", "extraArgs", 0], what: 'is "--insecure=t"' }],
      ],
      [
        {
          server: {
            extraArgs: ["--insecure=false", "--insecure-x", "--insecurextrue", "insecure"],
          },
        },
        [],
      ],
      [{ server: { extraArgs: "--insecure" } }, []],
      [
        { server: { env: [{ name: "ARGOCD_SERVER_INSECURE", value: "true" }] } },
        [{ path: ["server", "env", 0, "value"], what: 'sets ARGOCD_SERVER_INSECURE to "true"' }],
      ],
      [
        {
          global: {
            env: [
              { name: "X", value: "1" },
              { name: "ARGOCD_SERVER_INSECURE", value: "1" },
            ],
          },
        },
        [{ path: ["global", "env", 1, "value"], what: 'sets ARGOCD_SERVER_INSECURE to "1"' }],
      ],
      [{ server: { env: [{ name: "ARGOCD_SERVER_INSECURE", value: "false" }] } }, []],
      [{ server: { env: [{ name: "ARGOCD_SERVER_INSECURE" }] } }, []],
      [{ server: { env: [{ name: "argocd_server_insecure", value: "true" }] } }, []],
    ];
    assert.strictEqual(cases.length, 17);
    for (const [values, want] of cases) {
      assert.deepStrictEqual(insecureValues(values), want, JSON.stringify(values));
    }
  });

  it("insecureValues: every place at once, in order", () => {
    const got = insecureValues({
      configs: { params: { "server.insecure": true } },
      server: { extraArgs: ["--insecure"], env: [{ name: INSECURE_ENV, value: "true" }] },
      global: { env: [{ name: INSECURE_ENV, value: "true" }] },
    });
    assert.deepStrictEqual(
      got.map((s) => s.path.join(".")),
      [
        "configs.params.server.insecure",
        "server.extraArgs.0",
        "server.env.0.value",
        "global.env.0.value",
      ],
    );
  });

  it("insecureContainers: the flag in command or args, the env, of every container", () => {
    const podSpec = {
      containers: [
        { name: "other", args: ["--insecure=false"] },
        {
          name: "argocd-server",
          command: ["argocd-server", "--insecure"],
          args: ["--staticassets", "/shared/app", "--insecure=TRUE"],
          env: [{ name: INSECURE_ENV, value: "T" }],
        },
      ],
    };
    assert.deepStrictEqual(insecureContainers(podSpec, ["spec", "template", "spec"]), [
      {
        path: ["spec", "template", "spec", "containers", 1, "command", 1],
        what: 'is "--insecure"',
      },
      {
        path: ["spec", "template", "spec", "containers", 1, "args", 2],
        what: 'is "--insecure=TRUE"',
      },
      {
        path: ["spec", "template", "spec", "containers", 1, "env", 0, "value"],
        what: 'sets ARGOCD_SERVER_INSECURE to "T"',
      },
    ]);
    for (const none of [undefined, {}, { containers: {} }, { containers: [null, 1, "x"] }]) {
      assert.deepStrictEqual(insecureContainers(none, []), [], JSON.stringify(none));
    }
  });

  it("the message: what, the TLS rule, and to use the insecure arg instead", () => {
    const broken = insecureValuesRule("is true");
    assert.strictEqual(broken.what, "is true");
    assert.strictEqual(
      broken.rule,
      `${TLS_RULE}, and ArgoCd turns TLS off only through its insecure arg`,
    );
    assert.strictEqual(
      broken.message,
      `is true — ${TLS_RULE}, and ArgoCd turns TLS off only through its insecure arg; drop it from values; behind a TLS-terminating proxy, set insecure: true instead (the policy pack's argocd-tls reports that too)`,
    );
    assert.match(TLS_RULE, /plain HTTP/);
  });
});
