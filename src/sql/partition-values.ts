// The account, region and day a record is filed under, both as `events` columns and as the
// folders of an export (account=/region=/date=, or Security Lake's region=/accountId=/eventDay=).
// Values are checked against the shapes AWS uses, so a hostile record can never name a folder
// such as `..`; anything else becomes NULL (Hive's __HIVE_DEFAULT_PARTITION__). Pure; no I/O.
import type { CloudTrailRecord } from "../model/event.js";
import { eventMillisOf } from "../model/record-fields.js";

const ACCOUNT = /^\d{12}$/;
// us-east-1, us-gov-west-1, cn-northwest-1, eu-central-2, ap-southeast-7, il-central-1 ...
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,3}-\d{1,2}$/;

export interface PartitionValues {
  account: string | null;
  region: string | null;
  /** UTC day of eventTime, YYYY-MM-DD. */
  date: string | null;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The account of the file's S3 path when there is one (what `--account` prunes on), else the
 * account the record names (recipientAccountId, aggregated events' accountId, the caller's).
 */
export function accountOfRow(r: CloudTrailRecord, pathAccount: string | undefined): string | null {
  const candidates = [pathAccount, str(r.recipientAccountId), str((r as Record<string, unknown>)["accountId"]), str(r.userIdentity?.accountId)];
  for (const c of candidates) if (c !== undefined && ACCOUNT.test(c)) return c;
  return null;
}

/**
 * The region of the file's S3 path when there is one (what `--region` prunes on, and where
 * CloudTrail delivered the event), else `awsRegion`; either only when it has a region's shape.
 */
export function regionOfRow(r: CloudTrailRecord, pathRegion?: string): string | null {
  for (const c of [pathRegion, str(r.awsRegion)]) if (c !== undefined && REGION.test(c)) return c;
  return null;
}

/** CloudTrail's own spelling of a UTC time, whose first ten characters are the day. */
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The UTC day of the record's time (eventTime, or an aggregation window's start). */
export function dayOfRow(r: CloudTrailRecord): string | null {
  const e = r.eventTime;
  if (typeof e === "string" && UTC_TIME.test(e) && !Number.isNaN(Date.parse(e))) return e.slice(0, 10);
  const t = eventMillisOf(r);
  if (Number.isNaN(t)) return null;
  const iso = new Date(t).toISOString();
  // Years beyond 9999 print as +010000-...; no CloudTrail record has one.
  return /^\d{4}-/.test(iso) ? iso.slice(0, 10) : null;
}

export function partitionOf(r: CloudTrailRecord, pathAccount: string | undefined, pathRegion?: string): PartitionValues {
  return { account: accountOfRow(r, pathAccount), region: regionOfRow(r, pathRegion), date: dayOfRow(r) };
}

/** Hive's folder name for a NULL partition value. */
export const HIVE_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

/** `name=value` as a folder name; values are already restricted to safe characters. */
export function partitionFolder(name: string, value: string | null): string {
  return `${name}=${value ?? HIVE_NULL_PARTITION}`;
}
