import { describe, expect, it } from "vitest";
import { type Page, type PaginationSpec, strategyFor } from "../../src/pagination/styles.ts";

const offsetWithTotal: PaginationSpec = {
  style: "offset",
  items: "items",
  offsetParam: "offset",
  limitParam: "limit",
  totalField: "total",
  defaultSize: 20,
};
const page = (count: number, total?: number): Page => {
  const items = Array.from({ length: count }, (_, i) => i);
  return { items, data: { items, total } };
};

describe("strategyFor", () => {
  describe("offset style", () => {
    it("keeps asking while the total says more when the server returns fewer than the limit", () => {
      const strategy = strategyFor(offsetWithTotal, { limit: 50 });
      expect(strategy.next(page(10, 25))).toEqual({ limit: 50, offset: 10 });
      expect(strategy.next(page(10, 25))).toEqual({ limit: 50, offset: 20 });
      expect(strategy.next(page(5, 25))).toBeUndefined();
    });

    it("ends at a page shorter than the server's own page size, even when the total says more", () => {
      const strategy = strategyFor(offsetWithTotal, {});
      expect(strategy.next(page(10, 100))).toEqual({ offset: 10 });
      expect(strategy.next(page(4, 100))).toBeUndefined();
    });

    it("ends at a page shorter than the limit when there is no total", () => {
      const strategy = strategyFor({ ...offsetWithTotal, totalField: undefined }, {});
      expect(strategy.next(page(10))).toBeUndefined();
    });

    it("names the offset as the parameter that moves, and knows no pages ahead", () => {
      const strategy = strategyFor(offsetWithTotal, {});
      expect(strategy.param).toBe("offset");
      expect(strategy.remaining(page(20, 100))).toEqual([]);
    });
  });

  describe("page style", () => {
    const spec: PaginationSpec = {
      style: "page",
      items: "items",
      pageParam: "n",
      sizeParam: "size",
      totalField: "total",
    };

    it("lists the pages the total says follow, by the size the server returned", () => {
      const strategy = strategyFor(spec, { size: 50 });
      expect(strategy.remaining(page(20, 45))).toEqual([
        { size: 50, n: 2 },
        { size: 50, n: 3 },
      ]);
    });

    it("ends without asking for an empty page when the items reach the total", () => {
      const strategy = strategyFor(spec, { n: 2 });
      expect(strategy.next(page(20, 40))).toBeUndefined();
    });
  });
});
