// The per-record check used on the scan's hot path: a hand-written mirror of RecordSchema that
// answers "does zod accept this?" without zod's cost. zod stays the definition: on a failure the
// reader asks RecordSchema for the reason, and a property test keeps the two in agreement.
import { CLOUDTRAIL_KEYS } from "./record-fields.js";
import { isEventTime } from "./event-time.js";

const IDENTITY_STRINGS = ["type", "principalId", "arn", "accountId", "accessKeyId", "userName", "invokedBy"] as const;
const ISSUER_STRINGS = ["type", "principalId", "arn", "accountId", "userName"] as const;
const LOWER_KEYS = CLOUDTRAIL_KEYS.map((k) => k.toLowerCase());
const BOOL_STRING_RE = /^(true|false)$/i;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function optString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === "string";
}
function boolLike(v: unknown): boolean {
  return v === undefined || v === null || typeof v === "boolean" || (typeof v === "string" && BOOL_STRING_RE.test(v));
}
function isTime(v: unknown): boolean {
  return typeof v === "string" && isEventTime(v);
}
function stringsOk(o: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const k of keys) if (!optString(o[k])) return false;
  return true;
}

/**
 * The record-level string fields, read by name: named loads stay monomorphic, where a loop over
 * key names is a megamorphic keyed load on every record (this check runs on each one of a scan).
 */
function topStringsOk(r: TopLevel): boolean {
  return (
    optString(r.eventVersion) &&
    optString(r.eventSource) &&
    optString(r.eventName) &&
    optString(r.awsRegion) &&
    optString(r.sourceIPAddress) &&
    optString(r.userAgent) &&
    optString(r.errorCode) &&
    optString(r.errorMessage) &&
    optString(r.eventType) &&
    optString(r.eventCategory) &&
    optString(r.eventID) &&
    optString(r.eventId) &&
    optString(r.recipientAccountId) &&
    optString(r.requestID) &&
    optString(r.sharedEventID) &&
    optString(r.vpcEndpointId)
  );
}

interface TopLevel {
  [key: string]: unknown;
  eventVersion?: unknown;
  eventSource?: unknown;
  eventName?: unknown;
  awsRegion?: unknown;
  sourceIPAddress?: unknown;
  userAgent?: unknown;
  errorCode?: unknown;
  errorMessage?: unknown;
  eventType?: unknown;
  eventCategory?: unknown;
  eventID?: unknown;
  eventId?: unknown;
  recipientAccountId?: unknown;
  requestID?: unknown;
  sharedEventID?: unknown;
  vpcEndpointId?: unknown;
}

function identityOk(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (!isObject(v) || !stringsOk(v, IDENTITY_STRINGS)) return false;
  const sc = v["sessionContext"];
  if (sc === undefined || sc === null) return true;
  if (!isObject(sc) || !optString(sc["sourceIdentity"])) return false;
  const issuer = sc["sessionIssuer"];
  if (issuer !== undefined && issuer !== null && !(isObject(issuer) && stringsOk(issuer, ISSUER_STRINGS))) return false;
  const attrs = sc["attributes"];
  if (attrs === undefined || attrs === null) return true;
  if (!isObject(attrs) || !optString(attrs["creationDate"])) return false;
  const mfa = attrs["mfaAuthenticated"];
  return mfa === undefined || mfa === null || typeof mfa === "string" || typeof mfa === "boolean";
}

function looksLikeCloudTrail(r: Record<string, unknown>): boolean {
  // Nearly every record has one of these: answer without the loops.
  if (r["eventTime"] !== undefined || r["eventName"] !== undefined || r["eventSource"] !== undefined) return true;
  for (const k of CLOUDTRAIL_KEYS) if (k in r) return true;
  for (const k of LOWER_KEYS) if (k in r) return true;
  return r["p_log_type"] === "AWS.CloudTrail";
}

/** True when RecordSchema would accept the value. */
export function isValidRecord(r: unknown): boolean {
  if (!isObject(r)) return false;
  if (!topStringsOk(r)) return false;
  const t = r["eventTime"];
  if (t !== undefined && typeof t !== "string") return false;
  if (!boolLike(r["readOnly"]) || !boolLike(r["managementEvent"])) return false;
  if (!identityOk(r["userIdentity"])) return false;
  const res = r["resources"];
  if (res !== undefined && res !== null && !Array.isArray(res)) return false;
  const tw = r["timeWindow"];
  if (tw !== undefined) {
    if (!isObject(tw) || !isTime(tw["windowStart"]) || !optString(tw["windowSize"])) return false;
    const end = tw["windowEnd"];
    if (end !== undefined && end !== null && !isTime(end)) return false;
  }
  if (t === undefined && "@timestamp" in r) return false;
  return looksLikeCloudTrail(r);
}
