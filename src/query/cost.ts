// What the events in the logs would cost under CloudTrail's published per-event prices: the one
// price table, with its source and date, and a pure estimate from the classify breakdown.
// Every price and assumption is part of the result so the output can show it and the user can
// override it. Trail delivery charges only; S3 storage, KMS and CloudWatch are not included.
import type { BreakdownResult } from "./breakdown.js";

/**
 * CloudTrail trail prices in USD per 100,000 events (US East; most commercial Regions match).
 * Source: https://aws.amazon.com/cloudtrail/pricing/ and the AWS Price List API
 * (AWSCloudTrail offer, effective 2025-07-01: "$0.00002 per paid event recorded",
 * "$0.000001 per network activity event recorded"). Checked 2026-11.
 */
export const CLOUDTRAIL_PRICES = {
  source: "https://aws.amazon.com/cloudtrail/pricing/",
  checked: "2026-11",
  currency: "USD",
  per: 100_000,
  /** The first copy of management events in each Region is free; each further copy is billed. */
  managementAdditionalCopy: 2.0,
  data: 0.1,
  networkActivity: 0.1,
  /** Per management event analysed by an Insights type (not per Insights event delivered). */
  insightsAnalyzed: 0.35,
} as const;

export type PriceKey = "managementAdditionalCopy" | "data" | "networkActivity" | "insightsAnalyzed";
export type Prices = Record<PriceKey, number>;

/** Which Insights types the estimate assumes enabled on management events. */
export type InsightsAssumption = "none" | "call-rate" | "error-rate" | "both";

export interface CostOptions {
  /** Whether this trail's management events are the free first copy (default) or an extra copy. */
  managementCopy?: "first" | "additional";
  /** Default: "both" when the logs contain Insights events, else "none". */
  insights?: InsightsAssumption | "auto";
  /** Per-100,000-event prices replacing the table's. */
  prices?: Partial<Prices>;
}

export interface CostLine {
  item: string;
  events: number;
  /** USD per 100,000 events; null when no published price applies. */
  pricePer100k: number | null;
  /** null when not estimated. */
  cost: number | null;
  note?: string;
}

export interface CostEstimate {
  currency: string;
  source: string;
  checked: string;
  prices: Prices;
  assumptions: { managementCopy: "first" | "additional"; insights: InsightsAssumption };
  lines: CostLine[];
  total: number;
  /** Time covered by the events, from the first to the last event time. */
  spanDays: number | undefined;
  /** total scaled to 30 days, when the span is at least one hour. */
  per30Days: number | undefined;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function priced(events: number, pricePer100k: number): number {
  return (events / CLOUDTRAIL_PRICES.per) * pricePer100k;
}

/** Estimates trail charges for the counted events; see CostOptions for the assumptions. */
export function estimateCost(b: BreakdownResult, options: CostOptions = {}): CostEstimate {
  const prices: Prices = {
    managementAdditionalCopy: options.prices?.managementAdditionalCopy ?? CLOUDTRAIL_PRICES.managementAdditionalCopy,
    data: options.prices?.data ?? CLOUDTRAIL_PRICES.data,
    networkActivity: options.prices?.networkActivity ?? CLOUDTRAIL_PRICES.networkActivity,
    insightsAnalyzed: options.prices?.insightsAnalyzed ?? CLOUDTRAIL_PRICES.insightsAnalyzed,
  };
  const count = (category: string) => b.categories.find((c) => c.category === category);
  const management = count("Management");
  const managementEvents = management?.count ?? 0;
  // A management event CloudTrail could not mark read is analysed as a write (the larger charge).
  const managementWrites = (management?.write ?? 0) + (management?.unknown ?? 0);
  const dataEvents = count("Data")?.count ?? 0;
  const networkEvents = count("NetworkActivity")?.count ?? 0;
  const insightEvents = count("Insight")?.count ?? 0;
  const aggregatedEvents = count("Aggregated")?.count ?? 0;

  const managementCopy = options.managementCopy ?? "first";
  const insights: InsightsAssumption =
    options.insights === undefined || options.insights === "auto" ? (insightEvents > 0 ? "both" : "none") : options.insights;
  // API call rate analyses write management events; API error rate analyses all of them.
  const analyzed =
    (insights === "call-rate" || insights === "both" ? managementWrites : 0) +
    (insights === "error-rate" || insights === "both" ? managementEvents : 0);

  const lines: CostLine[] = [
    managementCopy === "first"
      ? {
          item: "Management events",
          events: managementEvents,
          pricePer100k: 0,
          cost: 0,
          note: `first copy is free; ${CLOUDTRAIL_PRICES.currency} ${prices.managementAdditionalCopy.toFixed(2)} per 100,000 if this trail is an additional copy`,
        }
      : {
          item: "Management events (additional copy)",
          events: managementEvents,
          pricePer100k: prices.managementAdditionalCopy,
          cost: priced(managementEvents, prices.managementAdditionalCopy),
        },
    { item: "Data events", events: dataEvents, pricePer100k: prices.data, cost: priced(dataEvents, prices.data) },
    {
      item: "Network activity events",
      events: networkEvents,
      pricePer100k: prices.networkActivity,
      cost: priced(networkEvents, prices.networkActivity),
    },
    {
      item: "Insights: management events analysed",
      events: analyzed,
      pricePer100k: prices.insightsAnalyzed,
      cost: priced(analyzed, prices.insightsAnalyzed),
      note:
        insights === "none"
          ? "Insights assumed off"
          : insights === "both"
            ? "API call rate analyses writes, API error rate analyses all management events"
            : `only the ${insights === "call-rate" ? "API call rate (writes)" : "API error rate (all management events)"} type assumed on`,
    },
  ];
  if (aggregatedEvents > 0) {
    lines.push({
      item: "Aggregated events",
      events: aggregatedEvents,
      pricePer100k: null,
      cost: null,
      note: "no per-event price in the table; not estimated",
    });
  }
  const total = lines.reduce((sum, l) => sum + (l.cost ?? 0), 0);
  const first = b.firstEventTime === undefined ? NaN : Date.parse(b.firstEventTime);
  const last = b.lastEventTime === undefined ? NaN : Date.parse(b.lastEventTime);
  const spanMs = last - first;
  return {
    currency: CLOUDTRAIL_PRICES.currency,
    source: CLOUDTRAIL_PRICES.source,
    checked: CLOUDTRAIL_PRICES.checked,
    prices,
    assumptions: { managementCopy, insights },
    lines,
    total,
    spanDays: Number.isFinite(spanMs) ? spanMs / DAY_MS : undefined,
    per30Days: Number.isFinite(spanMs) && spanMs >= HOUR_MS ? total * ((30 * DAY_MS) / spanMs) : undefined,
  };
}
