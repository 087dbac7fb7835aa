// Which resources (buckets, functions, tables, queues ...) produce the data events, since data
// events are billed per event; and the advanced event selectors that would log only the chosen
// ones. An aggregate (new, add, merge, finish) plus a pure selector builder. No I/O.
import type { CloudTrailRecord } from "../model/event.js";
import { resourcesOf } from "../model/record-fields.js";
import type { Classification } from "../model/classify.js";
import { DATA_APIS } from "../model/data-apis.js";
import type { ReadWrite } from "../model/read-write.js";
import { joinKey, splitKey } from "./compound-key.js";
import { type Counter, addCount, mergeCounters, newCounter } from "./counter.js";


/** The resource a data event acted on, at the level a selector names it (bucket, not object). */
export interface DataResource {
  /** `resources[].type` as the record gives it, else the type the data-API table knows. */
  type: string;
  /** An ARN, or the bare name a record gave when it carried no ARN. */
  resource: string;
}

const S3_SOURCES = new Set(["s3.amazonaws.com", "s3-outposts.amazonaws.com"]);

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** `arn:aws:s3:::bucket/key/part` → `arn:aws:s3:::bucket`. */
function s3BucketArn(arn: string): string {
  const at = arn.indexOf(":::");
  if (at < 0) return arn;
  const slash = arn.indexOf("/", at + 3);
  return slash < 0 ? arn : arn.slice(0, slash);
}

function requestParameter(r: CloudTrailRecord, key: string): string | undefined {
  const params = (r as Record<string, unknown>)["requestParameters"];
  return params && typeof params === "object" ? str((params as Record<string, unknown>)[key]) : undefined;
}

/** The resource of a data event (undefined when the record names none). */
export function dataResourceOf(r: CloudTrailRecord): DataResource | undefined {
  const source = str(r.eventSource) ?? "";
  const known = DATA_APIS.get(source)?.selectorType;
  const listed = resourcesOf(r)
    .map((x) => ({ type: str(x.type), arn: str(x.ARN) ?? str(x.arn) }))
    .filter((x): x is { type: string | undefined; arn: string } => x.arn !== undefined);
  if (S3_SOURCES.has(source)) {
    // S3 lists the object and its bucket; a selector names the bucket (ARN prefix).
    const bucket = listed.find((x) => x.type?.endsWith("::Bucket")) ?? listed[0];
    if (bucket) return { type: bucket.type ?? known ?? "AWS::S3::Bucket", resource: s3BucketArn(bucket.arn) };
    const name = requestParameter(r, "bucketName");
    return name ? { type: "AWS::S3::Bucket", resource: `arn:aws:s3:::${name}` } : undefined;
  }
  const first = listed[0];
  if (first) return { type: first.type ?? known ?? "(unknown)", resource: first.arn };
  const name =
    requestParameter(r, "functionName") ??
    requestParameter(r, "tableName") ??
    requestParameter(r, "topicArn") ??
    requestParameter(r, "queueUrl");
  return name ? { type: known ?? "(unknown)", resource: name } : undefined;
}

export interface DataResources {
  /** Key: eventSource, type, resource, readWrite (joinKey). */
  counts: Counter;
  /** Data events that named no resource. */
  unattributed: number;
  /** All data events seen. */
  dataEvents: number;
}

export interface DataResourceRow {
  eventSource: string;
  type: string;
  resource: string;
  events: number;
  read: number;
  write: number;
  /** events / all data events, 0..1. */
  share: number;
}

export interface DataResourcesResult {
  dataEvents: number;
  unattributed: number;
  /** Most data events first; ties by resource. */
  rows: DataResourceRow[];
  approximate: boolean;
}

/** A new empty data-resource tally. */
export function newDataResources(): DataResources {
  return { counts: newCounter(), unattributed: 0, dataEvents: 0 };
}

/** Counts the record when it is a data event. */
export function addToDataResources(acc: DataResources, r: CloudTrailRecord, c: Classification): void {
  if (c.category !== "Data") return;
  acc.dataEvents++;
  const res = dataResourceOf(r);
  if (!res) {
    acc.unattributed++;
    return;
  }
  addCount(acc.counts, joinKey(str(r.eventSource) ?? "(none)", res.type, res.resource, c.readWrite));
}

/** Folds `from` into `into` and returns `into`; `from` is left untouched. */
export function mergeDataResources(into: DataResources, from: DataResources): DataResources {
  mergeCounters(into.counts, from.counts);
  into.unattributed += from.unattributed;
  into.dataEvents += from.dataEvents;
  return into;
}

/** The `top` resources producing most data events. */
export function finishDataResources(acc: DataResources, top: number): DataResourcesResult {
  const rows = new Map<string, DataResourceRow>();
  for (const [key, n] of acc.counts.counts) {
    const [eventSource, type, resource, rw] = splitKey(key) as [string, string, string, ReadWrite];
    const id = joinKey(eventSource, type, resource);
    let row = rows.get(id);
    if (!row) {
      row = { eventSource, type, resource, events: 0, read: 0, write: 0, share: 0 };
      rows.set(id, row);
    }
    row.events += n;
    if (rw === "read") row.read += n;
    else if (rw === "write") row.write += n;
  }
  const ranked = [...rows.values()]
    .map((row) => ({ ...row, share: acc.dataEvents === 0 ? 0 : row.events / acc.dataEvents }))
    .sort((a, b) => b.events - a.events || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  return {
    dataEvents: acc.dataEvents,
    unattributed: acc.unattributed,
    rows: ranked.slice(0, Math.max(0, top)),
    approximate: acc.counts.approximate,
  };
}

/** One advanced event selector, in the shape PutEventSelectors takes. */
export interface AdvancedEventSelector {
  Name: string;
  FieldSelectors: Array<{ Field: string; Equals?: string[]; StartsWith?: string[] }>;
}

export interface SelectorsResult {
  selectors: AdvancedEventSelector[];
  /** Resources left out because the record named them without an ARN. */
  skipped: string[];
  /** Condition values used; AWS allows at most 500 per trail. */
  valueCount: number;
}

/** Types whose selector matches objects under a bucket ARN prefix rather than an exact ARN. */
const PREFIX_TYPES = new Set(["AWS::S3::Object", "AWS::S3Outposts::Object"]);

/**
 * Advanced event selectors that keep data events only for the given resources: one selector
 * per resources.type (AWS allows a single type per selector), S3 buckets by ARN prefix.
 */
export function advancedEventSelectors(rows: readonly DataResourceRow[]): SelectorsResult {
  const byType = new Map<string, Set<string>>();
  const skipped: string[] = [];
  for (const row of rows) {
    if (!row.resource.startsWith("arn:")) {
      skipped.push(row.resource);
      continue;
    }
    // S3 data events are selected as objects even when the record names the bucket; other
    // sources are selected by the type the record gives (DynamoDB tables and streams differ).
    const known = DATA_APIS.get(row.eventSource)?.selectorType;
    const type = S3_SOURCES.has(row.eventSource) && known ? known : row.type.startsWith("AWS::") ? row.type : (known ?? row.type);
    const value = PREFIX_TYPES.has(type) ? `${row.resource}/` : row.resource;
    let set = byType.get(type);
    if (!set) byType.set(type, (set = new Set()));
    set.add(value);
  }
  const selectors: AdvancedEventSelector[] = [];
  let valueCount = 0;
  for (const [type, values] of [...byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = [...values].sort();
    valueCount += 2 + list.length;
    selectors.push({
      Name: `Log data events for ${list.length} selected ${type} resource${list.length === 1 ? "" : "s"}`,
      FieldSelectors: [
        { Field: "eventCategory", Equals: ["Data"] },
        { Field: "resources.type", Equals: [type] },
        PREFIX_TYPES.has(type) ? { Field: "resources.ARN", StartsWith: list } : { Field: "resources.ARN", Equals: list },
      ],
    });
  }
  return { selectors, skipped, valueCount };
}
