import { describe, expect, it } from "vitest";
import { coverageOf } from "./coverage.ts";
import type { Exchange } from "./recorder.ts";

const row = (operationId: string, method: string, path: string) => ({
  operationId,
  method,
  path,
  tag: "T",
  pagination: null,
});
const api = {
  name: "api",
  baseUrl: "http://127.0.0.1:4010",
  operations: [
    row("list", "GET", "/v1/items"),
    row("get", "GET", "/v1/items/{id}"),
    row("search", "GET", "/v1/items/search"),
    row("delete", "DELETE", "/v1/items/{id}"),
  ],
};
const sent = (method: string, path: string, status = 200, prefer: string | null = null) =>
  ({ method, url: `http://127.0.0.1:4010${path}?q=1`, status, prefer }) satisfies Exchange;

describe("coverageOf", () => {
  it("counts an operation once it got a 2xx, and prints N/M", () => {
    const coverage = coverageOf([api], [sent("GET", "/v1/items"), sent("GET", "/v1/items/7")]);
    expect(coverage.covered).toEqual(["api list", "api get"]);
    expect(coverage.missing).toEqual(["api search", "api delete"]);
    expect(coverage.line).toBe("contract coverage: 2/4 operations");
  });

  it("does not count an error, a steered answer, another method or another server", () => {
    const coverage = coverageOf(
      [api],
      [
        sent("GET", "/v1/items", 404),
        sent("GET", "/v1/items/7", 200, "code=200"),
        sent("POST", "/v1/items"),
        { ...sent("GET", "/v1/items"), url: "http://127.0.0.1:4011/v1/items" },
        sent("GET", "/v1/items/7/extra"),
      ],
    );
    expect(coverage.covered).toEqual([]);
  });

  it("gives a concrete path precedence over a template that also matches", () => {
    const coverage = coverageOf([api], [sent("GET", "/v1/items/search")]);
    expect(coverage.covered).toEqual(["api search"]);
  });
});
