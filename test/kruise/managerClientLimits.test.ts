import * as assert from "assert";
import { withManagerClientLimits } from "../../components/kruise/managerClientLimits";
import { throwsWith } from "../support/expect";
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

  it("refuses limits with nowhere to go", () => {
    throwsWith(
      () => withManagerClientLimits([manifest("v1", "ConfigMap", "c", "ns")], { qps: 100 }),
      "manager.clientQps/clientBurst: have nowhere to go",
      "drop manager.clientQps and manager.clientBurst",
    );
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
