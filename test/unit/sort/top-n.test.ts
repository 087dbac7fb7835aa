// Tests for the bounded top-N heap: it must keep exactly what a full stable sort would put first,
// in that order, while holding at most N items.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Keyed, type SortOrder, compareKeyed } from "../../../src/sort/order.js";
import { TopN } from "../../../src/sort/top-n.js";

type Item = Keyed & { id: string };

function topOf(order: SortOrder, limit: number, items: Item[]): Item[] {
  const top = new TopN<Item>(limit, (a, b) => compareKeyed(order, a, b) < 0);
  for (const x of items) top.add(x);
  return top.sorted();
}

const fullSort = (order: SortOrder, items: Item[]) => [...items].sort((a, b) => compareKeyed(order, a, b));

describe("TopN", () => {
  it("equals the first N of a full stable sort", () => {
    const time = fc.oneof(
      { weight: 1, arbitrary: fc.constant(Number.NaN) },
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) },
      { weight: 2, arbitrary: fc.integer({ min: -1e12, max: 1e12 }) },
    );
    fc.assert(
      fc.property(
        fc.array(time, { maxLength: 200 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom<SortOrder>("asc", "desc"),
        (times, limit, order) => {
          const items = times.map((t, n) => ({ t, n, id: `e${n}` }));
          expect(topOf(order, limit, items).map((x) => x.id)).toEqual(
            fullSort(order, items)
              .slice(0, limit)
              .map((x) => x.id),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("keeps the earliest arrivals among equal times", () => {
    const items = Array.from({ length: 10 }, (_, n) => ({ t: 5, n, id: `e${n}` }));
    expect(topOf("desc", 3, items).map((x) => x.id)).toEqual(["e0", "e1", "e2"]);
    expect(topOf("asc", 3, items.reverse()).map((x) => x.id)).toEqual(["e0", "e1", "e2"]);
  });

  it("keeps timeless records only when nothing else fills the limit", () => {
    const items: Item[] = [
      { t: Number.NaN, n: 0, id: "none" },
      { t: 1, n: 1, id: "old" },
      { t: 2, n: 2, id: "new" },
    ];
    expect(topOf("desc", 2, items).map((x) => x.id)).toEqual(["new", "old"]);
    expect(topOf("asc", 3, items).map((x) => x.id)).toEqual(["old", "new", "none"]);
  });

  it("keeps nothing with a limit of 0", () => {
    expect(topOf("desc", 0, [{ t: 1, n: 0, id: "x" }])).toEqual([]);
  });

  it("wouldKeep answers what add would do", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 60 }), fc.integer({ min: 0, max: 8 }), (ts, limit) => {
        const top = new TopN<{ t: number; n: number }>(limit, (a, b) => compareKeyed("desc", a, b) < 0);
        ts.forEach((t, n) => {
          const item = { t, n };
          const before = top.sorted();
          const predicted = top.wouldKeep(item);
          top.add(item);
          expect(top.sorted().some((x) => x === item)).toBe(predicted);
          if (!predicted) expect(top.sorted()).toEqual(before);
        });
      }),
    );
  });
});
