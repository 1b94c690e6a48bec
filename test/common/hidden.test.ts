import * as assert from "assert";
import { Hidden } from "../../components/common/hidden";

describe("Hidden (per-instance values off the declared properties)", () => {
  it("gives each owner its own value, undefined included", () => {
    const h = new Hidden<string | undefined>();
    const [a, b] = [{}, {}];
    h.set(a, "a");
    h.set(b, undefined);
    assert.strictEqual(h.get(a), "a");
    assert.strictEqual(h.get(b), undefined);
    h.set(a, "again");
    assert.strictEqual(h.get(a), "again");
  });

  it("throws for an owner it keeps nothing for", () => {
    const h = new Hidden<number>();
    assert.throws(() => h.get({}), /no value kept for this instance yet/);
  });

  it("adds no property to the owner", () => {
    const h = new Hidden<number>();
    const owner = {};
    h.set(owner, 1);
    assert.deepStrictEqual(Object.keys(owner), []);
    assert.deepStrictEqual(Object.getOwnPropertySymbols(owner), []);
  });
});
