import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addTime, finishHistogram, mergeHistograms, newHistogram } from "../../../src/query/histogram.js";

const ms = (iso: string) => Date.parse(iso);

function histogramOf(times: readonly number[]) {
  const h = newHistogram();
  for (const t of times) addTime(h, t);
  return h;
}

describe("histogram", () => {
  it("buckets a short span by hour and fills the empty hours", () => {
    const h = histogramOf([
      ms("2024-05-01T10:05:00Z"),
      ms("2024-05-01T10:59:59Z"),
      ms("2024-05-01T13:00:00Z"),
      Number.NaN,
    ]);
    expect(finishHistogram(h)).toEqual({
      interval: "hour",
      sparse: false,
      untimed: 1,
      buckets: [
        { start: "2024-05-01T10:00:00Z", count: 2 },
        { start: "2024-05-01T11:00:00Z", count: 0 },
        { start: "2024-05-01T12:00:00Z", count: 0 },
        { start: "2024-05-01T13:00:00Z", count: 1 },
      ],
    });
  });

  it("switches to days when the span is longer than a week", () => {
    const h = histogramOf([ms("2024-05-01T23:00:00Z"), ms("2024-05-01T01:00:00Z"), ms("2024-05-09T00:30:00Z")]);
    const result = finishHistogram(h);
    expect(result.interval).toBe("day");
    expect(result.buckets).toHaveLength(9);
    expect(result.buckets[0]).toEqual({ start: "2024-05-01T00:00:00Z", count: 2 });
    expect(result.buckets[8]).toEqual({ start: "2024-05-09T00:00:00Z", count: 1 });
    expect(result.buckets.slice(1, 8).every((b) => b.count === 0)).toBe(true);
  });

  it("honours a forced interval", () => {
    const h = histogramOf([ms("2024-05-01T10:00:00Z"), ms("2024-05-01T20:00:00Z")]);
    expect(finishHistogram(h, { interval: "day" }).buckets).toEqual([{ start: "2024-05-01T00:00:00Z", count: 2 }]);
  });

  it("lists only non-empty buckets when filling would exceed maxBuckets", () => {
    const h = histogramOf([ms("1970-01-01T00:00:00Z"), ms("2024-05-01T10:00:00Z")]);
    expect(finishHistogram(h)).toEqual({
      interval: "day",
      sparse: true,
      untimed: 0,
      buckets: [
        { start: "1970-01-01T00:00:00Z", count: 1 },
        { start: "2024-05-01T00:00:00Z", count: 1 },
      ],
    });
  });

  it("is empty without events", () => {
    expect(finishHistogram(newHistogram())).toEqual({ interval: "hour", buckets: [], sparse: false, untimed: 0 });
  });

  it("merges associatively, as if all times were counted at once", () => {
    const base = ms("2024-01-01T00:00:00Z");
    const times = fc.array(
      fc.oneof(fc.integer({ min: 0, max: 20 * 24 * 3_600_000 }).map((d) => base + d), fc.constant(Number.NaN)),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(times, times, times, (x, y, z) => {
        const [a, b, c] = [x, y, z].map(histogramOf);
        const left = mergeHistograms(mergeHistograms(structuredClone(a!), b!), c!);
        const right = mergeHistograms(structuredClone(a!), mergeHistograms(structuredClone(b!), c!));
        const all = finishHistogram(histogramOf([...x, ...y, ...z]));
        expect(finishHistogram(left)).toEqual(all);
        expect(finishHistogram(right)).toEqual(all);
      }),
    );
  });
});
