import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RecordSchema, type CloudTrailRecord } from "../../../src/model/event.js";
import { classify } from "../../../src/model/classify.js";
import {
  addToDataResources,
  advancedEventSelectors,
  dataResourceOf,
  finishDataResources,
  mergeDataResources,
  newDataResources,
} from "../../../src/query/data-resources.js";

const rec = (fields: Record<string, unknown>): CloudTrailRecord => RecordSchema.parse(fields);

const s3 = (eventName: string, bucket: string, key: string, readOnly: boolean) =>
  rec({
    eventSource: "s3.amazonaws.com",
    eventName,
    eventCategory: "Data",
    readOnly,
    resources: [
      { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: "111122223333", type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` },
    ],
  });

const FN = "arn:aws:lambda:us-east-1:111122223333:function:resize";
const TABLE = "arn:aws:dynamodb:us-east-1:111122223333:table/Orders";

const RECORDS = [
  s3("GetObject", "logs-bucket", "a/1.gz", true),
  s3("GetObject", "logs-bucket", "a/2.gz", true),
  s3("PutObject", "logs-bucket", "b/3.gz", false),
  s3("GetObject", "assets", "img.png", true),
  rec({
    eventSource: "lambda.amazonaws.com",
    eventName: "Invoke",
    eventCategory: "Data",
    readOnly: false,
    resources: [{ accountId: "111122223333", type: "AWS::Lambda::Function", ARN: FN }],
  }),
  rec({
    eventSource: "dynamodb.amazonaws.com",
    eventName: "PutItem",
    managementEvent: false,
    readOnly: false,
    resources: [{ accountId: "111122223333", type: "AWS::DynamoDB::Table", ARN: TABLE }],
  }),
  // A data event naming no resource at all.
  rec({ eventSource: "sns.amazonaws.com", eventName: "Publish", eventCategory: "Data", readOnly: false }),
  // Management events are not counted.
  rec({ eventSource: "s3.amazonaws.com", eventName: "PutBucketPolicy", eventCategory: "Management", requestParameters: { bucketName: "x" } }),
];

function tally(records: readonly CloudTrailRecord[]) {
  const acc = newDataResources();
  for (const r of records) addToDataResources(acc, r, classify(r));
  return acc;
}

describe("dataResourceOf", () => {
  it("names S3 data events by bucket, from resources or requestParameters", () => {
    expect(dataResourceOf(s3("GetObject", "b1", "k/ey", true))).toEqual({ type: "AWS::S3::Bucket", resource: "arn:aws:s3:::b1" });
    expect(
      dataResourceOf(rec({ eventSource: "s3.amazonaws.com", eventName: "GetObject", resources: [{ ARN: "arn:aws:s3:::b2/k" }] })),
    ).toEqual({ type: "AWS::S3::Object", resource: "arn:aws:s3:::b2" });
    expect(
      dataResourceOf(rec({ eventSource: "s3.amazonaws.com", eventName: "ListObjects", requestParameters: { bucketName: "b3" } })),
    ).toEqual({ type: "AWS::S3::Bucket", resource: "arn:aws:s3:::b3" });
  });

  it("takes the first resource ARN elsewhere, else a name from requestParameters", () => {
    expect(dataResourceOf(RECORDS[4]!)).toEqual({ type: "AWS::Lambda::Function", resource: FN });
    expect(
      dataResourceOf(rec({ eventSource: "dynamodb.amazonaws.com", eventName: "GetItem", requestParameters: { tableName: "Users" } })),
    ).toEqual({ type: "AWS::DynamoDB::Table", resource: "Users" });
    expect(dataResourceOf(RECORDS[6]!)).toBeUndefined();
  });
});

describe("data resources", () => {
  it("ranks resources by data events with their read/write split, ties by resource", () => {
    const result = finishDataResources(tally(RECORDS), 10);
    expect(result.dataEvents).toBe(7);
    expect(result.unattributed).toBe(1);
    expect(result.rows).toEqual([
      { eventSource: "s3.amazonaws.com", type: "AWS::S3::Bucket", resource: "arn:aws:s3:::logs-bucket", events: 3, read: 2, write: 1, share: 3 / 7 },
      { eventSource: "dynamodb.amazonaws.com", type: "AWS::DynamoDB::Table", resource: TABLE, events: 1, read: 0, write: 1, share: 1 / 7 },
      { eventSource: "lambda.amazonaws.com", type: "AWS::Lambda::Function", resource: FN, events: 1, read: 0, write: 1, share: 1 / 7 },
      { eventSource: "s3.amazonaws.com", type: "AWS::S3::Bucket", resource: "arn:aws:s3:::assets", events: 1, read: 1, write: 0, share: 1 / 7 },
    ]);
    expect(finishDataResources(tally(RECORDS), 1).rows.map((r) => r.resource)).toEqual(["arn:aws:s3:::logs-bucket"]);
  });

  it("merges partials associatively", () => {
    const chunk = fc.array(fc.constantFrom(...RECORDS), { maxLength: 10 });
    fc.assert(
      fc.property(chunk, chunk, chunk, (x, y, z) => {
        const [a, b, c] = [x, y, z].map(tally);
        const left = mergeDataResources(mergeDataResources(structuredClone(a!), b!), c!);
        const right = mergeDataResources(structuredClone(a!), mergeDataResources(structuredClone(b!), c!));
        const all = finishDataResources(tally([...x, ...y, ...z]), 50);
        expect(finishDataResources(left, 50)).toEqual(all);
        expect(finishDataResources(right, 50)).toEqual(all);
      }),
    );
  });
});

describe("advancedEventSelectors", () => {
  it("builds one selector per resource type, S3 buckets by ARN prefix", () => {
    const rows = finishDataResources(tally(RECORDS), 10).rows;
    expect(advancedEventSelectors(rows)).toEqual({
      selectors: [
        {
          Name: "Log data events for 1 selected AWS::DynamoDB::Table resource",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::DynamoDB::Table"] },
            { Field: "resources.ARN", Equals: [TABLE] },
          ],
        },
        {
          Name: "Log data events for 1 selected AWS::Lambda::Function resource",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::Lambda::Function"] },
            { Field: "resources.ARN", Equals: [FN] },
          ],
        },
        {
          Name: "Log data events for 2 selected AWS::S3::Object resources",
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::S3::Object"] },
            { Field: "resources.ARN", StartsWith: ["arn:aws:s3:::assets/", "arn:aws:s3:::logs-bucket/"] },
          ],
        },
      ],
      skipped: [],
      valueCount: 10,
    });
  });

  it("leaves out resources known only by name", () => {
    const result = advancedEventSelectors([
      { eventSource: "dynamodb.amazonaws.com", type: "AWS::DynamoDB::Table", resource: "Users", events: 3, read: 3, write: 0, share: 1 },
    ]);
    expect(result).toEqual({ selectors: [], skipped: ["Users"], valueCount: 0 });
  });
});
