import { describe, expect, it } from "vitest";
import { findFormatIssues } from "../../src/request-validation/field-formats.ts";

describe("findFormatIssues", () => {
  it("checks each item of an array and names it by index", () => {
    const fields = [["body.borrowers[].taxId", "pt-nif"]] as const;
    const body = { borrowers: [{ taxId: "123456789" }, { taxId: "123456780" }, {}] };
    expect(findFormatIssues(fields, { body })).toMatchObject([
      { path: "body.borrowers[1].taxId", format: "pt-nif", problem: "checksum" },
    ]);
  });

  it("checks IBANs, and top-level arrays of values", () => {
    const fields = [
      ["body.iban", "iban"],
      ["body.accounts[]", "iban"],
    ] as const;
    const body = {
      iban: "PT50000201231234567890155",
      accounts: ["DE89370400440532013000", "DE8937040044053201300"],
    };
    expect(findFormatIssues(fields, { body }).map((i) => [i.path, i.problem])).toEqual([
      ["body.iban", "checksum"],
      ["body.accounts[1]", "length"],
    ]);
  });

  it("checks a Spanish tax id only where the sibling countryCode is ES", () => {
    const fields = [["body.debtor.taxCode", "es-tax-id"]] as const;
    const check = (debtor: object) => findFormatIssues(fields, { body: { debtor } }).length;
    expect(check({ countryCode: "ES", taxCode: "B12345675" })).toBe(1);
    expect(check({ countryCode: "ES", taxCode: "B12345674" })).toBe(0);
    expect(check({ countryCode: "PT", taxCode: "B12345675" })).toBe(0);
    expect(check({ taxCode: "B12345675" })).toBe(0);
  });

  it("passes absent values, missing containers and formats it has no rule for", () => {
    const fields = [
      ["body.a.b.taxId", "pt-nif"],
      ["query.x", "pt-nif"],
      ["body.email", "email"],
    ] as const;
    expect(findFormatIssues(fields, { body: { a: null, email: "x" }, query: { x: null } })).toEqual(
      [],
    );
    expect(findFormatIssues(fields, {})).toEqual([]);
  });

  it("refuses a value of the wrong type", () => {
    const issues = findFormatIssues([["body.taxId", "pt-nif"]], { body: { taxId: 123456789 } });
    expect(issues).toMatchObject([{ path: "body.taxId", problem: "type" }]);
  });
});
