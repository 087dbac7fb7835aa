// The CloudTrail record: its zod schema (the definition of what ct accepts), its type, and the
// reason printed for a record the schema rejects. Loose on purpose: unknown fields are kept
// verbatim and only fields ct reads are typed. No I/O. The hot-path check in record-check.ts must
// agree with RecordSchema (tested); the accessors every command needs are in record-fields.ts.
import { z } from "zod";
import { isEventTime } from "./event-time.js";
import { CLOUDTRAIL_KEYS } from "./record-fields.js";

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

export type Resource = z.infer<typeof ResourceSchema>;
