import * as assert from "assert";
import { helmReleaseNameError } from "../../components/common/helmReleaseName";
import { throwsWith } from "../support/expect";
import { mockedComponents, registered, settle } from "../support/mocks";

const kd = mockedComponents();

describe("Helm release names (the release is the component's name)", () => {
  // helm.sh/helm/v3 v3.18.6 pkg/chartutil/validate_name_test.go, TestValidateReleaseName.
  const helm: Record<string, boolean> = {
    "": false,
    foo: true,
    "foo.bar1234baz.seventyone": true,
    FOO: false,
    "123baz": true,
    "foo.BAR.baz": false,
    "one-two": true,
    "-two": false,
    one_two: false,
    "a..b": false,
    "%^&#$%*@^*@&#^": false,
    "example:com": false,
    "example%%com": false,
    a1111111111111111111111111111111111111111111111111111111111z: false,
  };
  for (const [name, valid] of Object.entries(helm)) {
    it(`${JSON.stringify(name)}: ${valid ? "accepted" : "refused"}, as Helm does`, () => {
      assert.strictEqual(helmReleaseNameError("X", name) === undefined, valid);
    });
  }

  it("53 characters pass, 54 do not", () => {
    assert.strictEqual(helmReleaseNameError("X", "a".repeat(53)), undefined);
    assert.match(helmReleaseNameError("X", "a".repeat(54))!.message, /is 54 characters long — /);
  });

  it("KruiseOperator, ArgoCd and Platform's parts refuse one before registering anything", async () => {
    throwsWith(
      () => new kd.KruiseOperator("Kruise_Prod"),
      `KruiseOperator 'Kruise_Prod': the name is not lower-case letters, digits, '-' and '.' — it is the Helm release name`,
      `name the component e.g. "kruise-prod"`,
    );
    throwsWith(() => new kd.ArgoCd("a".repeat(54)), "ArgoCd 'aaa", "is 54 characters long");
    throwsWith(
      () => new kd.Platform("p".repeat(47)),
      `KruiseOperator '${"p".repeat(47)}-kruise': the name is 54 characters long`,
      `ArgoCd '${"p".repeat(47)}-argocd': the name is 54 characters long`,
    );
    await settle();
    assert.deepStrictEqual(registered, []);
  });
});
