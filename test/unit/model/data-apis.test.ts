import { describe, expect, it } from "vitest";
import { DATA_APIS, isDataApi } from "../../../src/model/data-apis.js";

describe("DATA_APIS", () => {
  it("covers the documented data-event sources", () => {
    expect([...DATA_APIS.keys()].sort()).toEqual([
      "bedrock.amazonaws.com",
      "cloudtrail-data.amazonaws.com",
      "dynamodb.amazonaws.com",
      "ebs.amazonaws.com",
      "lambda.amazonaws.com",
      "s3-object-lambda.amazonaws.com",
      "s3-outposts.amazonaws.com",
      "s3.amazonaws.com",
      "sns.amazonaws.com",
      "sqs.amazonaws.com",
    ]);
  });

  it("names the advanced-event-selector resource type of each source", () => {
    expect(DATA_APIS.get("s3.amazonaws.com")?.selectorType).toBe("AWS::S3::Object");
    expect(DATA_APIS.get("lambda.amazonaws.com")?.selectorType).toBe("AWS::Lambda::Function");
    expect(DATA_APIS.get("dynamodb.amazonaws.com")?.selectorType).toBe("AWS::DynamoDB::Table");
    expect(DATA_APIS.get("sqs.amazonaws.com")?.selectorType).toBe("AWS::SQS::Queue");
    // Bedrock's type depends on the API (agent alias, knowledge base, flow alias, guardrail).
    expect(DATA_APIS.get("bedrock.amazonaws.com")?.selectorType).toBeUndefined();
    for (const [source, entry] of DATA_APIS) {
      expect(entry.doc, source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(entry.eventNames.size, source).toBeGreaterThan(0);
    }
  });

  it("keeps management events that look like data access out of the table", () => {
    // CloudTrail records these with eventCategory Management.
    expect(isDataApi("secretsmanager.amazonaws.com", "GetSecretValue")).toBe(false);
    expect(isDataApi("bedrock.amazonaws.com", "InvokeModel")).toBe(false);
    expect(isDataApi("kms.amazonaws.com", "Decrypt")).toBe(false);
    // Bucket configuration and function management are control plane.
    expect(isDataApi("s3.amazonaws.com", "GetBucketPolicy")).toBe(false);
    expect(isDataApi("s3.amazonaws.com", "ListBuckets")).toBe(false);
    expect(isDataApi("lambda.amazonaws.com", "UpdateFunctionCode20150331v2")).toBe(false);
    expect(isDataApi("ebs.amazonaws.com", "StartSnapshot")).toBe(false);
    expect(isDataApi("sqs.amazonaws.com", "SetQueueAttributes")).toBe(false);
  });

  it("matches eventSource and eventName exactly", () => {
    expect(isDataApi("s3.amazonaws.com", "PutObject")).toBe(true);
    expect(isDataApi("s3.amazonaws.com", "putobject")).toBe(false);
    expect(isDataApi("S3.amazonaws.com", "PutObject")).toBe(false);
    expect(isDataApi("ec2.amazonaws.com", "PutObject")).toBe(false);
  });
});
