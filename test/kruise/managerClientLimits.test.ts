import * as assert from "assert";
import { ApplyError } from "../../components/common/applyError";
import {
  managerClientLimitsProblem,
  withManagerClientLimits,
} from "../../components/kruise/managerClientLimits";
import { failureOf, throwsWith } from "../support/expect";
import { manifest } from "../support/manifests";
import {
  helmTemplate,
  mockedComponents,
  ofType,
  resetRegistrations,
  settle,
  valueOf,
} from "../support/mocks";
import { CONFIG_GROUP } from "../support/manifests";

const kd = mockedComponents();

const managerDeployment = (args: string[]) => ({
  ...manifest("apps/v1", "Deployment", "kruise-controller-manager", "kruise-system"),
  spec: {
    template: {
      spec: {
        containers: [
          { name: "manager", args },
          { name: "sidecar", args: ["--x"] },
        ],
      },
    },
  },
});

describe("kruise-manager's client limits (components/kruise/managerClientLimits)", () => {
  const chartArgs = ["--enable-leader-election", "--feature-gates=ImagePullJobGate=true"];

  it("appends --rest-config-qps/--rest-config-burst to the manager container only", () => {
    const other = manifest("v1", "Service", "kruise-webhook-service", "kruise-system");
    const objs = [other, managerDeployment(chartArgs)];
    const before = JSON.stringify(objs);
    const out = withManagerClientLimits(objs, { qps: 300, burst: 500 });
    assert.strictEqual(JSON.stringify(objs), before, "the input is not changed");
    assert.strictEqual(out[0], other, "other objects as they were");
    const containers = (out[1] as any).spec.template.spec.containers;
    assert.deepStrictEqual(containers[0].args, [
      ...chartArgs,
      "--rest-config-qps=300",
      "--rest-config-burst=500",
    ]);
    assert.deepStrictEqual(containers[1].args, ["--x"]);
  });

  it("replaces values the chart already passes, sets only what is given, and is a no-op without limits", () => {
    const objs = [managerDeployment([...chartArgs, "--rest-config-qps=40", "--rest-config-burst"])];
    const out = withManagerClientLimits(objs, { qps: 100 }) as any[];
    assert.deepStrictEqual(out[0].spec.template.spec.containers[0].args, [
      ...chartArgs,
      "--rest-config-burst",
      "--rest-config-qps=100",
    ]);
    assert.strictEqual(withManagerClientLimits(objs, {}), objs);
  });

  it("says why limits have nowhere to go, as data; none when they have, or none is set", () => {
    const elsewhere = [manifest("v1", "ConfigMap", "c", "ns")];
    const problem = managerClientLimitsProblem(elsewhere, { qps: 100 });
    assert.ok(problem);
    assert.match(
      problem.what,
      /^has nowhere to go: the chart renders no kruise-controller-manager/,
    );
    assert.match(problem.rule, /--rest-config-qps\/--rest-config-burst flags/);
    assert.match(problem.fix, /drop manager.clientQps and manager.clientBurst$/);
    assert.strictEqual(managerClientLimitsProblem(elsewhere, {}), undefined);
    assert.strictEqual(
      managerClientLimitsProblem([managerDeployment(chartArgs)], { burst: 9 }),
      undefined,
    );
    assert.strictEqual(withManagerClientLimits(elsewhere, { qps: 100 })[0], elsewhere[0]);
  });

  it("KruiseOperator fails at apply, with an ApplyError, when its chart has no manager for them", async () => {
    resetRegistrations();
    helmTemplate.objects = [manifest("v1", "ConfigMap", "c", "kruise-system")];
    const k = new kd.KruiseOperator("k", { manager: { clientBurst: 500 } });
    const e = await failureOf(k.ready);
    assert.ok(e instanceof ApplyError, String(e));
    assert.deepStrictEqual(e.problems[0].path, ["manager", "clientBurst"]);
    assert.match(
      e.message,
      /KruiseOperator 'k': args\.manager\.clientBurst has nowhere to go: .* — the limits are kruise-manager's/,
    );
    await settle();
    resetRegistrations();
  });

  it("KruiseOperator writes them into the rendered manager Deployment (client templating)", async () => {
    resetRegistrations();
    helmTemplate.objects = [managerDeployment(chartArgs)];
    const k = new kd.KruiseOperator("k", { manager: { clientQps: 300, clientBurst: 500 } });
    await valueOf(k.ready);
    await settle();
    const rendered = ofType(CONFIG_GROUP).flatMap((g) => g.inputs.objs as any[]);
    const manager = rendered.find((o) => o.metadata.name === "kruise-controller-manager");
    assert.deepStrictEqual(manager.spec.template.spec.containers[0].args, [
      ...chartArgs,
      "--rest-config-qps=300",
      "--rest-config-burst=500",
    ]);
    resetRegistrations();
  });

  it("KruiseOperator refuses them with server templating, before registering anything", () => {
    throwsWith(
      () => new kd.KruiseOperator("k", { templating: "server", manager: { clientQps: 300 } }),
      "KruiseOperator 'k': args.manager.clientQps is set with templating 'server'",
      "use templating 'client' (the default), or drop manager.clientQps and manager.clientBurst",
    );
    throwsWith(
      () => new kd.KruiseOperator("k", { manager: { clientQps: 0 } }),
      "KruiseOperator 'k': args.manager.clientQps",
    );
  });
});
