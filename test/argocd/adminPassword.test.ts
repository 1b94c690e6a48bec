import * as assert from "assert";
import * as bcrypt from "bcryptjs";
import { createHash } from "crypto";
import { mockedComponents } from "../support/mocks";

const kd = mockedComponents();

// Moved from install.test.ts under the describe it had there, so its titles are unchanged.
describe("ArgoCd under Pulumi mocks", () => {
  describe("hashAdminPassword", () => {
    it("uses a bcrypt that matches the OpenBSD test vector", () => {
      assert.strictEqual(
        bcrypt.hashSync("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC."),
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
      );
      assert.strictEqual(kd.ARGOCD_BCRYPT_COST, 10);
    });

    it("salts with the first 16 bytes of SHA-256 over the length-prefixed installation parts", () => {
      const installation = ["proj", "dev", "argocd", "argocd"];
      const h = createHash("sha256");
      for (const p of installation) h.update(`${p.length}:${p}`);
      const salt = `$2a$10$${bcrypt.encodeBase64(h.digest().subarray(0, 16), 16)}`;
      const hash = kd.hashAdminPassword("hunter2", installation);
      assert.strictEqual(hash, bcrypt.hashSync("hunter2", salt));
      assert.strictEqual(hash.slice(0, 29), salt);
    });

    it("is deterministic, salts from the installation only, and tells part boundaries apart", () => {
      const inst = ["p", "s", "argocd", "argocd"];
      const a = kd.hashAdminPassword("one", inst);
      assert.strictEqual(kd.hashAdminPassword("one", inst), a);
      const b = kd.hashAdminPassword("two", inst);
      assert.notStrictEqual(b, a);
      assert.strictEqual(
        b.slice(0, 29),
        a.slice(0, 29),
        "the salt does not depend on the password",
      );
      assert.notStrictEqual(
        kd.hashAdminPassword("one", ["ab", "c"]).slice(0, 29),
        kd.hashAdminPassword("one", ["a", "bc"]).slice(0, 29),
      );
    });
  });
});
