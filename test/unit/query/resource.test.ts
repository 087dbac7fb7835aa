// Tests for the resources a record names (--resource-type, --resource-name, the resource column):
// names at the end of ARNs of many services, resources[] entries, and names and ids found in
// requestParameters under their usual keys, within depth and count limits.
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { arnResourceName, resourceNamesOf, resourceTypesOf } from "../../../src/query/resource.js";

const rec = (fields: Record<string, unknown>) => ({ eventTime: "2026-03-01T10:00:00Z", ...fields }) as CloudTrailRecord;

describe("arnResourceName", () => {
  it.each<[string, string | undefined]>([
    ["arn:aws:s3:::my-bucket", "my-bucket"],
    ["arn:aws:s3:::my-bucket/path/to/key.txt", "my-bucket/path/to/key.txt"],
    ["arn:aws:s3:us-east-1:111122223333:accesspoint/my-ap", "my-ap"],
    ["arn:aws:iam::111122223333:role/Admin", "Admin"],
    ["arn:aws:iam::111122223333:user/ops/alice", "ops/alice"],
    ["arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess"],
    ["arn:aws:iam::111122223333:root", "root"],
    ["arn:aws:ec2:us-east-1:111122223333:instance/i-0abc", "i-0abc"],
    ["arn:aws:dynamodb:us-east-1:111122223333:table/Books", "Books"],
    ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "1234abcd-12ab-34cd-56ef-1234567890ab"],
    ["arn:aws:lambda:us-east-1:111122223333:function:my-function", "my-function"],
    ["arn:aws:lambda:us-east-1:111122223333:function:my-function:PROD", "my-function:PROD"],
    ["arn:aws:secretsmanager:us-east-1:111122223333:secret:db-password-AbCdEf", "db-password-AbCdEf"],
    ["arn:aws:rds:us-east-1:111122223333:db:mydb", "mydb"],
    ["arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/my-function:*", "/aws/lambda/my-function:*"],
    ["arn:aws:ssm:us-east-1:111122223333:parameter/app/db/url", "app/db/url"],
    ["arn:aws:sns:us-east-1:111122223333:alerts", "alerts"],
    ["arn:aws:sqs:us-east-1:111122223333:jobs", "jobs"],
    ["arn:aws-cn:s3:::cn-bucket/key", "cn-bucket/key"],
    ["arn:aws:cloudtrail:us-east-1:111122223333:trail/", undefined],
    ["arn:aws:s3:::", undefined],
    ["not-an-arn", undefined],
    ["arn:aws:s3", undefined],
    ["urn:aws:s3:::bucket", undefined],
  ])("%s → %s", (arn, expected) => {
    expect(arnResourceName(arn)).toBe(expected);
  });
});

describe("resourceTypesOf", () => {
  it("lists each resources[] type once, in order", () => {
    const r = rec({
      resources: [
        { type: "AWS::S3::Object", ARN: "arn:aws:s3:::b/k" },
        { type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::b" },
        { type: "AWS::S3::Object", ARN: "arn:aws:s3:::b/k2" },
        { ARN: "arn:aws:s3:::untyped" },
        "not an object",
        null,
      ],
    });
    expect(resourceTypesOf(r)).toEqual(["AWS::S3::Object", "AWS::S3::Bucket"]);
    expect(resourceTypesOf(rec({}))).toEqual([]);
  });
});

describe("resourceNamesOf", () => {
  it("names each resources[] ARN and the name at its end", () => {
    const r = rec({ resources: [{ ARN: "arn:aws:iam::111122223333:role/Admin" }, { arn: "arn:aws:s3:::logs" }, { type: "x" }] });
    expect(resourceNamesOf(r)).toEqual(["arn:aws:iam::111122223333:role/Admin", "Admin", "arn:aws:s3:::logs", "logs"]);
  });

  it("collects names and ids from requestParameters under their usual keys", () => {
    const r = rec({
      requestParameters: {
        bucketName: "logs-bucket",
        key: "2026/03/01/a.txt",
        instancesSet: { items: [{ instanceId: "i-1" }, { instanceId: "i-2" }] },
        roleArn: "arn:aws:iam::111122223333:role/Deploy",
        groupIds: ["sg-1", "sg-2"],
        queueUrl: "https://sqs.us-east-1.amazonaws.com/111122223333/jobs",
        resource: "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1",
        name: "my-stack",
        policyDocument: "{\"Statement\":[]}",
        maxResults: 50,
        encrypted: true,
        description: "not a name",
      },
      responseElements: { instanceId: "i-from-response" },
    });
    expect(resourceNamesOf(r)).toEqual([
      "logs-bucket",
      "2026/03/01/a.txt",
      "i-1",
      "i-2",
      "arn:aws:iam::111122223333:role/Deploy",
      "sg-1",
      "sg-2",
      "https://sqs.us-east-1.amazonaws.com/111122223333/jobs",
      "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1",
      "my-stack",
    ]);
  });

  it("lists each name once", () => {
    const r = rec({ resources: [{ ARN: "arn:aws:s3:::b" }], requestParameters: { bucketName: "b", Bucket: "b" } });
    expect(resourceNamesOf(r)).toEqual(["arn:aws:s3:::b", "b"]);
  });

  it("ignores empty and very long values", () => {
    const r = rec({ requestParameters: { bucketName: "", roleName: "x".repeat(2049), userName: "y".repeat(2048) } });
    expect(resourceNamesOf(r)).toEqual(["y".repeat(2048)]);
  });

  it("stops at a bounded depth", () => {
    // Depth counts containers: requestParameters is 0; the value under the 5th nested key is at 5.
    const nest = (depth: number): unknown => (depth === 0 ? "deep-name" : { level: nest(depth - 1) });
    expect(resourceNamesOf(rec({ requestParameters: { a: { b: { c: { d: { bucketName: "at-5" } } } } } }))).toEqual(["at-5"]);
    expect(resourceNamesOf(rec({ requestParameters: { a: { b: { c: { d: { e: { bucketName: "at-6" } } } } } } }))).toEqual([]);
    expect(resourceNamesOf(rec({ requestParameters: { roleName: nest(10) } }))).toEqual([]);
  });

  it("keeps at most 200 values", () => {
    const r = rec({ requestParameters: { instanceIds: Array.from({ length: 500 }, (_, i) => `i-${i}`) } });
    const names = resourceNamesOf(r);
    expect(names).toHaveLength(200);
    expect(names[199]).toBe("i-199");
  });

  it("finds nothing in a record without resources or parameters", () => {
    expect(resourceNamesOf(rec({ requestParameters: null }))).toEqual([]);
    expect(resourceNamesOf(rec({ requestParameters: "bucketName=x" }))).toEqual([]);
  });
});
