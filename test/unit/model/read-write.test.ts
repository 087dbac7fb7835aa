import { describe, expect, it } from "vitest";
import { RecordSchema } from "../../../src/model/event.js";
import { readWriteOf } from "../../../src/model/read-write.js";

const rw = (fields: Record<string, unknown>) => readWriteOf(RecordSchema.parse(fields));

describe("readWriteOf", () => {
  it("trusts readOnly, boolean or string, over every other rule", () => {
    expect(rw({ eventName: "CreateUser", readOnly: true })).toEqual({ readWrite: "read", rule: "readOnly" });
    expect(rw({ eventName: "DescribeTrail", readOnly: "false" })).toEqual({ readWrite: "write", rule: "readOnly" });
    expect(rw({ eventName: "ConsoleLogin", eventType: "AwsConsoleSignIn", readOnly: "True" })).toEqual({
      readWrite: "read",
      rule: "readOnly",
    });
  });

  it("calls Insights and aggregated records neither read nor write", () => {
    expect(rw({ eventType: "AwsCloudTrailInsight", eventName: "x" })).toEqual({ readWrite: "unknown", rule: "not-applicable" });
    expect(rw({ eventType: "AwsAggregatedEvent", eventName: "GetObject" })).toEqual({
      readWrite: "unknown",
      rule: "not-applicable",
    });
  });

  it("says unknown when there is no eventName", () => {
    expect(rw({ eventSource: "s3.amazonaws.com" })).toEqual({ readWrite: "unknown", rule: "no-eventName" });
    expect(rw({ eventSource: "s3.amazonaws.com", eventName: "" })).toEqual({ readWrite: "unknown", rule: "no-eventName" });
  });

  it("treats the STS credential calls as CloudTrail records them", () => {
    expect(rw({ eventSource: "sts.amazonaws.com", eventName: "GetFederationToken" })).toEqual({
      readWrite: "write",
      rule: "exception-table",
    });
    expect(rw({ eventSource: "sts.amazonaws.com", eventName: "GetSessionToken" })).toEqual({
      readWrite: "write",
      rule: "exception-table",
    });
    expect(rw({ eventSource: "sts.amazonaws.com", eventName: "AssumeRole" })).toEqual({
      readWrite: "read",
      rule: "exception-table",
    });
    // Not an exception: the prefix rule already gives read.
    expect(rw({ eventSource: "sts.amazonaws.com", eventName: "GetCallerIdentity" })).toEqual({
      readWrite: "read",
      rule: "name-prefix",
    });
  });

  it("counts KMS cryptographic operations as reads", () => {
    for (const eventName of ["Decrypt", "Encrypt", "GenerateDataKey", "ReEncrypt", "Sign"]) {
      expect(rw({ eventSource: "kms.amazonaws.com", eventName }), eventName).toEqual({
        readWrite: "read",
        rule: "exception-table",
      });
    }
    // The exception is per service: a Decrypt elsewhere is not in the table.
    expect(rw({ eventSource: "example.amazonaws.com", eventName: "Decrypt" })).toEqual({ readWrite: "write", rule: "default" });
  });

  it("counts console sign-ins as writes, in both spellings of the eventType", () => {
    expect(rw({ eventType: "AwsConsoleSignIn", eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin" })).toEqual({
      readWrite: "write",
      rule: "console-sign-in",
    });
    expect(rw({ eventType: "AwsConsoleSignin", eventSource: "signin.amazonaws.com", eventName: "CheckMfa" })).toEqual({
      readWrite: "write",
      rule: "console-sign-in",
    });
  });

  it("counts service events as writes even with a read-looking name", () => {
    expect(rw({ eventType: "AwsServiceEvent", eventSource: "kms.amazonaws.com", eventName: "RotateKey" })).toEqual({
      readWrite: "write",
      rule: "service-event",
    });
    expect(rw({ eventType: "AwsServiceEvent", eventSource: "example.amazonaws.com", eventName: "GetThing" })).toEqual({
      readWrite: "write",
      rule: "service-event",
    });
  });

  it("reads the verb at the start of the eventName", () => {
    const reads = ["GetObject", "DescribeInstances", "ListBuckets", "HeadObject", "LookupEvents", "BatchGetItem", "Query", "Scan"];
    for (const eventName of reads) {
      expect(rw({ eventSource: "example.amazonaws.com", eventName }), eventName).toEqual({ readWrite: "read", rule: "name-prefix" });
    }
    const writes = ["PutObject", "RunInstances", "CreateUser", "Getaway", "Listen", "Invoke", "AttachRolePolicy"];
    for (const eventName of writes) {
      expect(rw({ eventSource: "example.amazonaws.com", eventName }), eventName).toEqual({ readWrite: "write", rule: "default" });
    }
  });
});
