import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { LabelSelector, labelSelectorSchema } from "../../components/common/labelSelector";
import { LabelSelectorArgs } from "../../components/common/labelSelectorArgs";
import { installMocks, valueOf } from "../support/mocks";

installMocks();

/** `true` when A and B are assignable both ways; anything else fails to compile below. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Compile-time: the Input form, resolved, is the plain selector the builders take.
const SAME = true satisfies Same<pulumi.Unwrap<LabelSelectorArgs>, LabelSelector>;

describe("label selectors as args (components/common/labelSelectorArgs)", () => {
  it("resolve to the plain selector (checked when this file compiles)", () => {
    assert.strictEqual(SAME, true);
  });

  it("take Outputs at every level, and resolve to a selector the rules accept", async () => {
    const args: LabelSelectorArgs = {
      matchLabels: pulumi.output({ pool: "web" }),
      matchExpressions: [
        pulumi.output({ key: "zone", operator: "In" as const, values: ["a"] }),
        { key: pulumi.output("tier"), operator: "Exists", values: pulumi.output([]) },
      ],
    };
    const resolved = await valueOf(pulumi.output(args));
    assert.deepStrictEqual(resolved, {
      matchLabels: { pool: "web" },
      matchExpressions: [
        { key: "zone", operator: "In", values: ["a"] },
        { key: "tier", operator: "Exists", values: [] },
      ],
    });
    assert.strictEqual(labelSelectorSchema.safeParse(resolved).success, true);
  });
});
