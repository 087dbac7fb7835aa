// The columns ct shows for an event (time, event, user, source, region, resource, ip, error ...)
// and `--fields` paths into the raw record (`userIdentity.arn`, `resources.0.ARN`). Pure: it turns
// a record into values; printers decide how they look. Own properties only (no prototype keys).
import { categorize } from "../model/classify.js";
import type { CloudTrailRecord } from "../model/event.js";
import { eventIdOf, eventTimeOf, toBool } from "../model/record-fields.js";
import { parseEventTime } from "../model/event-time.js";
import { type RecordContext, accountOf } from "./compile-filter.js";
import { arnResourceName, resourceNamesOf } from "./resource.js";
import { displayUserOf } from "./user.js";
import { resourcesOf } from "../model/record-fields.js";

type Getter = (r: CloudTrailRecord, ctx: RecordContext) => string;

function s(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
}

/** ISO-8601 UTC with second precision, the form CloudTrail itself writes. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return "";
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}

/** formatTime, or undefined for a missing time (JSON reports leave the field out). */
export function timeOrUndefined(ms: number): string | undefined {
  return Number.isFinite(ms) ? formatTime(ms) : undefined;
}

function time(r: CloudTrailRecord): string {
  const t = eventTimeOf(r);
  if (t === undefined) return "";
  const ms = parseEventTime(t);
  return Number.isNaN(ms) ? t : formatTime(ms);
}

function eventLabel(r: CloudTrailRecord): string {
  if (typeof r.eventName === "string") return r.eventName;
  const rec = r as Record<string, unknown>;
  const insight = rec["insightDetails"] as Record<string, unknown> | undefined;
  if (insight && typeof insight === "object") return `${s(insight["eventName"])} (${s(insight["insightType"])} ${s(insight["state"])})`;
  const summary = rec["summary"] as Record<string, unknown> | undefined;
  if (summary && typeof summary === "object") return `aggregated: ${s(summary["primaryDimension"])}`;
  return "";
}

function resource(r: CloudTrailRecord): string {
  for (const res of resourcesOf(r)) {
    const arn = res.ARN ?? res.arn;
    if (typeof arn === "string" && arn) return arnResourceName(arn) ?? arn;
  }
  return resourceNamesOf(r)[0] ?? "";
}

export const COLUMNS: Readonly<Record<string, Getter>> = {
  time,
  event: eventLabel,
  user: (r) => displayUserOf(r),
  source: (r) => s(r.eventSource).replace(/\.amazonaws\.com$/, ""),
  region: (r) => s(r.awsRegion),
  resource,
  ip: (r) => s(r.sourceIPAddress),
  error: (r) => s(r.errorCode),
  account: (r, ctx) => s(accountOf(r, ctx)),
  category: (r) => categorize(r).category,
  type: (r) => s(r.eventType),
  eventid: (r) => s(eventIdOf(r)),
  accesskey: (r) => s(r.userIdentity?.accessKeyId),
  useragent: (r) => s(r.userAgent),
  arn: (r) => s(r.userIdentity?.arn),
  readonly: (r) => {
    const b = toBool(r.readOnly);
    return b === undefined ? "" : String(b);
  },
  message: (r) => s(r.errorMessage),
};

export const DEFAULT_COLUMNS = ["time", "event", "user", "source", "region", "resource", "ip", "error"] as const;

/** Reads a dotted path from the record's own properties (`a.b.0.c`); undefined when absent. */
export function valueAtPath(root: unknown, dotted: string): unknown {
  let v: unknown = root;
  for (const key of dotted.split(".")) {
    if (typeof v !== "object" || v === null) return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Whether a --fields entry names a built-in column (otherwise it is a record path). */
export function isColumn(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(COLUMNS, name);
}

/** The value of one --fields entry: a column's text, or the raw value at a record path. */
export function fieldValue(r: CloudTrailRecord, ctx: RecordContext, field: string): unknown {
  if (isColumn(field)) return COLUMNS[field]!(r, ctx);
  return valueAtPath(r, field);
}

/** A field's value as text for text, table and csv output. */
export function fieldText(r: CloudTrailRecord, ctx: RecordContext, field: string): string {
  const v = fieldValue(r, ctx, field);
  if (v === undefined || v === null) return "";
  return typeof v === "string" ? v : JSON.stringify(v);
}
