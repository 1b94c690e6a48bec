import * as assert from "assert";
import { kruiseAtLeast } from "../../components/kruise/kruiseVersion";

// Moved from scheduledWarm.test.ts under the describe it had there: its title is unchanged.
describe("ScheduledWarm", () => {
  it("compares Kruise versions as releases", () => {
    assert.ok(kruiseAtLeast("1.9.1", "1.9.1"));
    assert.ok(kruiseAtLeast("v1.10.0", "1.9.1"));
    assert.ok(kruiseAtLeast("2.0.0", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.9.0", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.8.3", "1.9.1"));
    assert.ok(!kruiseAtLeast("1.9.1-rc.1", "1.9.1"));
  });
});
