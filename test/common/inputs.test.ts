import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { brokenRule } from "../../components/common/errors";
import { redactProblem, redactSecrets, secretValues } from "../../components/common/inputs";
import { mockedComponents } from "../support/mocks";

mockedComponents();

describe("secret args in messages", () => {
  it("finds the values of secret Outputs, nested in objects, arrays and plain Outputs", async () => {
    const values = await secretValues({
      a: pulumi.secret("token-1"),
      b: [1, pulumi.output({ c: pulumi.secret(42) })],
      d: pulumi.output("plain"),
      e: "plain",
    });
    // An Output holding a secret is secret as a whole: its value and each leaf inside.
    assert.deepStrictEqual(values, ["token-1", { c: 42 }, 42]);
  });

  it("shows each as [secret] where it is echoed: as JSON, and as is when 4+ characters long", () => {
    assert.strictEqual(
      redactSecrets('args.x ("hunter22") is bad; hunter22 again; 42 and (42) and a', [
        "hunter22",
        42,
        "a",
      ]),
      "args.x ([secret]) is bad; [secret] again; [secret] and ([secret]) and a",
    );
    assert.strictEqual(
      redactSecrets(`args.sel ({"k":"v"}) bad`, [{ k: "v" }]),
      "args.sel ([secret]) bad",
    );
  });

  it("shows each as [secret] in a problem's data too, its message rendered from the parts", () => {
    const problem = {
      component: "Thing",
      name: "t",
      path: ["users", "hunter22"],
      ...brokenRule('("hunter22") is bad', "a rule", "drop hunter22"),
    };
    assert.deepStrictEqual(redactProblem(problem, ["hunter22"]), {
      component: "Thing",
      name: "t",
      path: ["users", "[secret]"],
      what: "([secret]) is bad",
      rule: "a rule",
      fix: "drop [secret]",
      message: "([secret]) is bad — a rule; drop [secret]",
    });
    const about = { ...problem, path: undefined, where: "the hunter22 job" };
    assert.strictEqual(redactProblem(about, ["hunter22"]).where, "the [secret] job");
  });
});
