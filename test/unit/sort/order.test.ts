// Tests for the event order: newest or oldest first, ties in arrival order, timeless records last
// in both orders. A full sort with it must be a total, stable order.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Keyed, compareKeyed } from "../../../src/sort/order.js";

const k = (t: number, n: number): Keyed => ({ t, n });
const sortBy = (order: "asc" | "desc", items: Keyed[]) => [...items].sort((a, b) => compareKeyed(order, a, b));

describe("compareKeyed", () => {
  const items = [k(20, 0), k(Number.NaN, 1), k(10, 2), k(20, 3), k(Number.NaN, 4), k(30, 5), k(10, 6)];

  it("sorts newest first, ties in arrival order, timeless last", () => {
    expect(sortBy("desc", items).map((x) => x.n)).toEqual([5, 0, 3, 2, 6, 1, 4]);
  });

  it("sorts oldest first, ties in arrival order, timeless still last", () => {
    expect(sortBy("asc", items).map((x) => x.n)).toEqual([2, 6, 0, 3, 5, 1, 4]);
  });

  it("is a consistent total order (antisymmetric, transitive) on random keys", () => {
    const time = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 5 }), fc.integer());
    fc.assert(
      fc.property(fc.array(time, { maxLength: 40 }), fc.constantFrom<"asc" | "desc">("asc", "desc"), (ts, order) => {
        const keyed = ts.map((t, n) => k(t, n));
        for (const a of keyed)
          for (const b of keyed) expect(Math.sign(compareKeyed(order, a, b)) + Math.sign(compareKeyed(order, b, a))).toBe(0);
        const sorted = sortBy(order, keyed);
        for (let i = 1; i < sorted.length; i++) expect(compareKeyed(order, sorted[i - 1]!, sorted[i]!)).toBeLessThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
