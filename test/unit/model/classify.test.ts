import { describe, expect, it } from "vitest";
import { RecordSchema, type CloudTrailRecord } from "../../../src/model/event.js";
import {
  CATEGORIES,
  categorize,
  classify,
  explainClassification,
  parseCategory,
} from "../../../src/model/classify.js";

const rec = (fields: Record<string, unknown>): CloudTrailRecord => RecordSchema.parse(fields);

describe("categorize", () => {
  it("takes eventCategory first, whatever its case", () => {
    expect(categorize(rec({ eventCategory: "Data", managementEvent: true, eventName: "CreateUser" }))).toEqual({
      category: "Data",
      rule: "eventCategory",
    });
    expect(categorize(rec({ eventCategory: "networkactivity" }))).toEqual({
      category: "NetworkActivity",
      rule: "eventCategory",
    });
    expect(categorize(rec({ eventCategory: "Aggregated" }))).toEqual({ category: "Aggregated", rule: "eventCategory" });
  });

  it("ignores an unknown eventCategory value and falls through to the next rule", () => {
    expect(categorize(rec({ eventCategory: "Mystery", managementEvent: false }))).toEqual({
      category: "Data",
      rule: "managementEvent",
    });
  });

  it("never takes a category from Object.prototype: eventCategory or eventType named like its members fall through", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"]) {
      const viaCategory = JSON.parse(`{"eventCategory": ${JSON.stringify(name)}, "eventSource": "s3.amazonaws.com", "eventName": "GetObject"}`);
      expect(categorize(rec(viaCategory))).toEqual({ category: "Data", rule: "data-api-table" });
      const viaType = JSON.parse(`{"eventType": ${JSON.stringify(name)}, "eventSource": "iam.amazonaws.com", "eventName": "CreateUser"}`);
      expect(categorize(rec(viaType))).toEqual({ category: "Management", rule: "default" });
    }
  });

  it("maps the three special eventTypes", () => {
    expect(categorize(rec({ eventType: "AwsCloudTrailInsight" }))).toEqual({ category: "Insight", rule: "eventType" });
    expect(categorize(rec({ eventType: "AwsVpceEvent", eventSource: "s3.amazonaws.com", eventName: "GetObject" }))).toEqual({
      category: "NetworkActivity",
      rule: "eventType",
    });
    expect(categorize(rec({ eventType: "AwsAggregatedEvent" }))).toEqual({ category: "Aggregated", rule: "eventType" });
  });

  it("uses managementEvent as a boolean or a string", () => {
    expect(categorize(rec({ eventName: "GetObject", eventSource: "s3.amazonaws.com", managementEvent: true }))).toEqual({
      category: "Management",
      rule: "managementEvent",
    });
    expect(categorize(rec({ eventName: "CreateUser", managementEvent: "false" }))).toEqual({
      category: "Data",
      rule: "managementEvent",
    });
  });

  it("falls back to the documented data-event APIs", () => {
    const cases: Array<[string, string]> = [
      ["s3.amazonaws.com", "GetObject"],
      ["s3.amazonaws.com", "ListObjects"],
      ["s3-outposts.amazonaws.com", "PutObject"],
      ["lambda.amazonaws.com", "Invoke"],
      ["dynamodb.amazonaws.com", "TransactWriteItems"],
      ["dynamodb.amazonaws.com", "GetRecords"],
      ["sns.amazonaws.com", "Publish"],
      ["sqs.amazonaws.com", "SendMessage"],
      ["ebs.amazonaws.com", "GetSnapshotBlock"],
      ["cloudtrail-data.amazonaws.com", "PutAuditEvents"],
    ];
    for (const [eventSource, eventName] of cases) {
      expect(categorize(rec({ eventSource, eventName })), `${eventSource} ${eventName}`).toEqual({
        category: "Data",
        rule: "data-api-table",
      });
    }
  });

  it("defaults to Management for control-plane calls and for records naming nothing", () => {
    const cases: Array<Record<string, unknown>> = [
      { eventSource: "s3.amazonaws.com", eventName: "PutBucketPolicy" },
      { eventSource: "lambda.amazonaws.com", eventName: "CreateFunction20150331" },
      { eventSource: "secretsmanager.amazonaws.com", eventName: "GetSecretValue" },
      { eventSource: "dynamodb.amazonaws.com", eventName: "DescribeStream" },
      { eventName: "GetObject" },
      { eventSource: "s3.amazonaws.com" },
    ];
    for (const fields of cases) {
      expect(categorize(rec(fields)), JSON.stringify(fields)).toEqual({ category: "Management", rule: "default" });
    }
  });
});

describe("parseCategory", () => {
  it("accepts the user-facing spellings", () => {
    expect(parseCategory("management")).toBe("Management");
    expect(parseCategory("DATA")).toBe("Data");
    expect(parseCategory("network")).toBe("NetworkActivity");
    expect(parseCategory("network-activity")).toBe("NetworkActivity");
    expect(parseCategory("insight")).toBe("Insight");
    expect(parseCategory("aggregated")).toBe("Aggregated");
    expect(parseCategory("insights")).toBeUndefined();
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) expect(parseCategory(name)).toBeUndefined();
    expect(CATEGORIES.map((c) => parseCategory(c))).toEqual([...CATEGORIES]);
  });
});

describe("classify", () => {
  it("gives every facet of an assumed-role S3 data event", () => {
    const r = rec({
      eventVersion: "1.08",
      eventTime: "2024-03-01T10:00:00Z",
      eventSource: "s3.amazonaws.com",
      eventName: "GetObject",
      eventType: "AwsApiCall",
      readOnly: true,
      userIdentity: {
        type: "AssumedRole",
        arn: "arn:aws:sts::111122223333:assumed-role/Reader/i-0abc",
        sessionContext: { sessionIssuer: { type: "Role", userName: "Reader" } },
      },
    });
    expect(classify(r)).toEqual({
      category: "Data",
      categoryRule: "data-api-table",
      readWrite: "read",
      readWriteRule: "readOnly",
      eventType: "AwsApiCall",
      principalType: "AssumedRole",
      principal: "Reader/i-0abc",
    });
  });

  it("uses placeholders for an Insights record without identity or eventType fields", () => {
    const r = rec({ eventCategory: "Insight", eventTime: "2024-03-01T10:00:00Z" });
    expect(classify(r)).toEqual({
      category: "Insight",
      categoryRule: "eventCategory",
      readWrite: "unknown",
      readWriteRule: "no-eventName",
      eventType: "(none)",
      principalType: "(none)",
      principal: "(none)",
    });
  });

  it("returns plain data that survives structured cloning", () => {
    const c = classify(rec({ eventName: "RunInstances", eventSource: "ec2.amazonaws.com", userIdentity: { type: "Root" } }));
    expect(structuredClone(c)).toEqual(c);
  });

  it("explains both decisions in words", () => {
    const c = classify(rec({ eventName: "DescribeInstances", eventSource: "ec2.amazonaws.com" }));
    expect(explainClassification(c)).toEqual({
      category:
        "Management: no field decides it and the API is not a documented data event, so it is assumed to be a management event",
      readWrite: "read: its eventName starts with a read verb (Get, Describe, List ...)",
    });
  });
});

describe("isInsightRecord", () => {
  it("agrees with categorize on every eventCategory / eventType combination", async () => {
    const { categorize, isInsightRecord } = await import("../../../src/model/classify.js");
    const cats = [undefined, "Management", "Data", "Insight", "insight", "NetworkActivity", "Aggregated", "bogus", ""];
    const types = [undefined, "AwsApiCall", "AwsCloudTrailInsight", "AwsVpceEvent", "AwsAggregatedEvent"];
    for (const eventCategory of cats)
      for (const eventType of types)
        for (const managementEvent of [undefined, true, false]) {
          const r = { eventName: "X", eventSource: "s3.amazonaws.com", eventCategory, eventType, managementEvent } as never;
          expect(isInsightRecord(r), JSON.stringify(r)).toBe(categorize(r).category === "Insight");
        }
  });
});
