// The EventBridge envelope of a CloudTrail record (what a rule on the default bus sees), and the
// normalisation of patterns for the two spellings of the console sign-in detail-type.
// Does not match anything itself: event-pattern.ts does, on the envelope built here.

/** EventBridge detail-type for each CloudTrail eventType. */
export const DETAIL_TYPES: Readonly<Record<string, string>> = {
  AwsApiCall: "AWS API Call via CloudTrail",
  AwsConsoleSignIn: "AWS Console Sign In via CloudTrail",
  AwsConsoleAction: "AWS Console Action via CloudTrail",
  AwsServiceEvent: "AWS Service Event via CloudTrail",
  AwsCloudTrailInsight: "AWS Insight via CloudTrail",
};

/**
 * The EventBridge documentation spells the sign-in detail-type "AWS Console Signin via CloudTrail";
 * delivered events and most published rules spell it "AWS Console Sign In via CloudTrail".
 */
const SIGN_IN_SPELLINGS = ["AWS Console Sign In via CloudTrail", "AWS Console Signin via CloudTrail"];

export interface EventBridgeEnvelope {
  version: "0";
  id: unknown;
  "detail-type"?: string;
  source?: string;
  account: unknown;
  time: unknown;
  region: unknown;
  resources: never[];
  detail: unknown;
}

function field(obj: unknown, key: string): unknown {
  return typeof obj === "object" && obj !== null && !Array.isArray(obj) ? (obj as Record<string, unknown>)[key] : undefined;
}

/**
 * Wraps a CloudTrail record as EventBridge delivers it: source `aws.<service>` from eventSource,
 * detail-type from eventType, account, time and region from the record, `id` from eventID
 * (EventBridge assigns its own id; the record's is the closest stable value). Fields the record
 * lacks are left undefined, so a pattern naming them does not match.
 */
export function toEventBridgeEvent(record: unknown): EventBridgeEnvelope {
  const eventSource = field(record, "eventSource");
  const eventType = field(record, "eventType");
  const detailType = typeof eventType === "string" && Object.hasOwn(DETAIL_TYPES, eventType) ? DETAIL_TYPES[eventType] : undefined;
  const account = field(record, "recipientAccountId") ?? field(field(record, "userIdentity"), "accountId");
  const envelope: EventBridgeEnvelope = {
    version: "0",
    id: field(record, "eventID"),
    account,
    time: field(record, "eventTime"),
    region: field(record, "awsRegion"),
    resources: [],
    detail: record,
  };
  if (detailType !== undefined) envelope["detail-type"] = detailType;
  if (typeof eventSource === "string") envelope.source = `aws.${eventSource.replace(/\.amazonaws\.com$/, "")}`;
  return envelope;
}

/**
 * Returns a copy of the pattern in which a top-level `detail-type` list (also inside top-level
 * `$or` branches) that names either sign-in spelling, exactly or through `equals-ignore-case`,
 * also names the other one, so both spellings match sign-in events. Other values are left as written;
 * the input is not modified.
 */
export function normalizeCloudTrailPattern(pattern: unknown): unknown {
  if (typeof pattern !== "object" || pattern === null || Array.isArray(pattern)) return pattern;
  const out: Record<string, unknown> = { ...(pattern as Record<string, unknown>) };
  const list = out["detail-type"];
  if (Array.isArray(list)) out["detail-type"] = withBothSpellings(list);
  const or = out["$or"];
  if (Array.isArray(or)) out["$or"] = or.map(normalizeCloudTrailPattern);
  return out;
}

function withBothSpellings(list: unknown[]): unknown[] {
  const names = (v: unknown): string | undefined => {
    if (typeof v === "string") return v;
    const ic = field(v, "equals-ignore-case");
    return typeof ic === "string" ? ic : undefined;
  };
  const lower = SIGN_IN_SPELLINGS.map((s) => s.toLowerCase());
  const mentionsSignIn = list.some((v) => {
    const s = names(v);
    if (s === undefined) return false;
    return typeof v === "string" ? SIGN_IN_SPELLINGS.includes(s) : lower.includes(s.toLowerCase());
  });
  if (!mentionsSignIn) return list;
  const missing = SIGN_IN_SPELLINGS.filter((s) => !list.includes(s));
  return [...list, ...missing];
}
