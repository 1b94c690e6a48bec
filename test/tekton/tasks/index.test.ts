import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseNormalizedNamed } from "../../../components/common/dockerReference";
import { TASK_IMAGES, TASK_LIBRARY, TaskLibraryName } from "../../../components/tekton/tasks";
import { Step, TaskSpec } from "../../../components/tekton/types";
import { UPSTREAM, crdErrors } from "../../support/crdSchema";
import { assertBarrelExports } from "../../support/barrels";
import { assertShellchecked } from "../../support/shellTools";
import { VARIANTS } from "./support/steps";

const TEKTON_CRDS = path.join(UPSTREAM, "tekton", "v1.15.0", "config", "300-crds");
const TASKS_SOURCE = path.resolve(
  __dirname,
  "..",
  "..",
  "..",
  "..",
  "components",
  "tekton",
  "tasks",
);

/** The steps that run a script, with the task they belong to. */
const SCRIPTED: [string, Step][] = VARIANTS.flatMap(([name, spec]) =>
  spec.steps.filter((s) => s.script !== undefined).map((s): [string, Step] => [name, s]),
);

/** Every `$(...)` reference in `s`. */
function references(s: string): string[] {
  return [...s.matchAll(/\$\(([^()]*)\)/g)].map((m) => m[1]);
}

/** A Tekton variable: `$(params.`, `$(results.`, `$(workspaces.`, `$(context.`, `$(tasks.`... */
const TEKTON_VARIABLE =
  /\$\((params|results|workspaces|context|tasks|steps|step|inputs|outputs)[.[]/;

/** Every string of a step where Tekton substitutes variables, with the field it is in. */
function substituted(step: Step): [string, string][] {
  const out: [string, string][] = [["image", step.image]];
  step.command?.forEach((c, i) => out.push([`command[${i}]`, c]));
  step.args?.forEach((a, i) => out.push([`args[${i}]`, a]));
  if (step.workingDir !== undefined) out.push(["workingDir", step.workingDir]);
  step.env?.forEach((e) => e.value !== undefined && out.push([`env ${e.name}`, e.value]));
  step.envFrom?.forEach((e, i) => {
    if (e.secretRef) out.push([`envFrom[${i}].secretRef`, e.secretRef.name]);
    if (e.configMapRef) out.push([`envFrom[${i}].configMapRef`, e.configMapRef.name]);
  });
  step.volumeMounts?.forEach((v) => out.push([`volumeMount ${v.name}`, v.mountPath]));
  return out;
}

/** Problems with the variables `spec` uses: undeclared, misused, or declared and unused. */
function variableProblems(spec: TaskSpec): string[] {
  const problems: string[] = [];
  const params = new Map((spec.params ?? []).map((p) => [p.name, p.type ?? "string"]));
  const results = new Set((spec.results ?? []).map((r) => r.name));
  const workspaces = new Set((spec.workspaces ?? []).map((w) => w.name));
  const used = new Set<string>();
  const check = (where: string, value: string, isListItem: boolean) => {
    for (const ref of references(value)) {
      let m: RegExpMatchArray | null;
      if ((m = ref.match(/^params\.([-\w]+)(\[\*\])?$/))) {
        const type = params.get(m[1]);
        used.add(`params.${m[1]}`);
        if (type === undefined) problems.push(`${where}: param ${m[1]} is not declared`);
        else if (type === "array" && !(m[2] && isListItem && value === `$(${ref})`))
          problems.push(`${where}: array param ${m[1]} must be a whole command/args item [*]`);
        else if (type !== "array" && m[2]) problems.push(`${where}: ${m[1]} is not an array`);
      } else if ((m = ref.match(/^results\.([-\w.]+)\.path$/))) {
        used.add(`results.${m[1]}`);
        if (!results.has(m[1])) problems.push(`${where}: result ${m[1]} is not declared`);
      } else if ((m = ref.match(/^workspaces\.([-\w]+)\.path$/))) {
        used.add(`workspaces.${m[1]}`);
        if (!workspaces.has(m[1])) problems.push(`${where}: workspace ${m[1]} is not declared`);
      } else if (!/^context\.taskRun\.(name|namespace)$/.test(ref)) {
        problems.push(`${where}: unknown variable $(${ref})`);
      }
    }
  };
  for (const step of spec.steps) {
    for (const [field, value] of substituted(step)) {
      check(`step ${step.name} ${field}`, value, /^(command|args)\[/.test(field));
    }
  }
  for (const v of spec.volumes ?? []) {
    if (v.secret) check(`volume ${v.name}`, v.secret.secretName, false);
    if (v.configMap) check(`volume ${v.name}`, v.configMap.name, false);
  }
  for (const p of params.keys())
    if (!used.has(`params.${p}`)) problems.push(`param ${p} is never used`);
  for (const r of results)
    if (!used.has(`results.${r}`)) problems.push(`result ${r} is never written`);
  for (const w of workspaces)
    if (!used.has(`workspaces.${w}`)) problems.push(`workspace ${w} is never used`);
  return problems;
}

describe("Tekton task library: shape", () => {
  it("lists every task under its short name, each a pure, deterministic function", () => {
    assert.deepStrictEqual(Object.keys(TASK_LIBRARY).sort(), [
      "build-buildkit",
      "build-kaniko",
      "deploy-argocd",
      "deploy-cloneset",
      "deploy-deployment",
      "git-clone",
      "unit-test",
      "warm",
    ]);
    for (const [name, fn] of Object.entries(TASK_LIBRARY)) {
      const spec = (fn as () => TaskSpec)();
      assert.deepStrictEqual(spec, (fn as () => TaskSpec)(), `${name} is not deterministic`);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(spec)), spec, `${name} is not plain JSON`);
    }
  });

  it("keeps the param, result and workspace names the pipeline builder relies on", () => {
    const shape = (s: TaskSpec) => ({
      params: (s.params ?? []).map((p) => [p.name, p.type, p.default]),
      results: (s.results ?? []).map((r) => r.name),
      workspaces: (s.workspaces ?? []).map((w) => w.name),
    });
    const build = {
      params: [
        ["image", "string", undefined],
        ["tag", "string", undefined],
        ["context", "string", "."],
        ["dockerfile", "string", "Dockerfile"],
        ["registry-secret", "string", undefined],
        ["extra-args", "array", []],
      ],
      results: ["digest", "image-ref"],
      workspaces: ["source"],
    };
    const expected: Record<TaskLibraryName, ReturnType<typeof shape>> = {
      "git-clone": {
        params: [
          ["url", "string", undefined],
          ["revision", "string", "main"],
          ["depth", "string", "1"],
        ],
        results: ["commit", "url"],
        workspaces: ["source"],
      },
      "unit-test": {
        params: [
          ["image", "string", undefined],
          ["command", "array", undefined],
          ["workdir", "string", "."],
        ],
        results: [],
        workspaces: ["source"],
      },
      "build-kaniko": build,
      "build-buildkit": build,
      warm: {
        params: [
          ["image", "string", undefined],
          ["parallelism", "string", "10"],
          ["node-labels", "string", "{}"],
          ["wait", "string", "false"],
          ["timeout", "string", "1800s"],
        ],
        results: ["job-name"],
        workspaces: [],
      },
      "deploy-argocd": {
        params: [
          ["application", "string", undefined],
          ["revision", "string", ""],
          ["timeout", "string", "600"],
          ["accept-suspended", "string", "true"],
          ["argocd-secret", "string", undefined],
        ],
        results: [],
        workspaces: [],
      },
      "deploy-deployment": {
        params: [
          ["namespace", "string", undefined],
          ["deployment", "string", undefined],
          ["container", "string", undefined],
          ["image", "string", undefined],
          ["timeout", "string", "600s"],
        ],
        results: [],
        workspaces: [],
      },
      "deploy-cloneset": {
        params: [
          ["namespace", "string", undefined],
          ["cloneset", "string", undefined],
          ["container", "string", undefined],
          ["image", "string", undefined],
          ["timeout", "string", "900"],
        ],
        results: [],
        workspaces: [],
      },
    };
    assert.strictEqual(Object.keys(TASK_LIBRARY).length, 8);
    for (const [name, fn] of Object.entries(TASK_LIBRARY)) {
      assert.deepStrictEqual(
        shape((fn as () => TaskSpec)()),
        expected[name as TaskLibraryName],
        name,
      );
    }
  });

  it("imports nothing from Pulumi, directly or through the modules it uses", () => {
    const seen = new Set<string>();
    const pending = [path.join(TASKS_SOURCE, "index.ts")];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = fs.readFileSync(file, "utf8");
      for (const [, spec] of text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gm)) {
        assert.ok(!spec.startsWith("@pulumi/"), `${file} imports ${spec}`);
        if (spec.startsWith(".")) pending.push(path.resolve(path.dirname(file), `${spec}.ts`));
      }
    }
    assert.ok(seen.has(path.resolve(TASKS_SOURCE, "..", "..", "kruise", "imagePullJob.ts")));
  });
});

describe("Tekton task library: against Tekton v1.15.0", () => {
  for (const [name, spec] of VARIANTS) {
    it(`${name}: a Task the v1.15.0 CRD schema accepts`, () => {
      const task = {
        apiVersion: "tekton.dev/v1",
        kind: "Task",
        metadata: { name: "t", namespace: "ci" },
        spec,
      };
      assert.deepStrictEqual(crdErrors(TEKTON_CRDS, task), []);
    });

    it(`${name}: declares every variable it uses, uses every one it declares`, () => {
      assert.deepStrictEqual(variableProblems(spec), []);
    });
  }

  it("the variable check catches what it should", () => {
    const broken: TaskSpec = {
      params: [{ name: "a", type: "array" }, { name: "s" }, { name: "unused" }],
      results: [{ name: "r" }],
      steps: [
        {
          name: "x",
          image: "alpine:3.23.5",
          command: ["echo", "--x=$(params.a[*])", "$(params.s[*])"],
          env: [
            { name: "A", value: "$(params.missing)" },
            { name: "B", value: "$(results.other.path)" },
            { name: "C", value: "$(workspaces.nope.path)" },
            { name: "D", value: "$(context.pipelineRun.uid)" },
          ],
        },
      ],
    };
    assert.deepStrictEqual(variableProblems(broken), [
      "step x command[1]: array param a must be a whole command/args item [*]",
      "step x command[2]: s is not an array",
      "step x env A: param missing is not declared",
      "step x env B: result other is not declared",
      "step x env C: workspace nope is not declared",
      "step x env D: unknown variable $(context.pipelineRun.uid)",
      "param unused is never used",
      "result r is never written",
    ]);
  });

  it("every step is pinned: a tag (never latest) or a digest, from TASK_IMAGES or a param", () => {
    // Every task of the library, some twice with options: their steps all counted.
    assert.deepStrictEqual(
      [...new Set(VARIANTS.map(([n]) => n.split(" ")[0]))].sort(),
      Object.keys(TASK_LIBRARY).sort(),
    );
    assert.strictEqual(VARIANTS.flatMap(([, spec]) => spec.steps).length, 11);
    assert.strictEqual(Object.keys(TASK_IMAGES).length, 6);
    for (const [name, spec] of VARIANTS) {
      for (const step of spec.steps) {
        if (step.image === "$(params.image)") {
          assert.ok(name.startsWith("unit-test"), `${name}: only unit-test takes its image`);
          continue;
        }
        const parsed = parseNormalizedNamed(step.image);
        assert.ok(parsed.ok, `${name} ${step.name}: ${step.image}`);
        assert.ok(parsed.ref.tag ?? parsed.ref.digest, `${name} ${step.name}: no tag`);
        assert.notStrictEqual(parsed.ref.tag, "latest", `${name} ${step.name}: latest`);
        assert.ok(
          (Object.values(TASK_IMAGES) as string[]).includes(step.image),
          `${name} ${step.name}: ${step.image} is not in TASK_IMAGES`,
        );
      }
    }
    for (const [role, image] of Object.entries(TASK_IMAGES)) {
      const parsed = parseNormalizedNamed(image);
      assert.ok(parsed.ok && parsed.ref.tag && parsed.ref.tag !== "latest", role);
      assert.strictEqual(parsed.ref.normalized, image, `${role} is not fully qualified`);
    }
  });

  it("security: no root without need, no escalation, capabilities dropped", () => {
    assert.strictEqual(VARIANTS.flatMap(([, spec]) => spec.steps).length, 11);
    for (const [name, spec] of VARIANTS) {
      for (const step of spec.steps) {
        const sc = step.securityContext;
        const where = `${name} ${step.name}`;
        assert.ok(sc, `${where}: no securityContext`);
        assert.deepStrictEqual(sc.capabilities?.drop, ["ALL"], where);
        assert.ok(step.computeResources?.requests?.cpu, `${where}: no CPU request`);
        assert.ok(step.computeResources?.requests?.memory || name.includes("resources"), where);
        const key = `${name.split(" ")[0]}/${step.name}`;
        switch (key) {
          case "build-buildkit/build":
            // newuidmap / newgidmap are set-uid: rootless BuildKit needs escalation + SETUID/SETGID.
            assert.strictEqual(sc.runAsNonRoot, true);
            assert.strictEqual(sc.runAsUser, 1000);
            assert.strictEqual(sc.allowPrivilegeEscalation, true);
            assert.deepStrictEqual(sc.capabilities?.add, ["SETUID", "SETGID"]);
            assert.deepStrictEqual(sc.seccompProfile, { type: "Unconfined" });
            break;
          case "build-kaniko/build":
            assert.strictEqual(sc.runAsUser, 0);
            assert.strictEqual(sc.allowPrivilegeEscalation, false);
            assert.ok(!sc.capabilities?.add?.includes("SYS_ADMIN"));
            break;
          case "git-clone/clone":
            assert.strictEqual(sc.runAsUser, 0, "ssh needs the image's passwd user");
            assert.strictEqual(sc.allowPrivilegeEscalation, false);
            assert.strictEqual(sc.capabilities?.add, undefined);
            break;
          case "unit-test/test":
            assert.strictEqual(sc.allowPrivilegeEscalation, false);
            assert.strictEqual(sc.capabilities?.add, undefined);
            break;
          default:
            assert.strictEqual(sc.runAsNonRoot, true, where);
            assert.ok(sc.runAsUser && sc.runAsUser > 0, where);
            assert.strictEqual(sc.allowPrivilegeEscalation, false, where);
            assert.strictEqual(sc.capabilities?.add, undefined, where);
            assert.deepStrictEqual(sc.seccompProfile, { type: "RuntimeDefault" }, where);
        }
      }
    }
  });
});

describe("Tekton task library: scripts", () => {
  it("every task with a shell step is covered", () => {
    assert.deepStrictEqual([...new Set(SCRIPTED.map(([n]) => n.split(" ")[0]))].sort(), [
      "build-buildkit",
      "build-kaniko",
      "deploy-argocd",
      "deploy-cloneset",
      "deploy-deployment",
      "git-clone",
      "warm",
    ]);
  });

  for (const [name, step] of SCRIPTED) {
    const where = `${name} ${step.name}`;
    it(`${where}: POSIX sh that parses, passes shellcheck, takes no Tekton variable`, () => {
      const script = step.script!;
      assert.ok(script.startsWith("#!/bin/sh\nset -eu\n"), `${where}: not #!/bin/sh + set -eu`);
      assert.ok(!TEKTON_VARIABLE.test(script), `${where}: a Tekton variable in the script`);
      assert.ok(!/\bset\s+-[a-z]*x|\bset\s+-o\s+xtrace|#!.*\s-[a-z]*x/.test(script), where);
      assertShellchecked(script, "sh", where);
    });
  }
});

describe("the task library barrel (components/tekton/tasks/index.ts)", () => {
  it("exports at run time exactly the names it lists, each a value", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assertBarrelExports(require("../../../components/tekton/tasks"), [
      "BUILDKITD_FLAGS",
      "TASK_IMAGES",
      "TASK_LIBRARY",
      "WARM_COMPLETION_DEFAULTS",
      "WARM_GENERATE_NAME",
      "WARM_PLACEHOLDER_IMAGE",
      "argocdSyncTask",
      "buildkitBuildScript",
      "buildkitBuildTask",
      "cloneSetImageTask",
      "deploymentImageTask",
      "deploymentRolloutScript",
      "gitCloneTask",
      "kanikoBuildTask",
      "kanikoDigestScript",
      "kanikoExecutorArgs",
      "scriptCommands",
      "taskImages",
      "unitTestTask",
      "warmJobTemplate",
      "warmScript",
      "warmTask",
    ]);
  });
});
