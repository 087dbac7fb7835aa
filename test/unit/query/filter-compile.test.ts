// Tests for the compiled lookup filter: every FilterSpec field alone, flags ANDed, repeated values
// ORed, wildcards, addresses and CIDR blocks (IPv4, IPv6, IPv4-mapped), error and category rules,
// inclusive time edges, Insights only on request, and the account taken from the file.
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { type RecordContext, accountOf, compileFilter } from "../../../src/query/compile-filter.js";
import { type FilterSpec, FilterSpecSchema } from "../../../src/query/filter-spec.js";

const ACCT = "111122223333";
const T = "2026-03-01T10:00:00Z";

function rec(fields: Record<string, unknown>): CloudTrailRecord {
  return { eventVersion: "1.09", eventTime: T, ...fields } as CloudTrailRecord;
}

/** Which of the named records the spec keeps, in order. */
function kept(spec: FilterSpec, records: Record<string, CloudTrailRecord>, ctx: RecordContext = {}): string[] {
  const p = compileFilter(FilterSpecSchema.parse(spec));
  return Object.entries(records)
    .filter(([, r]) => p(r, ctx))
    .map(([name]) => name);
}

const alice = rec({
  eventName: "DeleteBucket",
  eventSource: "s3.amazonaws.com",
  eventID: "e-1",
  awsRegion: "us-east-1",
  recipientAccountId: ACCT,
  readOnly: false,
  sourceIPAddress: "203.0.113.7",
  errorCode: "AccessDenied",
  userIdentity: { type: "IAMUser", userName: "alice", accessKeyId: "AKIAALICE" },
  resources: [{ ARN: "arn:aws:s3:::logs-bucket", type: "AWS::S3::Bucket" }],
});
const bob = rec({
  eventName: "DescribeInstances",
  eventSource: "ec2.amazonaws.com",
  eventID: "e-2",
  awsRegion: "eu-west-1",
  recipientAccountId: "444455556666",
  readOnly: true,
  sourceIPAddress: "2001:db8::5",
  userIdentity: { type: "IAMUser", userName: "bob", accessKeyId: "AKIABOB" },
  requestParameters: { instancesSet: { items: [{ instanceId: "i-0abc" }] } },
});
const role = rec({
  eventName: "DeleteRole",
  eventSource: "iam.amazonaws.com",
  eventID: "e-3",
  awsRegion: "us-east-1",
  recipientAccountId: ACCT,
  sourceIPAddress: "AWS Internal",
  errorCode: "NoSuchEntity",
  userIdentity: {
    type: "AssumedRole",
    arn: `arn:aws:sts::${ACCT}:assumed-role/Admin/carol`,
    sessionContext: { sessionIssuer: { userName: "Admin" } },
  },
  requestParameters: { roleName: "old-role" },
});
const ALL = { alice, bob, role };

describe("compileFilter", () => {
  it("keeps everything but Insights with an empty spec", () => {
    expect(kept({}, ALL)).toEqual(["alice", "bob", "role"]);
  });

  it.each<[string, FilterSpec, string[]]>([
    ["eventName", { eventName: ["DeleteBucket"] }, ["alice"]],
    ["eventName is case-sensitive", { eventName: ["deletebucket"] }, []],
    ["eventName wildcard", { eventName: ["Delete*"] }, ["alice", "role"]],
    ["eventName inner wildcard", { eventName: ["*Instance*"] }, ["bob"]],
    ["eventSource", { eventSource: ["iam.amazonaws.com"] }, ["role"]],
    ["eventId", { eventId: ["e-2"] }, ["bob"]],
    ["region", { region: ["us-east-1"] }, ["alice", "role"]],
    ["region wildcard", { region: ["eu-*"] }, ["bob"]],
    ["account", { account: ["444455556666"] }, ["bob"]],
    ["accessKey", { accessKey: ["AKIABOB"] }, ["bob"]],
    ["user name", { user: ["alice"] }, ["alice"]],
    ["role name", { user: ["Admin"] }, ["role"]],
    ["role session name", { user: ["carol"] }, ["role"]],
    ["resource type", { resourceType: ["AWS::S3::Bucket"] }, ["alice"]],
    ["resource name from resources[]", { resourceName: ["logs-bucket"] }, ["alice"]],
    ["resource ARN", { resourceName: ["arn:aws:s3:::logs-bucket"] }, ["alice"]],
    ["resource name from requestParameters", { resourceName: ["i-0abc"] }, ["bob"]],
    ["resource name wildcard", { resourceName: ["old-*"] }, ["role"]],
    ["readOnly true", { readOnly: true }, ["bob"]],
    ["readOnly false", { readOnly: false }, ["alice", "role"]],
    ["any error", { error: true }, ["alice", "role"]],
    ["no error", { error: false }, ["bob"]],
    ["error code", { error: ["NoSuchEntity"] }, ["role"]],
    ["error code wildcard", { error: ["Access*"] }, ["alice"]],
  ])("filters by %s", (_label, spec, expected) => {
    expect(kept(spec, ALL)).toEqual(expected);
  });

  it("ORs the values of one flag", () => {
    expect(kept({ eventName: ["DeleteBucket", "DescribeInstances"] }, ALL)).toEqual(["alice", "bob"]);
    expect(kept({ user: ["bob", "carol"] }, ALL)).toEqual(["bob", "role"]);
    expect(kept({ eventName: ["Describe*", "DeleteRole"] }, ALL)).toEqual(["bob", "role"]);
    expect(kept({ error: ["NoSuchEntity", "AccessDenied"] }, ALL)).toEqual(["alice", "role"]);
  });

  it("ANDs different flags", () => {
    expect(kept({ eventName: ["Delete*"], region: ["us-east-1"], error: ["AccessDenied"] }, ALL)).toEqual(["alice"]);
    expect(kept({ eventName: ["Delete*"], user: ["bob"] }, ALL)).toEqual([]);
    expect(kept({ region: ["us-east-1"], readOnly: false, account: [ACCT], user: ["carol", "alice"] }, ALL)).toEqual([
      "alice",
      "role",
    ]);
  });

  it("never matches a field the record lacks", () => {
    const bare = rec({ eventName: "X" });
    const specs: FilterSpec[] = [
      { eventSource: ["*"] },
      { eventId: ["*"] },
      { region: ["*"] },
      { accessKey: ["*"] },
      { user: ["*"] },
      { resourceType: ["*"] },
      { resourceName: ["*"] },
      { sourceIp: ["0.0.0.0/0"] },
      { error: ["*"] },
      { error: true },
      { account: ["*"] },
    ];
    for (const spec of specs) expect(kept(spec, { bare }), JSON.stringify(spec)).toEqual([]);
    expect(kept({ eventName: ["*"] }, { bare })).toEqual(["bare"]);
  });

  it("counts an empty errorCode as no error", () => {
    const empty = rec({ eventName: "X", errorCode: "" });
    const nul = rec({ eventName: "X", errorCode: null });
    expect(kept({ error: false }, { empty, nul })).toEqual(["empty", "nul"]);
    expect(kept({ error: true }, { empty, nul })).toEqual([]);
  });

  it("matches eventId as aggregated events spell it", () => {
    const agg = rec({ eventType: "AwsAggregatedEvent", eventId: "agg-1" });
    expect(kept({ eventId: ["agg-1"] }, { agg })).toEqual(["agg"]);
    expect(kept({ eventId: ["agg-*"], category: ["Aggregated"] }, { agg })).toEqual(["agg"]);
    expect(kept({ eventId: ["agg-2"] }, { agg })).toEqual([]);
  });
});

describe("--source-ip", () => {
  const at = (ip: string) => rec({ eventName: "X", sourceIPAddress: ip });
  const ips = {
    v4: at("203.0.113.7"),
    v4b: at("198.51.100.1"),
    v6: at("2001:db8::5"),
    v6long: at("2001:0DB8:0000:0000:0000:0000:0000:0005"),
    mapped: at("::ffff:203.0.113.7"),
    service: at("ec2.amazonaws.com"),
    internal: at("AWS Internal"),
  };

  it.each<[string, string[], string[]]>([
    ["an IPv4 address (also in its IPv4-mapped IPv6 form)", ["203.0.113.7"], ["v4", "mapped"]],
    ["an IPv4 block", ["203.0.113.0/24"], ["v4", "mapped"]],
    ["an IPv4 block with host bits set", ["203.0.113.99/24"], ["v4", "mapped"]],
    ["a /32", ["198.51.100.1/32"], ["v4b"]],
    ["0.0.0.0/0: every IPv4 address", ["0.0.0.0/0"], ["v4", "v4b", "mapped"]],
    ["an IPv6 address in any spelling", ["2001:db8:0::5"], ["v6", "v6long"]],
    ["an IPv6 block", ["2001:db8::/32"], ["v6", "v6long"]],
    ["::/0: every IPv6 address (not mapped IPv4)", ["::/0"], ["v6", "v6long"]],
    ["an IPv4-mapped address (also as plain IPv4)", ["::ffff:203.0.113.7"], ["v4", "mapped"]],
    ["an IPv4-mapped block", ["::ffff:203.0.113.0/120"], ["v4", "mapped"]],
    ["the whole IPv4-mapped space", ["::ffff:0:0/96"], ["v4", "v4b", "mapped"]],
    ["several values", ["198.51.100.1", "2001:db8::/32"], ["v4b", "v6", "v6long"]],
    ["a non-address value, literally", ["AWS Internal"], ["internal"]],
    ["a service name, literally", ["ec2.amazonaws.com"], ["service"]],
    ["an unrelated address", ["192.0.2.1", "2001:db9::/32"], []],
  ])("matches %s", (_label, values, expected) => {
    expect(kept({ sourceIp: values }, ips)).toEqual(expected);
  });

  it("does not depend on the order of the blocks", () => {
    const one = { m: at("::ffff:192.0.2.1") };
    expect(kept({ sourceIp: ["10.0.0.0/8", "::ffff:0:0/96"] }, one)).toEqual(["m"]);
    expect(kept({ sourceIp: ["::ffff:0:0/96", "10.0.0.0/8"] }, one)).toEqual(["m"]);
  });
});

describe("category and read/write", () => {
  const records = {
    declared: rec({ eventName: "GetObject", eventSource: "s3.amazonaws.com", eventCategory: "Data" }),
    management: rec({ eventName: "CreateBucket", eventSource: "s3.amazonaws.com", eventCategory: "Management" }),
    // No eventCategory: the classifier decides from the data-event API table.
    undeclaredData: rec({ eventName: "PutObject", eventSource: "s3.amazonaws.com" }),
    undeclaredManagement: rec({ eventName: "RunInstances", eventSource: "ec2.amazonaws.com" }),
    vpce: rec({ eventName: "GetObject", eventSource: "s3.amazonaws.com", eventType: "AwsVpceEvent" }),
    insight: rec({ eventType: "AwsCloudTrailInsight", eventCategory: "Insight", insightDetails: { eventName: "RunInstances" } }),
    aggregated: rec({ eventType: "AwsAggregatedEvent", eventCategory: "Aggregated" }),
  };

  it.each<[FilterSpec["category"], string[]]>([
    [["Data"], ["declared", "undeclaredData"]],
    [["Management"], ["management", "undeclaredManagement"]],
    [["NetworkActivity"], ["vpce"]],
    [["Insight"], ["insight"]],
    [["Aggregated"], ["aggregated"]],
    [["Data", "Insight"], ["declared", "undeclaredData", "insight"]],
  ])("category %j", (category, expected) => {
    expect(kept({ category }, records)).toEqual(expected);
  });

  it("leaves Insights out unless the category asks for them", () => {
    expect(kept({}, records)).toEqual(["declared", "management", "undeclaredData", "undeclaredManagement", "vpce", "aggregated"]);
    expect(kept({ eventName: ["*"] }, records)).not.toContain("insight");
  });

  it("uses readOnly when present (boolean or string) and the classifier otherwise", () => {
    const rw = {
      flagRead: rec({ eventName: "DeleteBucket", readOnly: true }),
      flagWrite: rec({ eventName: "GetObject", readOnly: "false" }),
      noFlagRead: rec({ eventName: "ListBuckets", eventSource: "s3.amazonaws.com" }),
      noFlagWrite: rec({ eventName: "PutBucketPolicy", eventSource: "s3.amazonaws.com" }),
      // The exception table: Decrypt is recorded as read-only although it is not named like a read.
      noFlagException: rec({ eventName: "Decrypt", eventSource: "kms.amazonaws.com" }),
      noName: rec({ eventSource: "s3.amazonaws.com" }),
    };
    expect(kept({ readOnly: true }, rw)).toEqual(["flagRead", "noFlagRead", "noFlagException"]);
    expect(kept({ readOnly: false }, rw)).toEqual(["flagWrite", "noFlagWrite"]);
  });
});

describe("time window", () => {
  const at = (t: string) => rec({ eventName: "X", eventTime: t });
  const times = {
    before: at("2026-03-01T09:59:59.999Z"),
    start: at("2026-03-01T10:00:00Z"),
    middle: at("2026-03-01T10:30:00+00:00"),
    end: at("2026-03-01T11:00:00Z"),
    after: at("2026-03-01T11:00:00.001Z"),
    noTime: rec({ eventName: "X", eventTime: undefined }),
    badTime: at("redacted"),
    windowOnly: rec({ eventName: "X", eventTime: undefined, timeWindow: { windowStart: "2026-03-01T10:15:00Z" } }),
  };
  const since = Date.UTC(2026, 2, 1, 10);
  const until = Date.UTC(2026, 2, 1, 11);

  it("includes both edges", () => {
    expect(kept({ since, until }, times)).toEqual(["start", "middle", "end", "windowOnly"]);
  });

  it("applies one edge alone", () => {
    expect(kept({ since }, times)).toEqual(["start", "middle", "end", "after", "windowOnly"]);
    expect(kept({ until }, times)).toEqual(["before", "start", "middle", "end", "windowOnly"]);
  });

  it("keeps records without a time only when no window is given", () => {
    expect(kept({}, times)).toEqual(Object.keys(times));
  });
});

describe("account", () => {
  it("is the receiving account, else the file's, else the caller's", () => {
    const ctx = { accountId: ACCT };
    expect(accountOf(rec({ recipientAccountId: "444455556666", userIdentity: { accountId: "777788889999" } }), ctx)).toBe(
      "444455556666",
    );
    expect(accountOf(rec({ userIdentity: { accountId: "777788889999" } }), ctx)).toBe(ACCT);
    expect(accountOf(rec({ userIdentity: { accountId: "777788889999" } }), {})).toBe("777788889999");
    expect(accountOf(rec({ recipientAccountId: "" }), ctx)).toBe(ACCT);
    expect(accountOf(rec({}), {})).toBeUndefined();
  });

  it("filters records that name no account by the file's account", () => {
    const records = {
      own: rec({ eventName: "X" }),
      crossAccountCaller: rec({ eventName: "X", userIdentity: { accountId: "777788889999" } }),
      other: rec({ eventName: "X", recipientAccountId: "444455556666" }),
    };
    expect(kept({ account: [ACCT] }, records, { accountId: ACCT })).toEqual(["own", "crossAccountCaller"]);
    expect(kept({ account: [ACCT] }, records, {})).toEqual([]);
    expect(kept({ account: ["777788889999"] }, records, {})).toEqual(["crossAccountCaller"]);
  });
});
