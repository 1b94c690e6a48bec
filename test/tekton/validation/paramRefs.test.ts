import * as assert from "assert";
import { checkTaskSpec } from "../../../components/tekton/validation";
import { Path, has, none, only, show } from "./support/problems";
import { script, step, task } from "./support/specs";

describe("checkTaskSpec: param references", () => {
  const params = [
    { name: "image" },
    { name: "flags", type: "array" as const },
    { name: "image.ref" },
    {
      name: "target",
      type: "object" as const,
      properties: { namespace: { type: "string" as const } },
    },
  ];

  it("an unknown param is a problem", () => {
    only(
      checkTaskSpec(script("echo $(params.nope)", { params })),
      ["steps", 0, "script"],
      'references param "nope" in $(params.nope), which the Task does not declare',
      'non-existent variable in "echo $(params.nope)"',
      'declared: "image", "flags", "image.ref", "target"',
    );
  });

  it("an array param in a plain string is a problem", () => {
    only(
      checkTaskSpec(script("run $(params.flags)", { params })),
      ["steps", 0, "script"],
      'uses whole array param "flags" as a string',
      'variable type invalid in "run $(params.flags)"',
      '"$(params.flags)"',
    );
    only(
      checkTaskSpec(
        task({ params, steps: [step({ env: [{ name: "F", value: "$(params.flags[*])" }] })] }),
      ),
      ["steps", 0, "env", 0, "value"],
      'uses whole array param "flags" as a string',
    );
  });

  it("[*] inside a longer args/command string is a problem", () => {
    only(
      checkTaskSpec(task({ params, steps: [step({ args: ["--flags=$(params.flags[*])"] })] })),
      ["steps", 0, "args", 0],
      'embeds whole array param "flags" in a longer string ("--flags=$(params.flags[*])")',
      "variable is not properly isolated",
    );
    only(
      checkTaskSpec(task({ params, steps: [step({ command: ["run", "x $(params.flags)"] })] })),
      ["steps", 0, "command", 1],
      "variable is not properly isolated",
    );
  });

  it("a whole array as an entire args/command element, and indexed items anywhere, are fine", () => {
    none(
      checkTaskSpec(
        task({
          params,
          steps: [
            step({
              command: ["$(params.flags)"],
              args: ["$(params.flags[*])", "--first=$(params.flags[0])"],
            }),
            step({ name: "second", script: "echo $(params.flags[1])" }),
          ],
        }),
      ),
    );
  });

  it("indexes and [*] only on arrays", () => {
    const p = checkTaskSpec(script("$(params.image[0]) $(params.image[*])", { params }));
    has(p, ["steps", 0, "script"], 'indexes string param "image" in $(params.image[0])');
    has(p, ["steps", 0, "script"], 'uses [*] on string param "image"');
    assert.strictEqual(p.length, 2, show(p));
  });

  it("bracket syntax $(params[\"name\"]) and $(params['name']) resolves against declared params", () => {
    none(
      checkTaskSpec(
        script(`echo $(params["image.ref"]) $(params['image.ref']) $(params["image"])`, { params }),
      ),
    );
    none(checkTaskSpec(task({ params, steps: [step({ args: [`$(params["flags"][*])`] })] })));
    only(
      checkTaskSpec(script(`echo $(params["missing"])`, { params })),
      ["steps", 0, "script"],
      'references param "missing"',
    );
  });

  it("a dotted name in dot syntax points to the bracket form", () => {
    const p = checkTaskSpec(script("echo $(params.image.ref)", { params }));
    only(
      p,
      ["steps", 0, "script"],
      'reads key "ref" of string param "image"',
      `$(params["image.ref"])`,
    );
    only(
      checkTaskSpec(script("echo $(params.image.ref)", { params: [{ name: "image.ref" }] })),
      ["steps", 0, "script"],
      'references param "image"',
      `a name with dots needs the bracket form: $(params["image.ref"])`,
    );
  });

  it("object param keys must be declared properties; whole objects are not strings", () => {
    none(checkTaskSpec(script("kubectl -n $(params.target.namespace) get pods", { params })));
    only(
      checkTaskSpec(script("echo $(params.target.cluster)", { params })),
      ["steps", 0, "script"],
      'reads key "cluster" of object param "target" in $(params.target.cluster), which it does not declare',
      'use one of "namespace"',
    );
    only(
      checkTaskSpec(script("echo $(params.target)", { params })),
      ["steps", 0, "script"],
      'uses whole object param "target" as a string',
    );
    only(
      checkTaskSpec(task({ params, steps: [step({ args: ["$(params.target[*])"] })] })),
      ["steps", 0, "args", 0],
      'uses whole object param "target"',
    );
  });

  it("a malformed param reference is a problem", () => {
    only(
      checkTaskSpec(script("echo $(params.a.b.c)", { params: [{ name: "a" }] })),
      ["steps", 0, "script"],
      "malformed param reference $(params.a.b.c)",
      "Only two dot-separated components",
    );
  });

  it("$$( is no escape: Tekton substitutes and checks the variable inside", () => {
    only(
      checkTaskSpec(script("echo $$(params.x)")),
      ["steps", 0, "script"],
      'references param "x"',
    );
    only(
      checkTaskSpec(script("echo $$$(params.x)")),
      ["steps", 0, "script"],
      'references param "x"',
    );
    none(checkTaskSpec(script("echo $$(whoami) $$(HOME)")));
  });

  it("shell substitutions and Kubernetes $(VAR) are not Tekton variables", () => {
    none(
      checkTaskSpec(
        task({
          steps: [
            step({
              script: 'echo "$(date)" "$(git rev-parse --short HEAD)" $((1 + 2)) "$(./tag.sh)"',
              args: ["--home=$(HOME)"],
            }),
          ],
        }),
      ),
    );
  });

  it("references are checked in every substituted field, with their paths", () => {
    const p = checkTaskSpec({
      stepTemplate: { env: [{ name: "A", value: "$(params.t1)" }] },
      steps: [
        step({
          image: "$(params.t2)",
          workingDir: "$(params.t3)",
          env: [{ name: "B", valueFrom: { secretKeyRef: { name: "$(params.t4)", key: "k" } } }],
          volumeMounts: [{ name: "v", mountPath: "/m/$(params.t5)" }],
          command: ["$(params.t6)"],
        }),
      ],
      volumes: [
        { name: "v", secret: { secretName: "$(params.t7)" } },
        { name: "w", configMap: { name: "$(params.t8)" } },
      ],
      workspaces: [{ name: "ws", mountPath: "/ws/$(params.t9)" }],
    });
    const paths: Path[] = [
      ["steps", 0, "image"],
      ["steps", 0, "workingDir"],
      ["steps", 0, "command", 0],
      ["steps", 0, "env", 0, "valueFrom", "secretKeyRef", "name"],
      ["steps", 0, "volumeMounts", 0, "mountPath"],
      ["stepTemplate", "env", 0, "value"],
      ["volumes", 0, "secret", "secretName"],
      ["volumes", 1, "configMap", "name"],
      ["workspaces", 0, "mountPath"],
    ];
    paths.forEach((path) => has(p, path, "which the Task does not declare"));
    assert.strictEqual(p.length, paths.length, show(p));
  });

  it("the at prefix is prepended to every path", () => {
    only(
      checkTaskSpec(script("$(params.nope)"), ["spec"]),
      ["spec", "steps", 0, "script"],
      'references param "nope"',
    );
  });
});
