import { checkTaskSpec } from "../../../components/tekton/validation";
import { has, none, only } from "./support/problems";
import { step, task } from "./support/specs";

describe("checkTaskSpec: param declarations", () => {
  it("param names are unique", () => {
    only(
      checkTaskSpec(task({ params: [{ name: "url" }, { name: "url" }] })),
      ["params", 1, "name"],
      'declares param "url" twice',
      "parameter appears more than once",
    );
  });

  it("param names follow Tekton's format (letter or '_' first; letters, digits, '-', '_', '.')", () => {
    only(
      checkTaskSpec(task({ params: [{ name: "1st-arg" }] })),
      ["params", 0, "name"],
      '("1st-arg") is not a valid param name',
      "The format of following array and string variable names is invalid",
    );
    none(checkTaskSpec(task({ params: [{ name: "_image.ref-2" }] })));
  });

  it("object params and keys take no dots, and need properties", () => {
    const p = checkTaskSpec(
      task({
        params: [
          { name: "a.b", type: "object", properties: { "x.y": { type: "string" } } },
          { name: "c", type: "object" },
        ],
      }),
    );
    has(
      p,
      ["params", 0, "name"],
      'invalid name(s) "a.b", "x.y"',
      "Object param name and key name format is invalid",
    );
    has(
      p,
      ["params", 1, "properties"],
      'is missing for object param "c"',
      "missing field(s): c.properties",
    );
  });

  it("param types are string, array or object", () => {
    const p = checkTaskSpec(task({ params: [{ name: "n", type: "number" as never }] }));
    only(
      p,
      ["params", 0, "type"],
      '("number") is not a param type',
      "invalid value: number: n.type",
    );
  });

  it("a default has the declared type", () => {
    only(
      checkTaskSpec(task({ params: [{ name: "flags", type: "array", default: "-v" }] })),
      ["params", 0, "default"],
      'is a string but param "flags" is of type array',
      `"array" type does not match default value's type: "string"`,
    );
    only(
      checkTaskSpec(task({ params: [{ name: "n", type: "string", default: { a: "b" } }] })),
      ["params", 0, "default"],
      'is an object but param "n" is of type string',
    );
  });

  it("an untyped param takes its default's type (SetDefaults)", () => {
    const spec = task({
      params: [{ name: "flags", default: ["-v"] }],
      steps: [step({ args: ["$(params.flags[*])"] })],
    });
    none(checkTaskSpec(spec));
    has(
      checkTaskSpec({ ...spec, steps: [step({ script: "run $(params.flags)" })] }),
      ["steps", 0, "script"],
      'uses whole array param "flags" as a string',
    );
  });
});

describe("checkTaskSpec: object param keys", () => {
  it("a key without type is a string key (Tekton's defaulting gives it the type)", () => {
    none(
      checkTaskSpec(
        task({
          params: [{ name: "repo", type: "object", properties: { url: {} } }],
          steps: [step({ args: ["$(params.repo.url)"] })],
        }),
      ),
    );
  });
});
