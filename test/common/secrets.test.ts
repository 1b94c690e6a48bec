import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { brokenRule } from "../../components/common/errors";
import { failureOf, throwsWith } from "../support/expect";
import { installMocks, resetRegistrations, settle, valueOf } from "../support/mocks";

installMocks();
// Loaded after the mocks, as a Pulumi program would be.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const secrets =
  require("../../components/common/secrets") as typeof import("../../components/common/secrets");

class Owner extends pulumi.ComponentResource {
  constructor(name: string) {
    super("test:index:Owner", name, {});
  }
}

describe("common/secrets", () => {
  beforeEach(resetRegistrations);

  describe("secretInput", () => {
    it("returns a secret Output holding the value, for a secret", async () => {
      const out = secrets.secretInput("Kind", "n", "password", pulumi.secret("pw"));
      assert.strictEqual(await pulumi.isSecret(out), true);
      assert.strictEqual(await valueOf(out), "pw");
    });

    it("marks a plain Output (config.require) secret", async () => {
      const plain = pulumi.output("pw");
      assert.strictEqual(await pulumi.isSecret(plain), false);
      const out = secrets.secretInput("Kind", "n", "password", plain);
      assert.strictEqual(await pulumi.isSecret(out), true);
      assert.strictEqual(await valueOf(out), "pw");
    });

    it("rejects a plain string, naming the path and the fix, never the value", () => {
      const message = throwsWith(() =>
        secrets.secretInput("RegistryCredentials", "creds", "password", "hunter2"),
      );
      assert.strictEqual(
        message,
        "RegistryCredentials 'creds': args.password is a plain string — credentials are taken only as Pulumi secrets, so that they are encrypted in the state and masked in logs; pass pulumi.secret(value) or config.requireSecret(\"password\")",
      );
      assert.ok(!message.includes("hunter2"));
    });

    it("rejects an empty plain string too (it is still a plain string)", () => {
      throwsWith(
        () => secrets.secretInput("K", "n", "token", ""),
        "K 'n': args.token is a plain string",
      );
    });

    it("rejects a missing value, turning a dotted path into a config key", () => {
      throwsWith(
        () => secrets.secretInput("GitCredentials", "git", "basicAuth.password", undefined),
        "GitCredentials 'git': args.basicAuth.password is missing",
        'config.requireSecret("basicAuth-password")',
      );
    });

    it("rejects a promise: only Outputs carry the secret mark", () => {
      throwsWith(
        () => secrets.secretInput("K", "n", "token", Promise.resolve("x")),
        "K 'n': args.token is a plain string",
      );
    });
  });

  describe("nonEmptySecret", () => {
    it("passes a non-empty value through, still secret", async () => {
      const owner = new Owner("owner");
      const out = secrets.nonEmptySecret("K", "n", "password", pulumi.output("pw"), owner);
      assert.strictEqual(await pulumi.isSecret(out), true);
      assert.strictEqual(await valueOf(out), "pw");
      await settle();
    });

    it("fails with a ResourceError on the given resource when the value is empty", async () => {
      const owner = new Owner("owner");
      const e = await failureOf(
        secrets.nonEmptySecret(
          "RegistryCredentials",
          "creds",
          "password",
          pulumi.secret(""),
          owner,
        ),
      );
      assert.ok(pulumi.ResourceError.isInstance(e), `${e.constructor.name}: ${e.message}`);
      assert.strictEqual(e.resource, owner);
      assert.strictEqual(
        e.message,
        "RegistryCredentials 'creds': args.password is empty — an empty credential only fails later, at the first pull, clone or login; set the secret's value",
      );
      await settle();
    });

    it("fails when the value resolves to something other than a string", async () => {
      const owner = new Owner("owner");
      const e = await failureOf(
        secrets.nonEmptySecret(
          "K",
          "n",
          "token",
          pulumi.output(undefined as unknown as string),
          owner,
        ),
      );
      assert.ok(pulumi.ResourceError.isInstance(e));
      assert.match(e.message, /^K 'n': args\.token is empty/);
      await settle();
    });
  });

  describe("credentialProblem and credentialValueSchema", () => {
    const EMPTY =
      "is empty — an empty credential only fails later, at the first pull, clone or login; set the secret's value";
    const notString = (what: string) =>
      `is a ${what}, not a string — a credential is written as a string into the Secret's stringData; pass a string (or a Pulumi secret of one)`;
    const COLON = brokenRule("has a ':' in it", "a rule", "a fix");
    const noColon = (v: string) => (v.includes(":") ? COLON : undefined);
    const cases: [unknown, string | undefined][] = [
      ["s3cret", undefined],
      [" ", undefined],
      ["", EMPTY],
      [undefined, EMPTY],
      [null, EMPTY],
      [0, notString("number")],
      [false, notString("boolean")],
      [["a"], notString("list")],
      [{ value: "a" }, notString("object")],
    ];

    it("refuses an empty value and a value that is no string, naming neither", () => {
      assert.strictEqual(cases.length, 9);
      for (const [v, want] of cases) {
        assert.strictEqual(secrets.credentialProblem(v)?.message, want, JSON.stringify(v));
        const r = secrets.credentialValueSchema().safeParse(v);
        assert.deepStrictEqual(
          r.success ? undefined : r.error.issues.map((i) => i.message),
          want === undefined ? undefined : [want],
          JSON.stringify(v),
        );
      }
    });

    it("applies the further rule to a non-empty string only", () => {
      assert.strictEqual(secrets.credentialProblem("user:x", noColon), COLON);
      assert.strictEqual(secrets.credentialProblem("user", noColon), undefined);
      assert.strictEqual(secrets.credentialProblem("", noColon)?.message, EMPTY);
      const r = secrets.credentialValueSchema(noColon).safeParse("a:b");
      assert.deepStrictEqual(r.success ? [] : r.error.issues.map((i) => i.message), [
        COLON.message,
      ]);
    });

    it("passes an Output or a Promise, to be checked once resolved", () => {
      for (const v of [pulumi.output(""), pulumi.secret(""), Promise.resolve("")]) {
        assert.strictEqual(secrets.credentialValueSchema(noColon).safeParse(v).success, true);
      }
    });
  });
});
