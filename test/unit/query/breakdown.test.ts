import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RecordSchema, type CloudTrailRecord } from "../../../src/model/event.js";
import { classify } from "../../../src/model/classify.js";
import { addToBreakdown, finishBreakdown, mergeBreakdowns, newBreakdown } from "../../../src/query/breakdown.js";

const rec = (fields: Record<string, unknown>): CloudTrailRecord => RecordSchema.parse(fields);

function breakdownOf(records: readonly CloudTrailRecord[]) {
  const b = newBreakdown();
  for (const r of records) addToBreakdown(b, r, classify(r));
  return b;
}

const RECORDS = [
  rec({ eventTime: "2024-05-01T10:00:00Z", eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", eventCategory: "Management", readOnly: true }),
  rec({ eventTime: "2024-05-01T11:00:00Z", eventSource: "ec2.amazonaws.com", eventName: "DescribeVpcs", eventCategory: "Management", readOnly: true }),
  rec({ eventTime: "2024-05-01T09:00:00Z", eventSource: "ec2.amazonaws.com", eventName: "RunInstances", eventCategory: "Management", readOnly: false }),
  rec({ eventTime: "2024-05-01T12:00:00Z", eventSource: "iam.amazonaws.com", eventName: "CreateUser", eventCategory: "Management", readOnly: false }),
  rec({ eventTime: "2024-05-02T08:00:00Z", eventSource: "s3.amazonaws.com", eventName: "GetObject", eventCategory: "Data", readOnly: true }),
  rec({ eventTime: "2024-05-02T08:00:01Z", eventSource: "s3.amazonaws.com", eventName: "PutObject" }),
  rec({ eventTime: "2024-05-02T08:00:02Z", eventSource: "s3.amazonaws.com", eventName: "GetObject", eventType: "AwsVpceEvent" }),
  rec({ eventTime: "2024-05-03T00:00:00Z", eventType: "AwsCloudTrailInsight", eventCategory: "Insight" }),
];

describe("breakdown", () => {
  it("counts category × read/write × eventSource, with shares and totals", () => {
    const result = finishBreakdown(breakdownOf(RECORDS));
    expect(result.total).toBe(8);
    expect(result.firstEventTime).toBe("2024-05-01T09:00:00Z");
    expect(result.lastEventTime).toBe("2024-05-03T00:00:00Z");
    expect(result.rows).toEqual([
      { category: "Management", readWrite: "read", eventSource: "ec2.amazonaws.com", count: 2, share: 2 / 8 },
      { category: "Management", readWrite: "write", eventSource: "ec2.amazonaws.com", count: 1, share: 1 / 8 },
      { category: "Management", readWrite: "write", eventSource: "iam.amazonaws.com", count: 1, share: 1 / 8 },
      { category: "Data", readWrite: "read", eventSource: "s3.amazonaws.com", count: 1, share: 1 / 8 },
      { category: "Data", readWrite: "write", eventSource: "s3.amazonaws.com", count: 1, share: 1 / 8 },
      { category: "NetworkActivity", readWrite: "read", eventSource: "s3.amazonaws.com", count: 1, share: 1 / 8 },
      { category: "Insight", readWrite: "unknown", eventSource: "(none)", count: 1, share: 1 / 8 },
    ]);
    expect(result.categories).toEqual([
      { category: "Management", count: 4, share: 0.5, read: 2, write: 2, unknown: 0 },
      { category: "Data", count: 2, share: 0.25, read: 1, write: 1, unknown: 0 },
      { category: "NetworkActivity", count: 1, share: 0.125, read: 1, write: 0, unknown: 0 },
      { category: "Insight", count: 1, share: 0.125, read: 0, write: 0, unknown: 1 },
      { category: "Aggregated", count: 0, share: 0, read: 0, write: 0, unknown: 0 },
    ]);
    expect(result.readWrite).toEqual({ read: 4, write: 3, unknown: 1 });
    expect(result.approximate).toBe(false);
  });

  it("tallies which rule decided, for --explain", () => {
    const result = finishBreakdown(breakdownOf(RECORDS));
    expect(result.rules.category).toEqual([
      { category: "Management", rule: "eventCategory", count: 4 },
      { category: "Data", rule: "data-api-table", count: 1 },
      { category: "Data", rule: "eventCategory", count: 1 },
      { category: "Insight", rule: "eventCategory", count: 1 },
      { category: "NetworkActivity", rule: "eventType", count: 1 },
    ]);
    expect(result.rules.readWrite).toEqual([
      { readWrite: "read", rule: "readOnly", count: 3 },
      { readWrite: "write", rule: "readOnly", count: 2 },
      { readWrite: "read", rule: "name-prefix", count: 1 },
      { readWrite: "unknown", rule: "not-applicable", count: 1 },
      { readWrite: "write", rule: "default", count: 1 },
    ]);
  });

  it("is empty but well-formed without records", () => {
    const result = finishBreakdown(newBreakdown());
    expect(result.total).toBe(0);
    expect(result.rows).toEqual([]);
    expect(result.firstEventTime).toBeUndefined();
    expect(result.categories.every((c) => c.count === 0 && c.share === 0)).toBe(true);
  });

  it("survives structured cloning between threads", () => {
    const b = breakdownOf(RECORDS);
    expect(finishBreakdown(structuredClone(b))).toEqual(finishBreakdown(b));
  });

  it("merges partials associatively, as if all records were counted at once", () => {
    const chunk = fc.array(fc.constantFrom(...RECORDS), { maxLength: 12 });
    fc.assert(
      fc.property(chunk, chunk, chunk, (x, y, z) => {
        const [a, b, c] = [x, y, z].map(breakdownOf);
        const left = mergeBreakdowns(mergeBreakdowns(structuredClone(a!), b!), c!);
        const right = mergeBreakdowns(structuredClone(a!), mergeBreakdowns(structuredClone(b!), c!));
        const all = finishBreakdown(breakdownOf([...x, ...y, ...z]));
        expect(finishBreakdown(left)).toEqual(all);
        expect(finishBreakdown(right)).toEqual(all);
      }),
    );
  });
});
