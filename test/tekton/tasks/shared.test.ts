import * as assert from "assert";
import {
  BUILD_STEP,
  NOBODY,
  NONROOT,
  SMALL_STEP,
  buildParams,
  buildResults,
  buildWorkspaces,
  env,
  noCapabilities,
  registrySecretVolume,
  restricted,
  workloadChecks,
} from "../../../components/tekton/tasks/shared";
import { envInput, scriptCommands } from "../../../components/tekton/tasks/stepScript";
import { assertShellchecked, run } from "../../support/shellTools";

const INPUTS = {
  namespace: envInput("NS"),
  workload: envInput("NAME"),
  container: envInput("CONTAINER"),
  image: envInput("IMAGE"),
};

/** Runs the workload checks in sh with the given inputs: exit status and stderr. */
function check(vars: Record<string, string>): { status: number | null; stderr: string } {
  const body = scriptCommands("deploy", workloadChecks(INPUTS), 'echo "ok"').join("\n");
  const r = run("sh", ["-c", body], { env: { PATH: process.env.PATH, LC_ALL: "C", ...vars } });
  return { status: r.status, stderr: r.stderr.trim() };
}

const GOOD = { NS: "web", NAME: "app.v2", CONTAINER: "app", IMAGE: "ghcr.io/acme/app@sha256:ab" };

describe("what the task library's steps share (tekton/tasks/shared)", () => {
  it("restricted: Pod Security's restricted level for the given uid", () => {
    assert.deepStrictEqual(restricted(NOBODY), {
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.strictEqual(restricted(NONROOT).runAsUser, 65532);
    assert.notStrictEqual(restricted(1).capabilities, restricted(1).capabilities, "fresh objects");
  });

  it("noCapabilities: the image's own user, nothing to escalate to", () => {
    const sc = noCapabilities();
    assert.deepStrictEqual(sc, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    assert.ok(!("runAsUser" in sc) && !("runAsNonRoot" in sc));
  });

  it("requests: CPU and memory for every step size; env is a name and a value", () => {
    assert.deepStrictEqual(SMALL_STEP, { requests: { cpu: "100m", memory: "128Mi" } });
    assert.deepStrictEqual(BUILD_STEP, { requests: { cpu: "500m", memory: "1Gi" } });
    assert.deepStrictEqual(env("A", "$(params.a)"), { name: "A", value: "$(params.a)" });
  });

  it("the build tasks' contract: params, results and the read-only source workspace", () => {
    assert.deepStrictEqual(
      buildParams().map((p) => [p.name, p.type, p.default]),
      [
        ["image", "string", undefined],
        ["tag", "string", undefined],
        ["context", "string", "."],
        ["dockerfile", "string", "Dockerfile"],
        ["registry-secret", "string", undefined],
        ["extra-args", "array", []],
      ],
    );
    assert.ok(buildParams().every((p) => p.description));
    assert.deepStrictEqual(
      buildResults().map((r) => r.name),
      ["digest", "image-ref"],
    );
    assert.deepStrictEqual(buildWorkspaces(), [
      { name: "source", description: "The checkout holding the build context.", readOnly: true },
    ]);
  });

  it("registrySecretVolume: the dockerconfigjson as config.json, from the registry-secret param", () => {
    assert.deepStrictEqual(registrySecretVolume("docker-config"), {
      name: "docker-config",
      secret: {
        secretName: "$(params.registry-secret)",
        items: [{ key: ".dockerconfigjson", path: "config.json" }],
      },
    });
  });

  it("workloadChecks: POSIX sh that shellcheck passes", () => {
    assertShellchecked(
      ["#!/bin/sh", ...scriptCommands("deploy", workloadChecks(INPUTS))].join("\n"),
      "sh",
      "workloadChecks",
    );
  });

  it("workloadChecks: names as Kubernetes validates them, an image that cannot be an option", () => {
    assert.deepStrictEqual(check(GOOD), { status: 0, stderr: "" });
    const cases: [Record<string, string>, string][] = [
      [{ NS: "Web" }, 'deploy: NS "Web" is not a namespace name'],
      [{ NS: "a".repeat(64) }, `deploy: NS "${"a".repeat(64)}" is not a namespace name`],
      [{ NS: "a.b" }, 'deploy: NS "a.b" is not a namespace name'],
      [{ NAME: "-app" }, 'deploy: NAME "-app" is not an object name'],
      [{ NAME: "" }, 'deploy: NAME "" is not an object name'],
      [{ CONTAINER: "app.v2" }, 'deploy: CONTAINER "app.v2" is not a container name'],
      [{ IMAGE: "--help" }, 'deploy: IMAGE "--help" is not an image reference'],
      [{ IMAGE: "" }, 'deploy: IMAGE "" is not an image reference'],
      [{ IMAGE: "a b" }, 'deploy: IMAGE "a b" is not an image reference'],
    ];
    assert.strictEqual(cases.length, 9);
    for (const [vars, message] of cases) {
      assert.deepStrictEqual(check({ ...GOOD, ...vars }), { status: 1, stderr: message }, message);
    }
    assert.strictEqual(check({ ...GOOD, NAME: "a".repeat(253) }).status, 0, "253 characters");
  });
});
