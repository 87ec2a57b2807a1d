import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkNotification } from "../../src/callbacks/index.ts";
import { processId, simulationId } from "./fixtures.ts";
import { specAccepts } from "./schema-oracle.ts";

const junk = fc.oneof(
  fc.constantFrom(null, "", "x", 1.5, -1, true, [], {}, "7C9E6679-7425-40DE-944B-E07FC1F90AE7"),
  fc.jsonValue(),
);

/** A field that is mostly valid, sometimes absent, sometimes of a wrong type or format. */
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: junk },
  );

const id = fc.oneof(fc.uuid(), fc.constantFrom(processId, `urn:uuid:${processId}`));

/** Bodies near the schema: each field valid, absent or wrong, and every mix of the two ids. */
const nearNotification = fc
  .record({
    notificationTypeID: field(fc.integer()),
    processUniqueId: field(id),
    simulationUniqueId: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, field(id)),
    rawBody: field(fc.dictionary(fc.string(), fc.jsonValue())),
    extra: field(fc.string()),
  })
  .map((record) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)),
  );

describe("checkNotification", () => {
  it("accepts a process and a simulation notification", () => {
    expect(checkNotification({ notificationTypeID: 1, processUniqueId: processId })).toEqual([]);
    expect(
      checkNotification({ notificationTypeID: 1, simulationUniqueId: simulationId, rawBody: {} }),
    ).toEqual([]);
  });

  it("gives the spec's verdict (Ajv on the bundled schema) for bodies near and far from it", () => {
    fc.assert(
      fc.property(fc.oneof(nearNotification, fc.jsonValue()), (value) => {
        const accepted = checkNotification(value).length === 0;
        expect(accepted).toBe(specAccepts(value));
      }),
      { numRuns: 1000 },
    );
  });
});
