import * as assert from "assert";
import { checkObjectName } from "../../../components/tekton/validation";

describe("Tekton manifests: object names as Tekton's webhook takes them", () => {
  it("a DNS-1123 subdomain of at most 63 characters", () => {
    assert.deepStrictEqual(checkObjectName("build.web-1"), []);
    assert.deepStrictEqual(checkObjectName("a".repeat(63)), []);
    const [long] = checkObjectName("a".repeat(64));
    assert.deepStrictEqual(long.path, ["metadata", "name"]);
    assert.match(long.message, /length must be no more than 63 characters/);
    const [comma] = checkObjectName("pipe,line");
    assert.match(comma.message, /^\("pipe,line"\) is not a Tekton object name — .+; .+$/);
    assert.match(comma.message, /invalid resource name "pipe,line": must be a valid DNS label/);
  });
});
