// Events over time: counts per UTC hour, merged across files, finished as hourly or daily
// buckets (auto-chosen from the span) with empty buckets filled in. Pure; drawing the bars or
// sparkline is the printer's job. Memory grows with the number of distinct hours seen.

import { formatTime } from "./columns.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type HistogramInterval = "hour" | "day";

export interface Histogram {
  /** Events per hour, keyed by hours since the epoch. */
  hours: Map<number, number>;
  /** Events without a usable time (not in any bucket). */
  untimed: number;
}

export interface HistogramBucket {
  /** Bucket start, ISO-8601 UTC. */
  start: string;
  count: number;
}

export interface HistogramResult {
  interval: HistogramInterval;
  /** Consecutive buckets from the first to the last event; empty ones included unless `sparse`. */
  buckets: HistogramBucket[];
  /** True when the span was too long to fill in: only non-empty buckets are listed. */
  sparse: boolean;
  untimed: number;
}

export interface HistogramOptions {
  interval?: HistogramInterval | "auto";
  /** Above this many buckets, empty ones are left out (default 2000). */
  maxBuckets?: number;
}

/** Auto picks hours up to this span, days beyond (7 days = 168 bars). */
const AUTO_HOURLY_MAX_MS = 7 * DAY_MS;

/** A new empty histogram. */
export function newHistogram(): Histogram {
  return { hours: new Map(), untimed: 0 };
}

/** Counts one event at epoch milliseconds `ms` (NaN when the record has no valid time). */
export function addTime(h: Histogram, ms: number): void {
  if (!Number.isFinite(ms)) {
    h.untimed++;
    return;
  }
  const hour = Math.floor(ms / HOUR_MS);
  h.hours.set(hour, (h.hours.get(hour) ?? 0) + 1);
}

/** Folds `from` into `into` and returns `into`; `from` is left untouched. */
export function mergeHistograms(into: Histogram, from: Histogram): Histogram {
  for (const [hour, n] of from.hours) into.hours.set(hour, (into.hours.get(hour) ?? 0) + n);
  into.untimed += from.untimed;
  return into;
}

/** Buckets the counts by hour or day (auto: hours for spans up to 7 days). */
export function finishHistogram(h: Histogram, options: HistogramOptions = {}): HistogramResult {
  const maxBuckets = options.maxBuckets ?? 2000;
  if (h.hours.size === 0) {
    return { interval: options.interval === "day" ? "day" : "hour", buckets: [], sparse: false, untimed: h.untimed };
  }
  let first = Infinity;
  let last = -Infinity;
  for (const hour of h.hours.keys()) {
    if (hour < first) first = hour;
    if (hour > last) last = hour;
  }
  const span = (last - first) * HOUR_MS;
  const interval: HistogramInterval =
    options.interval === "hour" || options.interval === "day"
      ? options.interval
      : span <= AUTO_HOURLY_MAX_MS
        ? "hour"
        : "day";
  const width = interval === "hour" ? HOUR_MS : DAY_MS;
  const counts = new Map<number, number>();
  for (const [hour, n] of h.hours) {
    const start = Math.floor((hour * HOUR_MS) / width) * width;
    counts.set(start, (counts.get(start) ?? 0) + n);
  }
  const from = Math.floor((first * HOUR_MS) / width) * width;
  const to = Math.floor((last * HOUR_MS) / width) * width;
  const filled = (to - from) / width + 1;
  const sparse = filled > maxBuckets;
  const buckets: HistogramBucket[] = [];
  if (sparse) {
    for (const start of [...counts.keys()].sort((a, b) => a - b)) {
      buckets.push({ start: formatTime(start), count: counts.get(start)! });
    }
  } else {
    for (let start = from; start <= to; start += width) {
      buckets.push({ start: formatTime(start), count: counts.get(start) ?? 0 });
    }
  }
  return { interval, buckets, sparse, untimed: h.untimed };
}
