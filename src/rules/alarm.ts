// Per-rule finding accumulation and CloudWatch-alarm style threshold evaluation: matches are summed
// over fixed periods aligned to the epoch, and a period "fires" when its sum reaches the threshold.
// Accumulators are plain data, built per file (in workers) and merged in any order; memory grows with
// the number of distinct periods holding matches and the sample limit, never with the number of events.
import { parseEventTime } from "../model/event-time.js";
import type { Rule, Severity, Threshold } from "./rule.js";

/** What a finding shows of one matching record. */
export interface MatchSample {
  eventID?: string;
  eventTime?: string;
  eventName?: string;
  principal?: string;
  sourceIPAddress?: string;
  awsRegion?: string;
}

/** Mergeable per-rule state. `firstMillis`/`lastMillis` are ±Infinity until a timed match is added. */
export interface FindingAcc {
  matches: number;
  /** Matches whose record has no usable eventTime: counted, but in no period. */
  untimed: number;
  firstMillis: number;
  lastMillis: number;
  /** Period length in ms; 0 when the rule has no threshold and periods are not tracked. */
  periodMs: number;
  /** Period start (epoch ms) → number of matches in that period. */
  periods: Map<number, number>;
  /** The `sampleLimit` earliest matches, ordered by time then eventID. */
  samples: MatchSample[];
  sampleLimit: number;
}

export interface AlarmPeriod {
  start: string;
  end: string;
  count: number;
}

/** The result for one rule over the whole input. */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  variant?: string;
  /** Whether the rule reports a finding: any match without a threshold, any alarm period with one. */
  fired: boolean;
  matches: number;
  untimed: number;
  firstTime?: string;
  lastTime?: string;
  threshold?: Threshold;
  /** Periods in which the alarm fired (count ≥ threshold.count), in time order; empty without a threshold. */
  alarmPeriods: AlarmPeriod[];
  /** The largest count in any one period (0 without a threshold). */
  peakCount: number;
  samples: MatchSample[];
}

/** A new, empty accumulator; `threshold` decides the period length (none: periods are not tracked). */
export function newFindingAcc(threshold?: Threshold, sampleLimit = 5): FindingAcc {
  return {
    matches: 0,
    untimed: 0,
    firstMillis: Number.POSITIVE_INFINITY,
    lastMillis: Number.NEGATIVE_INFINITY,
    periodMs: threshold === undefined ? 0 : threshold.periodMinutes * 60_000,
    periods: new Map(),
    samples: [],
    sampleLimit: Math.max(0, Math.floor(sampleLimit)),
  };
}

function sampleMillis(s: MatchSample): number {
  const t = s.eventTime === undefined ? Number.NaN : parseEventTime(s.eventTime);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Sample order: earliest first, then by eventID, so the kept samples do not depend on file order. */
function compareSamples(a: MatchSample, b: MatchSample): number {
  const d = sampleMillis(a) - sampleMillis(b);
  if (d !== 0 && !Number.isNaN(d)) return d < 0 ? -1 : 1;
  const ia = a.eventID ?? "";
  const ib = b.eventID ?? "";
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

function keepSample(samples: MatchSample[], limit: number, sample: MatchSample): void {
  if (limit === 0) return;
  if (samples.length >= limit && compareSamples(sample, samples[samples.length - 1]!) >= 0) return;
  let i = samples.length;
  while (i > 0 && compareSamples(sample, samples[i - 1]!) < 0) i--;
  samples.splice(i, 0, sample);
  if (samples.length > limit) samples.pop();
}

/** Records one match at `millis` (NaN when the record has no usable time). */
export function addMatch(acc: FindingAcc, millis: number, sample: MatchSample): void {
  acc.matches++;
  if (Number.isNaN(millis)) acc.untimed++;
  else {
    if (millis < acc.firstMillis) acc.firstMillis = millis;
    if (millis > acc.lastMillis) acc.lastMillis = millis;
    if (acc.periodMs > 0) {
      const start = Math.floor(millis / acc.periodMs) * acc.periodMs;
      acc.periods.set(start, (acc.periods.get(start) ?? 0) + 1);
    }
  }
  keepSample(acc.samples, acc.sampleLimit, sample);
}

/** Combines two accumulators of the same rule (order does not matter); the inputs are not modified. */
export function mergeFindingAcc(a: FindingAcc, b: FindingAcc): FindingAcc {
  return foldFindingAcc({ ...a, periods: new Map(a.periods), samples: [...a.samples] }, b);
}

/**
 * Folds `from` into `into`, which it changes and returns: a run's totals take every file's
 * partial this way. Copying the totals' periods on every merge made ct check quadratic in files.
 */
export function foldFindingAcc(into: FindingAcc, from: FindingAcc): FindingAcc {
  if (into.periodMs !== from.periodMs || into.sampleLimit !== from.sampleLimit) {
    throw new Error("mergeFindingAcc: accumulators of different rules or settings");
  }
  for (const [start, count] of from.periods) into.periods.set(start, (into.periods.get(start) ?? 0) + count);
  for (const s of from.samples) keepSample(into.samples, into.sampleLimit, s);
  into.matches += from.matches;
  into.untimed += from.untimed;
  into.firstMillis = Math.min(into.firstMillis, from.firstMillis);
  into.lastMillis = Math.max(into.lastMillis, from.lastMillis);
  return into;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Turns an accumulator into the rule's finding, evaluating the alarm over its periods. */
export function finishFinding(acc: FindingAcc, rule: Rule): Finding {
  const threshold = rule.threshold;
  const alarmPeriods: AlarmPeriod[] = [];
  let peakCount = 0;
  if (threshold !== undefined) {
    const starts = [...acc.periods.keys()].sort((x, y) => x - y);
    for (const start of starts) {
      const count = acc.periods.get(start)!;
      if (count > peakCount) peakCount = count;
      if (count >= threshold.count) alarmPeriods.push({ start: iso(start), end: iso(start + acc.periodMs), count });
    }
  }
  // Built in one literal so JSON output keeps this key order.
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    ...(rule.variant === undefined ? {} : { variant: rule.variant }),
    fired: threshold === undefined ? acc.matches > 0 : alarmPeriods.length > 0,
    matches: acc.matches,
    untimed: acc.untimed,
    ...(Number.isFinite(acc.firstMillis) ? { firstTime: iso(acc.firstMillis) } : {}),
    ...(Number.isFinite(acc.lastMillis) ? { lastTime: iso(acc.lastMillis) } : {}),
    ...(threshold === undefined ? {} : { threshold }),
    alarmPeriods,
    peakCount,
    samples: acc.samples,
  };
  return finding;
}

/** Longest text a sample keeps per field: samples are for reading, and a record may carry megabytes. */
const MAX_SAMPLE_CHARS = 2048;

function str(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  if (v.length <= MAX_SAMPLE_CHARS) return v;
  // Copied out, so a kept sample does not hold on to the record's huge string.
  return Buffer.from(`${v.slice(0, MAX_SAMPLE_CHARS - 1)}…`, "utf8").toString("utf8");
}

/** The sample kept for a matching record: who did what, when, from where. */
export function sampleOf(record: unknown): MatchSample {
  const r = (typeof record === "object" && record !== null ? record : {}) as Record<string, unknown>;
  const ui = (typeof r["userIdentity"] === "object" && r["userIdentity"] !== null ? r["userIdentity"] : {}) as Record<string, unknown>;
  const sample: MatchSample = {};
  const eventID = str(r["eventID"]) ?? str(r["eventId"]);
  const eventTime = str(r["eventTime"]);
  const eventName = str(r["eventName"]);
  const principal = str(ui["arn"]) ?? str(ui["userName"]) ?? str(ui["principalId"]) ?? str(ui["type"]);
  const sourceIPAddress = str(r["sourceIPAddress"]);
  const awsRegion = str(r["awsRegion"]);
  if (eventID !== undefined) sample.eventID = eventID;
  if (eventTime !== undefined) sample.eventTime = eventTime;
  if (eventName !== undefined) sample.eventName = eventName;
  if (principal !== undefined) sample.principal = principal;
  if (sourceIPAddress !== undefined) sample.sourceIPAddress = sourceIPAddress;
  if (awsRegion !== undefined) sample.awsRegion = awsRegion;
  return sample;
}
