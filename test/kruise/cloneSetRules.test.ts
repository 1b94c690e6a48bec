import * as assert from "assert";
import { mockedComponents } from "../support/mocks";

const kd = mockedComponents();

// Moved from cloneSet.test.ts under the describe it had there: its title is unchanged.
describe("CloneSet under Pulumi mocks", () => {
  it("scales percentages as Kruise does when deciding whether pre-download runs", () => {
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 0, maxUnavailable: "20%" }),
      undefined,
    );
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 0, maxUnavailable: "100%" }),
      "every Pod is updated in one batch",
    );
    // maxUnavailable rounds down here: 99% of 10 is 9, so not one batch.
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 0, maxUnavailable: "99%" }),
      undefined,
    );
    assert.strictEqual(
      kd.preDownloadSkip(10, { type: "InPlaceIfPossible", partition: 1, maxUnavailable: 10 }),
      undefined,
    );
  });
});
