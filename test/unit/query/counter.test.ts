import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  addCount,
  counterTotal,
  mergeCounters,
  newCounter,
  topEntries,
  type Counter,
} from "../../../src/query/counter.js";

function counterOf(keys: readonly string[], limit?: number): Counter {
  const c = newCounter(limit);
  for (const k of keys) addCount(c, k);
  return c;
}

const asObject = (c: Counter) => ({ counts: Object.fromEntries([...c.counts].sort()), other: c.other, approximate: c.approximate });

describe("counter", () => {
  it("counts keys exactly and ranks by count, then key", () => {
    const c = counterOf(["b", "a", "c", "a", "b", "a", "d"]);
    expect(topEntries(c, 3)).toEqual([
      ["a", 3],
      ["b", 2],
      ["c", 1],
    ]);
    expect(counterTotal(c)).toBe(7);
    expect(c.approximate).toBe(false);
    expect(topEntries(c, 0)).toEqual([]);
  });

  it("prunes to `limit` keys past twice the limit, keeping the heavy hitters and the total", () => {
    // limit 2: pruning starts when a fifth distinct key arrives.
    const c = counterOf(["x", "x", "x", "y", "y", "a", "b"], 2);
    expect(c.approximate).toBe(false);
    expect(c.counts.size).toBe(4);
    addCount(c, "z");
    expect(c.approximate).toBe(true);
    expect(asObject(c)).toEqual({ counts: { x: 3, y: 2 }, other: 3, approximate: true });
    expect(counterTotal(c)).toBe(8);
  });

  it("rejects a limit that is not a positive integer", () => {
    expect(() => newCounter(0)).toThrow(RangeError);
    expect(() => newCounter(1.5)).toThrow(RangeError);
  });

  it("merges without touching its second argument", () => {
    const a = counterOf(["k", "k"]);
    const b = counterOf(["k", "m"]);
    mergeCounters(a, b);
    expect(asObject(a)).toEqual({ counts: { k: 3, m: 1 }, other: 0, approximate: false });
    expect(asObject(b)).toEqual({ counts: { k: 1, m: 1 }, other: 0, approximate: false });
  });

  it("merging is associative and commutative, and equals counting everything at once, below the limit", () => {
    const keys = fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 30 });
    fc.assert(
      fc.property(keys, keys, keys, (x, y, z) => {
        const [a, b, c] = [x, y, z].map((k) => counterOf(k));
        const left = mergeCounters(mergeCounters(structuredClone(a!), b!), c!);
        const right = mergeCounters(structuredClone(a!), mergeCounters(structuredClone(b!), c!));
        const swapped = mergeCounters(structuredClone(b!), a!);
        expect(asObject(left)).toEqual(asObject(right));
        expect(asObject(swapped)).toEqual(asObject(mergeCounters(structuredClone(a!), b!)));
        expect(asObject(left)).toEqual(asObject(counterOf([...x, ...y, ...z])));
      }),
    );
  });

  it("keeps the total exact under any merge order once pruning starts", () => {
    const keys = fc.array(fc.string({ minLength: 1, maxLength: 2 }), { maxLength: 40 });
    fc.assert(
      fc.property(keys, keys, keys, (x, y, z) => {
        const [a, b, c] = [x, y, z].map((k) => counterOf(k, 3));
        const left = mergeCounters(mergeCounters(structuredClone(a!), b!), c!);
        const right = mergeCounters(structuredClone(a!), mergeCounters(structuredClone(b!), c!));
        expect(counterTotal(left)).toBe(x.length + y.length + z.length);
        expect(counterTotal(right)).toBe(x.length + y.length + z.length);
        expect(left.counts.size).toBeLessThanOrEqual(6);
      }),
    );
  });
});
