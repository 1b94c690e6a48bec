import * as assert from "assert";
import { Registered, SECRET_KEY, registered } from "../support/mocks";

/** A registered input with its secret wrapper (as the mocks deserialize it) taken off. */
export function reveal(v: any): any {
  return v !== null && typeof v === "object" && SECRET_KEY in v ? v.value : v;
}

export { failureOf } from "../support/expect";

/** The labels every object a component makes carries. */
export function managedLabels(component: string, instance: string): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "kruise-devops",
    "app.kubernetes.io/component": component,
    "kruise-devops.io/instance": instance,
  };
}

/**
 * Asserts that none of `values` appears in any registration (inputs, names, options), except in
 * the `stringData` of `holder`, the one Secret that may hold them.
 */
export function assertHeldOnlyBy(holder: Registered, values: string[]): void {
  assert.ok(registered.includes(holder));
  for (const r of registered) {
    const copy = JSON.parse(JSON.stringify(r)) as Record<string, any>;
    if (r === holder) delete copy.inputs.stringData;
    const json = JSON.stringify(copy);
    for (const v of values) {
      assert.ok(!json.includes(v), `${r.type} ${r.name} carries ${JSON.stringify(v)}: ${json}`);
    }
  }
}

/** The only registration of `type`. */
export function only(type: string): Registered {
  const found = registered.filter((r) => r.type === type);
  assert.strictEqual(found.length, 1, `registrations of ${type}: ${found.length}`);
  return found[0];
}

/** The `.dockerconfigjson` of the only Secret registered, parsed. */
export function dockerConfig(): Record<string, any> {
  const data = reveal(only("kubernetes:core/v1:Secret").inputs.stringData) as Record<
    string,
    string
  >;
  assert.deepStrictEqual(Object.keys(data), [".dockerconfigjson"]);
  return JSON.parse(data[".dockerconfigjson"]);
}
