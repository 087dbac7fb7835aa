// The CloudTrail record: its zod schema (the definition of what ct accepts), its type, and
// accessors for the few derived values every command needs (time, id).
// Loose on purpose: unknown fields are kept verbatim and only fields ct reads are typed.
// No I/O. The hot-path check in record-check.ts must agree with RecordSchema (tested).
import { z } from "zod";
import { isEventTime, parseEventTime } from "./event-time.js";

/** Optional string field; real and test data carry null for absent values. */
const optString = z.string().nullish();

/**
 * Booleans that test data and some shippers carry as strings ("true", "True").
 * Accepted as-is so nothing is rewritten; readers interpret them with `toBool`.
 */
export const BoolLike = z.union([
  z.boolean(),
  z.string().regex(/^(true|false)$/i, { message: 'expected a boolean or "true"/"false"' }),
]);

/** An ISO-8601 timestamp as CloudTrail writes it (the forms parseEventTime reads). */
export const IsoTime = z.string().refine(isEventTime, { message: "not a valid ISO-8601 time" });

const SessionIssuer = z.looseObject({
  type: optString,
  principalId: optString,
  arn: optString,
  accountId: optString,
  userName: optString,
});

const SessionContext = z.looseObject({
  sessionIssuer: SessionIssuer.nullish(),
  attributes: z
    .looseObject({
      mfaAuthenticated: z.union([z.string(), z.boolean()]).nullish(),
      creationDate: optString,
    })
    .nullish(),
  sourceIdentity: optString,
});

export const UserIdentitySchema = z.looseObject({
  type: optString,
  principalId: optString,
  arn: optString,
  accountId: optString,
  accessKeyId: optString,
  userName: optString,
  invokedBy: optString,
  sessionContext: SessionContext.nullish(),
});

export const ResourceSchema = z.looseObject({
  ARN: optString,
  arn: optString,
  type: optString,
  accountId: optString,
});

const TimeWindow = z.looseObject({
  windowStart: IsoTime,
  windowEnd: IsoTime.nullish(),
  windowSize: optString,
});

/**
 * Top-level CloudTrail fields: an object carrying none of them (in CloudTrail's spelling or
 * lowercased, as Athena-style exports write them) is not a CloudTrail record.
 */
export const CLOUDTRAIL_KEYS = [
  "eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
  "userAgent", "userIdentity", "eventType", "eventCategory", "eventID", "eventId",
  "recipientAccountId", "requestParameters", "responseElements", "timeWindow", "insightDetails",
] as const;
const CLOUDTRAIL_KEYS_LOWER = CLOUDTRAIL_KEYS.map((k) => k.toLowerCase());

function looksLikeCloudTrail(r: Record<string, unknown>): boolean {
  for (const k of CLOUDTRAIL_KEYS) if (k in r) return true;
  for (const k of CLOUDTRAIL_KEYS_LOWER) if (k in r) return true;
  // Records exported from Panther's data lake may carry only enrichment and its log-type tag.
  return r["p_log_type"] === "AWS.CloudTrail";
}

export const RecordSchema = z
  .looseObject({
    eventVersion: optString,
    /**
     * Typed as a string only: test data carries placeholders ("redacted") and records lacking it.
     * The reader reports a missing or unparseable time per record (see recordTimeProblem).
     */
    eventTime: z.string().optional(),
    eventSource: optString,
    eventName: optString,
    awsRegion: optString,
    sourceIPAddress: optString,
    userAgent: optString,
    errorCode: optString,
    errorMessage: optString,
    eventType: optString,
    eventCategory: optString,
    eventID: optString,
    /** Aggregated events spell it this way. */
    eventId: optString,
    recipientAccountId: optString,
    requestID: optString,
    sharedEventID: optString,
    vpcEndpointId: optString,
    readOnly: BoolLike.nullish(),
    managementEvent: BoolLike.nullish(),
    userIdentity: UserIdentitySchema.nullish(),
    /** Elements are read through `resourcesOf`; test data carries non-object elements. */
    resources: z.array(z.unknown()).nullish(),
    timeWindow: TimeWindow.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.eventTime === undefined && "@timestamp" in r) {
      ctx.addIssue({
        code: "custom",
        path: ["eventTime"],
        message:
          "missing, and @timestamp is present: the record was rewritten by a log shipper (e.g. Logstash), not as CloudTrail delivered it",
      });
      return;
    }
    if (!looksLikeCloudTrail(r)) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "not a CloudTrail record: it has none of the CloudTrail fields (eventTime, eventName, eventSource, userIdentity ...)",
      });
    }
  });

export type CloudTrailRecord = z.infer<typeof RecordSchema>;

/** Formats the first zod issue as `field: message`, the reason printed for a rejected record. */
export function describeSchemaError(error: z.ZodError, record: unknown): string {
  const issue = error.issues[0];
  if (!issue) return "invalid record";
  const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "record";
  if (issue.code === "invalid_type" || issue.code === "invalid_union") {
    const value = valueAt(record, issue.path);
    if (value === undefined) return `${path}: missing`;
    const got = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    // zod words a failed union as "Invalid input"; name the types its branches wanted instead.
    const expected =
      issue.code === "invalid_type"
        ? issue.expected
        : [...new Set(issue.errors.flatMap((branch) => branch.flatMap((i) => (i.code === "invalid_type" ? [i.expected] : []))))].join(" or ");
    if (expected) return `${path}: expected ${expected}, got ${got}`;
  }
  return issue.path.length > 0 ? `${path}: ${issue.message}` : issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

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

export type Resource = z.infer<typeof ResourceSchema>;

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
