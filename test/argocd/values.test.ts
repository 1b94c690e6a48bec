import * as assert from "assert";
import { SERVER_SIDE_DIFF_PARAM, argoCdValues } from "../../components/argocd/values";
import { mockedComponents } from "../support/mocks";

const kd = mockedComponents();

// Moved from install.test.ts under the describes it had there, so its title is unchanged.
describe("ArgoCd under Pulumi mocks", () => {
  describe("values", () => {
    it("sorts every map's keys, so a re-ordered input never shows as a diff", () => {
      const v = kd.argoCdValues({
        installCrds: true,
        keepCrds: true,
        insecure: true,
        serverSideDiff: true,
        healthChecks: { "z.io_Z": "z", "a.io_A": "a", "m.io_M": "m" },
        admin: { hash: "h", mtime: "1970-01-01T00:00:00Z" },
        values: { zeta: { b: 1, a: { d: 1, c: 2 } }, alpha: [{ y: 1, x: 2 }], configs: { z: 1 } },
      });
      const unsorted: string[] = [];
      const walk = (x: unknown, at: string) => {
        if (Array.isArray(x)) return x.forEach((e, i) => walk(e, `${at}[${i}]`));
        if (x === null || typeof x !== "object") return;
        const keys = Object.keys(x);
        if (keys.join("\n") !== [...keys].sort().join("\n")) unsorted.push(at || "(root)");
        for (const k of keys) walk((x as Record<string, unknown>)[k], `${at}.${k}`);
      };
      walk(v, "");
      assert.deepStrictEqual(unsorted, []);
      assert.deepStrictEqual(Object.keys(v), ["alpha", "configs", "crds", "zeta"]);
      assert.deepStrictEqual(Object.keys(v.configs as object), ["cm", "params", "secret", "z"]);
    });
  });
});

describe("Argo CD chart values (components/argocd/values)", () => {
  const MINIMAL = {
    installCrds: true,
    keepCrds: true,
    insecure: false,
    serverSideDiff: false,
    healthChecks: {},
  };

  it("the least: CRDs only; no params, no cm, no secret, no image tag, TLS left on", () => {
    assert.deepStrictEqual(argoCdValues(MINIMAL), {
      configs: {},
      crds: { install: true, keep: true },
    });
    assert.deepStrictEqual(argoCdValues({ ...MINIMAL, installCrds: false, keepCrds: false }), {
      configs: {},
      crds: { install: false, keep: false },
    });
  });

  it("each typed input at its chart key", () => {
    const cases: [Partial<Parameters<typeof argoCdValues>[0]>, Record<string, unknown>][] = [
      [{ insecure: true }, { configs: { params: { "server.insecure": true } } }],
      [{ serverSideDiff: true }, { configs: { params: { [SERVER_SIDE_DIFF_PARAM]: true } } }],
      [{ imageTag: "v3.4.14" }, { global: { image: { tag: "v3.4.14" } }, configs: {} }],
      [{ imageTag: "" }, { configs: {} }],
      [
        { healthChecks: { "apps.kruise.io_CloneSet": "lua" } },
        { configs: { cm: { "apps.kruise.io_CloneSet": "lua" } } },
      ],
      [
        { admin: { hash: "$2a$10$x", mtime: "2024-01-01T00:00:00Z" } },
        {
          configs: {
            secret: {
              argocdServerAdminPassword: "$2a$10$x",
              argocdServerAdminPasswordMtime: "2024-01-01T00:00:00Z",
            },
          },
        },
      ],
    ];
    assert.strictEqual(cases.length, 6);
    assert.strictEqual(SERVER_SIDE_DIFF_PARAM, "controller.diff.server.side");
    for (const [input, want] of cases) {
      assert.deepStrictEqual(
        argoCdValues({ ...MINIMAL, ...input }),
        { crds: { install: true, keep: true }, ...want },
        JSON.stringify(input),
      );
    }
  });

  it("raw values are merged last, key by key; null removes a key; the inputs are not changed", () => {
    const values = {
      crds: { keep: false },
      configs: { params: { "server.insecure": null, "reposerver.parallelism.limit": 2 } },
      server: { replicas: 2 },
    };
    const copy = JSON.parse(JSON.stringify(values));
    assert.deepStrictEqual(argoCdValues({ ...MINIMAL, insecure: true, values }), {
      configs: { params: { "reposerver.parallelism.limit": 2 } },
      crds: { install: true, keep: false },
      server: { replicas: 2 },
    });
    assert.deepStrictEqual(values, copy);
  });
});
