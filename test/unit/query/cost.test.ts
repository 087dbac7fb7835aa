import { describe, expect, it } from "vitest";
import type { BreakdownResult } from "../../../src/query/breakdown.js";
import { CLOUDTRAIL_PRICES, estimateCost } from "../../../src/query/cost.js";

/** A breakdown with the given category counts; rows are irrelevant to the estimate. */
function breakdown(counts: {
  management?: { read: number; write: number; unknown?: number };
  data?: number;
  network?: number;
  insight?: number;
  aggregated?: number;
  first?: string;
  last?: string;
}): BreakdownResult {
  const m = counts.management ?? { read: 0, write: 0 };
  const mTotal = m.read + m.write + (m.unknown ?? 0);
  const cat = (category: BreakdownResult["categories"][number]["category"], count: number, rw?: typeof m) => ({
    category,
    count,
    share: 0,
    read: rw?.read ?? 0,
    write: rw?.write ?? 0,
    unknown: rw?.unknown ?? 0,
  });
  return {
    total: mTotal + (counts.data ?? 0) + (counts.network ?? 0) + (counts.insight ?? 0) + (counts.aggregated ?? 0),
    firstEventTime: counts.first,
    lastEventTime: counts.last,
    categories: [
      cat("Management", mTotal, m),
      cat("Data", counts.data ?? 0),
      cat("NetworkActivity", counts.network ?? 0),
      cat("Insight", counts.insight ?? 0),
      cat("Aggregated", counts.aggregated ?? 0),
    ],
    readWrite: { read: 0, write: 0, unknown: 0 },
    rows: [],
    rules: { category: [], readWrite: [] },
    approximate: false,
  };
}

describe("price table", () => {
  it("holds the published per-100,000-event prices with source and date", () => {
    expect(CLOUDTRAIL_PRICES).toEqual({
      source: "https://aws.amazon.com/cloudtrail/pricing/",
      checked: "2026-11",
      currency: "USD",
      per: 100_000,
      managementAdditionalCopy: 2.0,
      data: 0.1,
      networkActivity: 0.1,
      insightsAnalyzed: 0.35,
    });
  });
});

describe("estimateCost", () => {
  it("reproduces the AWS pricing page example: 150,000 management events as a second copy, 2M data events", () => {
    const e = estimateCost(breakdown({ management: { read: 100_000, write: 50_000 }, data: 2_000_000 }), {
      managementCopy: "additional",
    });
    expect(e.lines.map((l) => [l.item, l.events, l.cost])).toEqual([
      ["Management events (additional copy)", 150_000, 3],
      ["Data events", 2_000_000, 2],
      ["Network activity events", 0, 0],
      ["Insights: management events analysed", 0, 0],
    ]);
    expect(e.total).toBe(5);
    expect(e.assumptions).toEqual({ managementCopy: "additional", insights: "none" });
  });

  it("treats management events as the free first copy by default", () => {
    const e = estimateCost(breakdown({ management: { read: 10, write: 10 } }));
    expect(e.lines[0]).toEqual({
      item: "Management events",
      events: 20,
      pricePer100k: 0,
      cost: 0,
      note: "first copy is free; USD 2.00 per 100,000 if this trail is an additional copy",
    });
    expect(e.total).toBe(0);
  });

  it("counts Insights analysis as AWS documents it: writes twice, reads once, with both types on", () => {
    // The CloudTrail user guide's example: 270,000 reads + 30,000 writes = 330,000 analysed.
    const e = estimateCost(breakdown({ management: { read: 270_000, write: 30_000 } }), { insights: "both" });
    const line = e.lines.find((l) => l.item.startsWith("Insights"))!;
    expect(line.events).toBe(330_000);
    expect(line.cost).toBeCloseTo(1.155, 10);
    const callRate = estimateCost(breakdown({ management: { read: 270_000, write: 30_000 } }), { insights: "call-rate" });
    expect(callRate.lines.find((l) => l.item.startsWith("Insights"))!.events).toBe(30_000);
    const errorRate = estimateCost(breakdown({ management: { read: 270_000, write: 30_000 } }), { insights: "error-rate" });
    expect(errorRate.lines.find((l) => l.item.startsWith("Insights"))!.events).toBe(300_000);
  });

  it("assumes Insights on when the logs contain Insights events (auto)", () => {
    const e = estimateCost(breakdown({ management: { read: 1000, write: 1000 }, insight: 2 }));
    expect(e.assumptions.insights).toBe("both");
    expect(e.lines.find((l) => l.item.startsWith("Insights"))!.events).toBe(3000);
  });

  it("prices network activity events and takes price overrides", () => {
    const e = estimateCost(breakdown({ network: 500_000, data: 100_000 }), { prices: { data: 0.2 } });
    expect(e.prices).toEqual({ managementAdditionalCopy: 2, data: 0.2, networkActivity: 0.1, insightsAnalyzed: 0.35 });
    expect(e.lines.find((l) => l.item === "Data events")!.cost).toBeCloseTo(0.2, 10);
    expect(e.lines.find((l) => l.item === "Network activity events")!.cost).toBeCloseTo(0.5, 10);
    expect(e.total).toBeCloseTo(0.7, 10);
  });

  it("lists aggregated events without a price", () => {
    const e = estimateCost(breakdown({ aggregated: 7 }));
    expect(e.lines.at(-1)).toEqual({
      item: "Aggregated events",
      events: 7,
      pricePer100k: null,
      cost: null,
      note: "no per-event price in the table; not estimated",
    });
  });

  it("projects the total to 30 days from the time span", () => {
    const e = estimateCost(breakdown({ data: 300_000, first: "2024-05-01T00:00:00.000Z", last: "2024-05-04T00:00:00.000Z" }));
    expect(e.spanDays).toBe(3);
    expect(e.total).toBeCloseTo(0.3, 10);
    expect(e.per30Days).toBeCloseTo(3, 10);
    const short = estimateCost(breakdown({ data: 10, first: "2024-05-01T00:00:00.000Z", last: "2024-05-01T00:10:00.000Z" }));
    expect(short.per30Days).toBeUndefined();
    expect(estimateCost(breakdown({ data: 10 })).spanDays).toBeUndefined();
  });
});
