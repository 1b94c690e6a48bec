import * as assert from "assert";
import { envVarNameProblems, portNameProblems } from "../../components/common/containerNames";

// k8s.io/apimachinery v0.37.2 pkg/util/validation/validation_test.go.
describe("container port and environment variable names, as Kubernetes checks them", () => {
  it("port names: TestIsValidPortName", () => {
    for (const good of [
      "telnet",
      "re-mail-ck",
      "pop3",
      "a",
      "a-1",
      "1-a",
      "a-1-b-2-c",
      "1-a-2-b-3",
    ]) {
      assert.deepStrictEqual(portNameProblems(good), [], good);
    }
    for (const bad of [
      "longerthan15characters",
      "",
      "a".repeat(16),
      "12345",
      "1-2-3-4",
      "-begin",
      "end-",
      "two--hyphens",
      "whois++",
    ]) {
      assert.ok(portNameProblems(bad).length > 0, bad);
    }
  });

  it("environment variable names: TestIsRelaxedEnvVarName", () => {
    for (const good of [
      "-",
      ":",
      "_",
      "+a",
      ">a",
      "<a",
      "a.",
      "a..",
      "*a",
      "%a",
      "?a",
      "a:a",
      "a_a",
      "aAz",
      "~a",
      "|a",
      "a0a",
      "a9",
      "/a",
      "a ",
      "#a",
      "0a",
      "0 a",
      "'a",
      "(a",
      "@a",
    ]) {
      assert.deepStrictEqual(envVarNameProblems(good), [], good);
    }
    for (const bad of [
      "",
      "=",
      "a=",
      "1=a",
      "a=b",
      "#%=&&",
      `${String.fromCodePoint(1)}abc`,
      `${String.fromCodePoint(130)}abc`,
      "Ç ç",
      "Ä ä",
      "Ñ ñ",
      "Ø ø",
    ]) {
      assert.ok(envVarNameProblems(bad).length > 0, JSON.stringify(bad));
    }
  });
});
