// The few values every command derives from a record (its time, its id, its resources, its
// boolean-ish fields) and the CloudTrail field names. Free of zod on purpose: worker threads load
// this and never the schema unless a record fails the fast check (see read/process-file.ts).
// The types come from the schema in event.ts.
import type { CloudTrailRecord, Resource } from "./event.js";
import { isEventTime, parseEventTime } from "./event-time.js";

/**
 * Top-level CloudTrail fields: an object carrying none of them (in CloudTrail's spelling or
 * lowercased, as Athena-style exports write them) is not a CloudTrail record.
 */
export const CLOUDTRAIL_KEYS = [
  "eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
  "userAgent", "userIdentity", "eventType", "eventCategory", "eventID", "eventId",
  "recipientAccountId", "requestParameters", "responseElements", "timeWindow", "insightDetails",
] as const;

/** The record's time: `eventTime`, or the aggregation window's start for aggregated events. */
export function eventTimeOf(r: CloudTrailRecord): string | undefined {
  return r.eventTime ?? r.timeWindow?.windowStart ?? undefined;
}

/** The record's time in epoch milliseconds, NaN when it has none. */
export function eventMillisOf(r: CloudTrailRecord): number {
  const t = eventTimeOf(r);
  return t === undefined ? Number.NaN : parseEventTime(t);
}

/** `eventID`, or `eventId` as aggregated events spell it. */
export function eventIdOf(r: CloudTrailRecord): string | undefined {
  return r.eventID ?? r.eventId ?? undefined;
}

/**
 * Why the record cannot be placed in time, or undefined when it can. Such records are still
 * read and printed; the reader reports them because a real CloudTrail log never has one.
 */
export function recordTimeProblem(r: CloudTrailRecord): string | undefined {
  const t = eventTimeOf(r);
  if (t === undefined) return "eventTime: missing";
  if (!isEventTime(t)) return `eventTime: not a valid ISO-8601 time: ${JSON.stringify(t.slice(0, 40))}`;
  return undefined;
}

/** The record's `resources[]` entries that are objects; other elements are ignored. */
export function resourcesOf(r: CloudTrailRecord): Resource[] {
  const list = r.resources;
  if (!Array.isArray(list)) return [];
  return list.filter((x): x is Resource => typeof x === "object" && x !== null && !Array.isArray(x));
}

/** Interprets a boolean field that may be a boolean or a "true"/"false" string. */
export function toBool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.toLowerCase();
    if (s === "true") return true;
    if (s === "false") return false;
  }
  return undefined;
}
