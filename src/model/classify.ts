// Classification of a record: category (management, data, network activity, insight,
// aggregated) and read/write, each with the rule that decided it so `--explain` can say why.
// Pure functions over the record; no I/O. Used by lookup --category, classify and summary.
import { type CloudTrailRecord, toBool } from "./event.js";

export const CATEGORIES = ["Management", "Data", "NetworkActivity", "Insight", "Aggregated"] as const;
export type Category = (typeof CATEGORIES)[number];

/** How the category was decided, most authoritative first. */
export type CategoryRule = "eventCategory" | "eventType" | "managementEvent" | "data-api-table" | "default";

export interface CategoryDecision {
  category: Category;
  rule: CategoryRule;
}

const BY_EVENT_TYPE: Readonly<Record<string, Category>> = {
  AwsCloudTrailInsight: "Insight",
  AwsVpceEvent: "NetworkActivity",
  AwsAggregatedEvent: "Aggregated",
};

/** Data-plane APIs per event source, for records older than `eventCategory` (eventVersion < 1.08). */
const DATA_APIS: Readonly<Record<string, (eventName: string) => boolean>> = {
  "s3.amazonaws.com": (n) =>
    /^(GetObject|PutObject|DeleteObject|DeleteObjects|HeadObject|CopyObject|RestoreObject|SelectObjectContent|CreateMultipartUpload|UploadPart|UploadPartCopy|CompleteMultipartUpload|AbortMultipartUpload|ListParts|GetObjectAcl|PutObjectAcl|GetObjectTagging|PutObjectTagging|DeleteObjectTagging|GetObjectAttributes|GetObjectRetention|PutObjectRetention|GetObjectLegalHold|PutObjectLegalHold|GetObjectTorrent)$/.test(
      n,
    ),
  "lambda.amazonaws.com": (n) => n === "Invoke" || n === "InvokeAsync" || n === "InvokeWithResponseStream",
  "dynamodb.amazonaws.com": (n) =>
    /^(GetItem|PutItem|UpdateItem|DeleteItem|BatchGetItem|BatchWriteItem|Query|Scan|TransactGetItems|TransactWriteItems|ExecuteStatement|BatchExecuteStatement|ExecuteTransaction)$/.test(
      n,
    ),
};

const CATEGORY_BY_LOWER: Readonly<Record<string, Category>> = Object.fromEntries(
  CATEGORIES.map((c) => [c.toLowerCase(), c]),
);

/** Decides the category of a record; see CategoryRule for the order of the rules. */
export function categorize(r: CloudTrailRecord): CategoryDecision {
  const declared = typeof r.eventCategory === "string" ? CATEGORY_BY_LOWER[r.eventCategory.toLowerCase()] : undefined;
  if (declared) return { category: declared, rule: "eventCategory" };
  const byType = typeof r.eventType === "string" ? BY_EVENT_TYPE[r.eventType] : undefined;
  if (byType) return { category: byType, rule: "eventType" };
  const management = toBool(r.managementEvent);
  if (management !== undefined) return { category: management ? "Management" : "Data", rule: "managementEvent" };
  const isData = typeof r.eventSource === "string" ? DATA_APIS[r.eventSource] : undefined;
  if (isData && typeof r.eventName === "string" && isData(r.eventName)) return { category: "Data", rule: "data-api-table" };
  return { category: "Management", rule: "default" };
}

/** Parses a user-facing category name (`management`, `data`, `network`, `insight`, `aggregated`). */
export function parseCategory(name: string): Category | undefined {
  const n = name.toLowerCase();
  if (n === "network" || n === "networkactivity" || n === "network-activity") return "NetworkActivity";
  return CATEGORY_BY_LOWER[n];
}
