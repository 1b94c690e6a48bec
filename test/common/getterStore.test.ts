import * as assert from "assert";
import { GetterStore } from "../../components/common/getterStore";

describe("GetterStore (values behind getters, out of the schema's outputs)", () => {
  it("gives each owner its own value, and refuses an owner it has none for", () => {
    const store = new GetterStore<string[]>();
    class Owner {}
    const a = new Owner();
    const b = new Owner();
    const kept = store.set(a, ["x"]);
    store.set(b, ["y"]);
    assert.strictEqual(store.get(a), kept);
    assert.deepStrictEqual(store.get(b), ["y"]);
    assert.throws(() => store.get(new Owner()), /no value kept for this Owner yet/);
  });

  it("keeps nothing on the owner itself (no property the schema would read)", () => {
    const store = new GetterStore<number>();
    const owner = {};
    store.set(owner, 1);
    assert.deepStrictEqual(Object.getOwnPropertyNames(owner), []);
  });
});
