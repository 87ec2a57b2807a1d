import { describe, expect, it } from "vitest";
import { checkPagination } from "../../scripts/pagination-spec.ts";

const query = (name: string, schema: object = { type: "integer" }) => ({
  in: "query",
  name,
  schema,
});
const listMessages = {
  operationId: "listMessages",
  method: "GET",
  path: "/v1/messages",
  parameters: [query("pageNumber"), query("pageSize", { type: "integer", default: 20 })],
};
const pageStyle = {
  style: "page",
  items: "messages",
  pageParam: "pageNumber",
  sizeParam: "pageSize",
};

describe("checkPagination", () => {
  it("returns a valid x-pagination with the size parameter's default added", () => {
    expect(checkPagination(pageStyle, listMessages)).toEqual({ ...pageStyle, defaultSize: 20 });
  });

  it.each([
    ["an unknown style", { ...pageStyle, style: "cursor" }, /style must be page, offset or keyset/],
    ["a missing required field", { style: "page", pageParam: "pageNumber" }, /needs sizeParam/],
    [
      "a field of another style",
      { ...pageStyle, cursorField: "id" },
      /cursorField is not a field of the page style/,
    ],
    [
      "a parameter the operation lacks",
      { ...pageStyle, pageParam: "page" },
      /pageParam names "page", which is not a query parameter/,
    ],
    ["a non-string field", { ...pageStyle, items: 3 }, /items must be a non-empty string/],
    ["not an object", "page", /must be an object/],
  ])("fails naming the operation when it has %s", (_, pagination, problem) => {
    expect(() => checkPagination(pagination, listMessages)).toThrow(
      /^x-pagination of listMessages \(GET \/v1\/messages\): /,
    );
    expect(() => checkPagination(pagination, listMessages)).toThrow(problem);
  });

  it("fails for an operation other than a GET", () => {
    expect(() => checkPagination(pageStyle, { ...listMessages, method: "POST" })).toThrow(
      "x-pagination of listMessages (POST /v1/messages): only a GET can be paginated",
    );
  });
});
