// Tests for display columns and --fields record paths: each column's text, time formatting, and
// paths that read own properties only, so `__proto__` or `constructor` never reach a prototype.
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import {
  COLUMNS,
  DEFAULT_COLUMNS,
  fieldText,
  fieldValue,
  formatTime,
  isColumn,
  valueAtPath,
} from "../../../src/query/columns.js";

const ACCT = "111122223333";
const record = {
  eventVersion: "1.09",
  eventTime: "2026-03-01T10:00:00Z",
  eventName: "PutObject",
  eventSource: "s3.amazonaws.com",
  eventType: "AwsApiCall",
  eventID: "e-1",
  awsRegion: "us-east-1",
  sourceIPAddress: "203.0.113.7",
  userAgent: "aws-cli/2.15.0",
  errorCode: "AccessDenied",
  errorMessage: "Access Denied",
  readOnly: false,
  recipientAccountId: ACCT,
  userIdentity: {
    type: "AssumedRole",
    arn: `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci`,
    accessKeyId: "ASIAEXAMPLE",
    sessionContext: { sessionIssuer: { userName: "Deploy" } },
  },
  resources: [{ type: "AWS::S3::Object", ARN: "arn:aws:s3:::logs/2026/a.txt" }, { type: "AWS::S3::Bucket", ARN: "arn:aws:s3:::logs" }],
  requestParameters: { bucketName: "logs", key: "2026/a.txt" },
} as unknown as CloudTrailRecord;

const text = (r: unknown, column: string, ctx = {}) => COLUMNS[column]!(r as CloudTrailRecord, ctx);

describe("formatTime", () => {
  it.each<[number, string]>([
    [Date.UTC(2026, 2, 1, 10), "2026-03-01T10:00:00Z"],
    [Date.UTC(2026, 2, 1, 10, 0, 0, 250), "2026-03-01T10:00:00.250Z"],
    [0, "1970-01-01T00:00:00Z"],
    [Number.NaN, ""],
    [Number.POSITIVE_INFINITY, ""],
  ])("%s → %j", (ms, expected) => {
    expect(formatTime(ms)).toBe(expected);
  });
});

describe("COLUMNS", () => {
  it("gives each column's text for a full record", () => {
    const got = Object.fromEntries(Object.keys(COLUMNS).map((c) => [c, text(record, c)]));
    expect(got).toEqual({
      time: "2026-03-01T10:00:00Z",
      event: "PutObject",
      user: "Deploy/ci",
      source: "s3",
      region: "us-east-1",
      resource: "logs/2026/a.txt",
      ip: "203.0.113.7",
      error: "AccessDenied",
      account: ACCT,
      category: "Data",
      type: "AwsApiCall",
      eventid: "e-1",
      accesskey: "ASIAEXAMPLE",
      useragent: "aws-cli/2.15.0",
      arn: `arn:aws:sts::${ACCT}:assumed-role/Deploy/ci`,
      readonly: "false",
      message: "Access Denied",
    });
  });

  it("gives empty texts for a record that has almost nothing", () => {
    const bare = { eventVersion: "1.0" };
    const got = Object.fromEntries(Object.keys(COLUMNS).map((c) => [c, text(bare, c)]));
    expect(got).toEqual({
      time: "",
      event: "",
      user: "",
      source: "",
      region: "",
      resource: "",
      ip: "",
      error: "",
      account: "",
      category: "Management",
      type: "",
      eventid: "",
      accesskey: "",
      useragent: "",
      arn: "",
      readonly: "",
      message: "",
    });
  });

  it("writes times in UTC with second precision, and shows an unreadable time as it is", () => {
    expect(text({ eventTime: "2026-03-01T12:00:00+02:00" }, "time")).toBe("2026-03-01T10:00:00Z");
    expect(text({ eventTime: "2026-03-01T10:00:00.5Z" }, "time")).toBe("2026-03-01T10:00:00.500Z");
    expect(text({ eventTime: "redacted" }, "time")).toBe("redacted");
    expect(text({ timeWindow: { windowStart: "2026-03-01T09:00:00Z" } }, "time")).toBe("2026-03-01T09:00:00Z");
  });

  it("labels Insights and aggregated events that have no eventName", () => {
    const insight = { eventType: "AwsCloudTrailInsight", insightDetails: { eventName: "RunInstances", insightType: "ApiCallRateInsight", state: "Start" } };
    expect(text(insight, "event")).toBe("RunInstances (ApiCallRateInsight Start)");
    expect(text({ eventType: "AwsAggregatedEvent", summary: { primaryDimension: "eventName" } }, "event")).toBe("aggregated: eventName");
  });

  it("takes the resource from resources[], else from requestParameters", () => {
    expect(text({ resources: [{ ARN: "arn:aws:iam::111122223333:role/Admin" }] }, "resource")).toBe("Admin");
    expect(text({ resources: [{ ARN: "weird-arn" }] }, "resource")).toBe("weird-arn");
    expect(text({ requestParameters: { roleName: "Admin" } }, "resource")).toBe("Admin");
  });

  it("reads readOnly strings and takes the account from the file when the record has none", () => {
    expect(text({ readOnly: "True" }, "readonly")).toBe("true");
    expect(text({ eventName: "X" }, "account", { accountId: ACCT })).toBe(ACCT);
  });

  it("shows the classifier's category for records without eventCategory", () => {
    expect(text({ eventName: "GetObject", eventSource: "s3.amazonaws.com" }, "category")).toBe("Data");
    expect(text({ eventName: "RunInstances", eventSource: "ec2.amazonaws.com" }, "category")).toBe("Management");
  });

  it("has default columns that all exist", () => {
    expect(DEFAULT_COLUMNS).toEqual(["time", "event", "user", "source", "region", "resource", "ip", "error"]);
    for (const c of DEFAULT_COLUMNS) expect(isColumn(c)).toBe(true);
  });
});

describe("--fields paths", () => {
  it("reads dotted paths through objects and arrays", () => {
    expect(valueAtPath(record, "userIdentity.sessionContext.sessionIssuer.userName")).toBe("Deploy");
    expect(valueAtPath(record, "resources.1.ARN")).toBe("arn:aws:s3:::logs");
    expect(valueAtPath(record, "resources.5.ARN")).toBeUndefined();
    expect(valueAtPath(record, "eventName.length")).toBeUndefined();
    expect(valueAtPath(record, "nope.deeper")).toBeUndefined();
    expect(valueAtPath(record, "requestParameters")).toEqual({ bucketName: "logs", key: "2026/a.txt" });
  });

  it.each([
    "__proto__",
    "constructor",
    "constructor.prototype",
    "toString",
    "hasOwnProperty",
    "userIdentity.__proto__",
    "userIdentity.constructor.name",
    "resources.0.__proto__.polluted",
    "resources.constructor",
    "__defineGetter__",
  ])("never reaches a prototype: %s", (p) => {
    expect(valueAtPath(record, p)).toBeUndefined();
    expect(fieldValue(record, {}, p)).toBeUndefined();
    expect(fieldText(record, {}, p)).toBe("");
  });

  it("reads an own __proto__ key that a log file really holds", () => {
    const parsed = JSON.parse('{"eventName":"X","__proto__":{"polluted":"yes"}}') as CloudTrailRecord;
    expect(valueAtPath(parsed, "__proto__")).toEqual({ polluted: "yes" });
    expect(valueAtPath(parsed, "__proto__.polluted")).toBe("yes");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("does not take prototype names for columns", () => {
    for (const name of ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty"]) expect(isColumn(name)).toBe(false);
    expect(isColumn("time")).toBe(true);
  });

  it("gives a column's text before a record path of the same name", () => {
    const r = { ...(record as object), error: "a field named error" } as unknown as CloudTrailRecord;
    expect(fieldValue(r, {}, "error")).toBe("AccessDenied");
    expect(fieldValue(r, {}, "eventName")).toBe("PutObject");
  });

  it("writes non-string values as JSON text", () => {
    const r = { eventName: "X", n: 5, b: true, o: { a: [1, "x"] }, z: null } as unknown as CloudTrailRecord;
    expect(["n", "b", "o", "z", "missing", "eventName"].map((f) => fieldText(r, {}, f))).toEqual([
      "5",
      "true",
      '{"a":[1,"x"]}',
      "",
      "",
      "X",
    ]);
    expect(fieldValue(r, {}, "o")).toEqual({ a: [1, "x"] });
  });
});
