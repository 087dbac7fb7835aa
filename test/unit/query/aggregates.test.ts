import { describe, expect, it } from "vitest";
import { RecordSchema, type CloudTrailRecord } from "../../../src/model/event.js";
import {
  AGGREGATE_PROCESSORS,
  ANNOTATION_KEY,
  type ClassifyPartial,
  mergeClassifyPartials,
  newClassifyPartial,
} from "../../../src/query/aggregates.js";
import { finishBreakdown } from "../../../src/query/breakdown.js";
import { type Summary, finishSummary } from "../../../src/query/summary.js";

const rec = (fields: Record<string, unknown>): CloudTrailRecord => RecordSchema.parse(fields);

const FILE_A = [
  rec({ eventTime: "2024-05-01T10:00:00Z", eventSource: "s3.amazonaws.com", eventName: "GetObject", eventCategory: "Data", readOnly: true }),
  rec({ eventTime: "2024-05-01T10:05:00Z", eventSource: "iam.amazonaws.com", eventName: "CreateUser", readOnly: false }),
];
const FILE_B = [rec({ eventTime: "2024-05-01T11:00:00Z", eventSource: "ec2.amazonaws.com", eventName: "DescribeVpcs" })];

function runProcessor(name: string, params: unknown, records: readonly CloudTrailRecord[], accountId?: string): unknown {
  const p = AGGREGATE_PROCESSORS[name]!(params, { accountId });
  records.forEach((r, i) => p.add(r, i));
  // What crosses back from a worker thread.
  return structuredClone(p.finish());
}

describe("classify processor", () => {
  it("returns a partial that merges across files", () => {
    const a = runProcessor("classify", {}, FILE_A) as ClassifyPartial;
    const b = runProcessor("classify", {}, FILE_B) as ClassifyPartial;
    expect(a.lines).toEqual([]);
    const merged = mergeClassifyPartials(mergeClassifyPartials(newClassifyPartial(), a), b);
    const result = finishBreakdown(merged.breakdown);
    expect(result.total).toBe(3);
    expect(result.readWrite).toEqual({ read: 2, write: 1, unknown: 0 });
    expect(merged.resources.dataEvents).toBe(1);
  });

  it("annotates each record under one key, leaving CloudTrail's fields as they were", () => {
    const a = runProcessor("classify", { annotate: true }, FILE_A) as ClassifyPartial;
    expect(a.lines).toHaveLength(2);
    const first = JSON.parse(a.lines[0]!) as Record<string, unknown>;
    expect(ANNOTATION_KEY).toBe("_ct");
    expect(Object.keys(first).at(-1)).toBe("_ct");
    const { _ct, ...record } = first;
    expect(record).toEqual(JSON.parse(JSON.stringify(FILE_A[0])));
    expect(_ct).toEqual({
      category: "Data",
      categoryRule: "eventCategory",
      readWrite: "read",
      readWriteRule: "readOnly",
      eventType: "(none)",
      principalType: "(none)",
      principal: "(none)",
    });
  });
});

describe("summary processor", () => {
  it("counts its file, and uses the file's account for records that name none", () => {
    const s = runProcessor("summary", { by: "account" }, FILE_B, "123456789012") as Summary;
    const result = finishSummary(s);
    expect(result.totals.files).toBe(1);
    expect(result.totals.events).toBe(1);
    expect(result.sections?.items.map((i) => [i.value, i.events])).toEqual([["123456789012", 1]]);
  });
});
