import * as assert from "assert";
import {
  KUBECTL_API_VERBS,
  kubectlCommand,
  kubectlVerbs,
} from "../../components/access/kubectlVerbs";
import { throwsWith } from "../support/expect";

describe("the API verbs of kubectl commands (components/access/kubectlVerbs)", () => {
  it("lists what each command sends on its object, from kubectl's own code paths", () => {
    assert.deepStrictEqual(KUBECTL_API_VERBS, {
      create: ["create"],
      get: ["get"],
      patch: ["patch"],
      wait: ["get", "list", "watch"],
      "set image": ["get", "patch"],
      "rollout status": ["get", "list", "watch"],
    });
  });

  it("kubectlCommand: one subcommand word, or two where the two are listed", () => {
    const cases: [string, string][] = [
      ["kubectl create -f /workspace/job.json", "create"],
      ['kubectl get imagepulljob "$name" -o json', "get"],
      ["  kubectl   patch cloneset web --type json -p '[]'", "patch"],
      ["kubectl wait --for=jsonpath='{.status.completionTime}' imagepulljob/x", "wait"],
      ["kubectl set image deployment/web app=ghcr.io/o/app@sha256:0", "set image"],
      ["kubectl rollout status deployment/web --timeout=300s", "rollout status"],
      ["kubectl rollout restart deployment/web", "rollout"],
      ["kubectl set env deployment/web A=1", "set"],
    ];
    assert.strictEqual(cases.length, 8);
    for (const [line, command] of cases) assert.strictEqual(kubectlCommand(line), command, line);
    throwsWith(() => kubectlCommand("argocd app sync web"), "not a kubectl command: argocd");
    throwsWith(() => kubectlCommand("kubectlx get x"), "not a kubectl command");
  });

  it("kubectlVerbs: the union of the commands' verbs, sorted, each once", () => {
    assert.deepStrictEqual(kubectlVerbs([]), []);
    assert.deepStrictEqual(kubectlVerbs(["create", "get", "wait"]), [
      "create",
      "get",
      "list",
      "watch",
    ]);
    assert.deepStrictEqual(kubectlVerbs(["set image", "rollout status"]), [
      "get",
      "list",
      "patch",
      "watch",
    ]);
    assert.deepStrictEqual(kubectlVerbs(["patch", "patch"]), ["patch"]);
  });

  it("kubectlVerbs: refuses a command whose verbs are not listed, rather than grant none", () => {
    for (const c of ["rollout", "set", "delete", "apply"]) {
      throwsWith(
        () => kubectlVerbs(["get", c]),
        `kubectl ${c}: its API verbs are not listed in KUBECTL_API_VERBS`,
      );
    }
  });

  it("returns a fresh list: editing it changes neither the table nor a later result", () => {
    const v = kubectlVerbs(["wait"]);
    v.push("delete");
    assert.deepStrictEqual(kubectlVerbs(["wait"]), ["get", "list", "watch"]);
    assert.deepStrictEqual(KUBECTL_API_VERBS.wait, ["get", "list", "watch"]);
  });
});
