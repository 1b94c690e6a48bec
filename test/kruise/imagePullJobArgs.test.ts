import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import {
  ImagePullJobNodeSelectorArgs,
  PullPolicyArgs,
  SandboxConfigArgs,
} from "../../components/kruise/imagePullJobArgs";
import { nodeSelectorSchema, pullPolicySchema } from "../../components/kruise/imagePullJobRules";
import {
  ImagePullJobNodeSelector,
  PullPolicy,
  SandboxConfig,
} from "../../components/kruise/imagePullJobTypes";
import { installMocks, valueOf } from "../support/mocks";

installMocks();

/** `true` when A and B are assignable both ways; anything else fails to compile below. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Compile-time: each Input form, resolved, is the plain type the builders take.
const SAME = {
  nodeSelector: true satisfies Same<
    pulumi.Unwrap<ImagePullJobNodeSelectorArgs>,
    ImagePullJobNodeSelector
  >,
  pullPolicy: true satisfies Same<pulumi.Unwrap<PullPolicyArgs>, PullPolicy>,
  sandboxConfig: true satisfies Same<pulumi.Unwrap<SandboxConfigArgs>, SandboxConfig>,
};

describe("the ImagePullJob spec's nested types as args (components/kruise/imagePullJobArgs)", () => {
  it("resolve to the plain types (checked when this file compiles)", () => {
    assert.deepStrictEqual(Object.values(SAME), [true, true, true]);
  });

  it("take Outputs at every level, and resolve to values the rules accept", async () => {
    const selector: ImagePullJobNodeSelectorArgs = { names: [pulumi.output("node-1"), "node-2"] };
    const policy: PullPolicyArgs = { timeoutSeconds: pulumi.output(300), backoffLimit: 2 };
    const [s, p] = await Promise.all([
      valueOf(pulumi.output(selector)),
      valueOf(pulumi.output(policy)),
    ]);
    assert.deepStrictEqual(s, { names: ["node-1", "node-2"] });
    assert.deepStrictEqual(pullPolicySchema.parse(p), { timeoutSeconds: 300, backoffLimit: 2 });
    assert.strictEqual(nodeSelectorSchema.safeParse(s).success, true);
  });
});
