import * as assert from "assert";
import { argocdSyncTask } from "../../../components/tekton/tasks";
import { fails, ok, runStep } from "./support/steps";

// Moved from tasks.test.ts under the describe it had there: titles unchanged.
describe("Tekton task library: scripts", () => {
  it("Argo CD is never told --insecure, and the Secret's keys are ArgoCdToken's", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ARGOCD_ENV } = require("../../../components/access/argoCdToken");
    const spec = argocdSyncTask();
    const text = JSON.stringify(spec);
    assert.ok(!text.includes("--insecure") && !text.includes("plaintext"));
    const script = spec.steps[0].script!;
    for (const key of [ARGOCD_ENV.server, ARGOCD_ENV.token, ARGOCD_ENV.username]) {
      assert.ok(script.includes(`=$${key}\n`), `the script does not read ${key}`);
    }
    assert.ok(script.includes(`=$${ARGOCD_ENV.password}\n`));
    assert.deepStrictEqual(spec.steps[0].envFrom, [
      { secretRef: { name: "$(params.argocd-secret)" } },
    ]);
  });
});

// Moved from tasks.test.ts under the describe it had there: titles unchanged.
describe("Tekton task library: deploy steps, run with fakes", () => {
  describe("deploy-argocd", () => {
    const step = argocdSyncTask().steps[0];
    const params = {
      application: "shop",
      revision: "",
      timeout: "600",
      "accept-suspended": "true",
    };

    it("with a token: sync then wait for health and sync, no login", () => {
      const r = ok(
        runStep(step, {
          params,
          env: { ARGOCD_SERVER: "argocd.example.com:443", ARGOCD_AUTH_TOKEN: "tok-3cr3t" },
        }),
      );
      assert.deepStrictEqual(r.log, [
        "argocd app sync shop",
        "argocd app wait shop --health --suspended --sync --timeout 600",
      ]);
      assert.ok(!(r.stdout + r.stderr).includes("3cr3t"));
    });

    it("with a username: argocd login first (TLS verified), and a revision when given", () => {
      const r = ok(
        runStep(step, {
          params: { ...params, revision: "abc123" },
          env: {
            ARGOCD_SERVER: "argocd.example.com:443",
            ARGOCD_USERNAME: "ci",
            ARGOCD_PASSWORD: "pa55-3cr3t",
          },
        }),
      );
      assert.deepStrictEqual(r.log, [
        "argocd login argocd.example.com:443 --username ci --password pa55-3cr3t",
        "argocd app sync shop --revision abc123",
        "argocd app wait shop --health --suspended --sync --timeout 600",
      ]);
      assert.ok(!r.log.some((l) => l.includes("--insecure")));
      assert.ok(!(r.stdout + r.stderr).includes("3cr3t"), "the password was printed");
    });

    it('waits for Healthy only when accept-suspended is not "true"', () => {
      const r = runStep(step, {
        params: { ...params, "accept-suspended": "false" },
        env: { ARGOCD_SERVER: "argocd.example.com:443", ARGOCD_AUTH_TOKEN: "t" },
      });
      assert.ok(
        r.log.includes("argocd app wait shop --health --sync --timeout 600"),
        r.log.join("\n"),
      );
    });

    it("fails without a server or credentials, on a failed sync, on bad params", () => {
      fails(runStep(step, { params, env: { ARGOCD_AUTH_TOKEN: "t" } }), "ARGOCD_SERVER is not set");
      fails(
        runStep(step, { params, env: { ARGOCD_SERVER: "a:443" } }),
        "neither ARGOCD_AUTH_TOKEN nor ARGOCD_USERNAME",
      );
      const r = runStep(step, {
        params,
        env: { ARGOCD_SERVER: "a:443", ARGOCD_AUTH_TOKEN: "t", FAKE_SYNC_FAILS: "1" },
      });
      assert.strictEqual(r.status, 20);
      assert.ok(!r.log.some((l) => l.startsWith("argocd app wait")));
      fails(
        runStep(step, {
          params: { ...params, timeout: "10m" },
          env: { ARGOCD_SERVER: "a", ARGOCD_AUTH_TOKEN: "t" },
        }),
        "param timeout",
      );
      fails(
        runStep(step, {
          params: { ...params, application: "--x" },
          env: { ARGOCD_SERVER: "a", ARGOCD_AUTH_TOKEN: "t" },
        }),
        "param application",
      );
    });
  });
});
