import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RecordSchema, type CloudTrailRecord } from "../../../src/model/event.js";
import { classify } from "../../../src/model/classify.js";
import {
  BY_DIMENSIONS,
  type ByDimension,
  addToSummary,
  countFile,
  finishSummary,
  mergeSummaries,
  newSummary,
  type SummaryOptions,
} from "../../../src/query/summary.js";

const rec = (fields: Record<string, unknown>): CloudTrailRecord => RecordSchema.parse(fields);

const alice = { type: "IAMUser", userName: "alice", accountId: "111111111111" };
const deployer = {
  type: "AssumedRole",
  arn: "arn:aws:sts::222222222222:assumed-role/Deployer/ci-42",
  accountId: "222222222222",
  sessionContext: { sessionIssuer: { type: "Role", userName: "Deployer" } },
};

const RECORDS: CloudTrailRecord[] = [
  rec({
    eventTime: "2024-05-01T10:15:00Z",
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    recipientAccountId: "111111111111",
    readOnly: true,
    eventCategory: "Management",
    eventType: "AwsApiCall",
    userIdentity: alice,
  }),
  rec({
    eventTime: "2024-05-01T10:45:00Z",
    eventSource: "ec2.amazonaws.com",
    eventName: "RunInstances",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    recipientAccountId: "111111111111",
    readOnly: false,
    errorCode: "Client.UnauthorizedOperation",
    eventCategory: "Management",
    eventType: "AwsApiCall",
    userIdentity: alice,
  }),
  rec({
    eventTime: "2024-05-01T12:05:00Z",
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    awsRegion: "us-east-1",
    sourceIPAddress: "203.0.113.9",
    userAgent: "Boto3/1.34",
    recipientAccountId: "222222222222",
    readOnly: false,
    eventCategory: "Management",
    eventType: "AwsApiCall",
    userIdentity: deployer,
  }),
  rec({
    eventTime: "2024-05-01T12:10:00Z",
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    awsRegion: "eu-west-1",
    sourceIPAddress: "203.0.113.9",
    userAgent: "Boto3/1.34",
    recipientAccountId: "222222222222",
    readOnly: true,
    errorCode: "AccessDenied",
    eventCategory: "Data",
    eventType: "AwsApiCall",
    userIdentity: deployer,
  }),
  rec({
    eventTime: "2024-05-01T12:20:00Z",
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    awsRegion: "eu-west-1",
    sourceIPAddress: "203.0.113.9",
    userAgent: "Boto3/1.34",
    recipientAccountId: "222222222222",
    readOnly: true,
    eventCategory: "Data",
    eventType: "AwsApiCall",
    userIdentity: deployer,
  }),
  rec({
    eventTime: "2024-05-01T13:00:00Z",
    eventSource: "kms.amazonaws.com",
    eventName: "Decrypt",
    awsRegion: "eu-west-1",
    sourceIPAddress: "kms.amazonaws.com",
    userAgent: "kms.amazonaws.com",
    recipientAccountId: "222222222222",
    eventType: "AwsServiceEvent",
    userIdentity: { type: "AWSService", invokedBy: "kms.amazonaws.com" },
  }),
  // A record without a usable time: counted everywhere except in time-based figures.
  rec({
    eventTime: "redacted",
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    awsRegion: "us-east-1",
    sourceIPAddress: "192.0.2.1",
    userAgent: "Mozilla/5.0",
    recipientAccountId: "111111111111",
    eventType: "AwsConsoleSignIn",
    errorCode: "AccessDenied",
    userIdentity: { type: "Root", accountId: "111111111111" },
  }),
];

function summaryOf(records: readonly CloudTrailRecord[], options: SummaryOptions = {}, files = 1) {
  const s = newSummary(options);
  for (let i = 0; i < files; i++) countFile(s);
  for (const r of records) addToSummary(s, r, classify(r));
  return s;
}

describe("summary", () => {
  it("gives totals, categories and read/write counts", () => {
    const result = finishSummary(summaryOf(RECORDS, {}, 3));
    expect(result.totals).toEqual({
      events: 7,
      files: 3,
      errors: 3,
      accounts: 2,
      regions: 2,
      principals: 4,
      eventSources: 5,
      firstEventTime: "2024-05-01T10:15:00Z",
      lastEventTime: "2024-05-01T13:00:00Z",
      untimed: 1,
      duplicateEventIds: 0,
    });
    expect(result.categories).toEqual({ Management: 5, Data: 2, NetworkActivity: 0, Insight: 0, Aggregated: 0 });
    // Decrypt is a read by the exception table even as a service event; ConsoleLogin is a
    // sign-in write.
    expect(result.readWrite).toEqual({ read: 4, write: 3, unknown: 0 });
    expect(result.approximate).toBe(false);
  });

  it("ranks every top table by count, then value", () => {
    const { top } = finishSummary(summaryOf(RECORDS), { top: 2 });
    expect(top.principals).toEqual([
      { principalType: "AssumedRole", principal: "Deployer/ci-42", count: 3, share: 3 / 7 },
      { principalType: "IAMUser", principal: "alice", count: 2, share: 2 / 7 },
    ]);
    expect(top.eventNames).toEqual([
      { eventSource: "s3.amazonaws.com", eventName: "GetObject", count: 2, share: 2 / 7 },
      { eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", count: 1, share: 1 / 7 },
    ]);
    expect(top.eventSources).toEqual([
      { value: "ec2.amazonaws.com", count: 2, share: 2 / 7 },
      { value: "s3.amazonaws.com", count: 2, share: 2 / 7 },
    ]);
    expect(top.sourceIPs).toEqual([
      { value: "203.0.113.9", count: 3, share: 3 / 7 },
      { value: "198.51.100.7", count: 2, share: 2 / 7 },
    ]);
    expect(top.userAgents).toEqual([
      { value: "Boto3/1.34", count: 3, share: 3 / 7 },
      { value: "aws-cli/2.15.0", count: 2, share: 2 / 7 },
    ]);
    expect(top.regions).toEqual([
      { value: "us-east-1", count: 4, share: 4 / 7 },
      { value: "eu-west-1", count: 3, share: 3 / 7 },
    ]);
    expect(top.accounts).toEqual([
      { value: "222222222222", count: 4, share: 4 / 7 },
      { value: "111111111111", count: 3, share: 3 / 7 },
    ]);
    // Shares of the error table are of the events that had an error.
    expect(top.errorCodes).toEqual([
      { value: "AccessDenied", count: 2, share: 2 / 3 },
      { value: "Client.UnauthorizedOperation", count: 1, share: 1 / 3 },
    ]);
    expect(top.principalTypes).toEqual([
      { value: "AssumedRole", count: 3, share: 3 / 7 },
      { value: "IAMUser", count: 2, share: 2 / 7 },
    ]);
    expect(top.eventTypes).toEqual([
      { value: "AwsApiCall", count: 5, share: 5 / 7 },
      { value: "AwsConsoleSignIn", count: 1, share: 1 / 7 },
    ]);
  });

  it("draws an hourly histogram of the timed events", () => {
    const { histogram } = finishSummary(summaryOf(RECORDS));
    expect(histogram).toEqual({
      interval: "hour",
      sparse: false,
      untimed: 1,
      buckets: [
        { start: "2024-05-01T10:00:00Z", count: 2 },
        { start: "2024-05-01T11:00:00Z", count: 0 },
        { start: "2024-05-01T12:00:00Z", count: 3 },
        { start: "2024-05-01T13:00:00Z", count: 1 },
      ],
    });
  });

  it("splits by user with each section's own first/last seen, services, IPs and errors", () => {
    const { sections } = finishSummary(summaryOf(RECORDS, { by: "user" }));
    expect(sections?.by).toBe("user");
    expect(sections?.unassigned).toBe(0);
    expect(sections?.omittedSections).toBe(0);
    expect(sections?.items.map((s) => [s.value, s.events, s.errors])).toEqual([
      ["Deployer/ci-42", 3, 1],
      ["alice", 2, 1],
      ["kms.amazonaws.com", 1, 0],
      ["root", 1, 1],
    ]);
    const deployerSection = sections!.items[0]!;
    expect(deployerSection).toEqual({
      value: "Deployer/ci-42",
      events: 3,
      errors: 1,
      firstEventTime: "2024-05-01T12:05:00Z",
      lastEventTime: "2024-05-01T12:20:00Z",
      eventSources: [
        { value: "s3.amazonaws.com", count: 2, share: 2 / 3 },
        { value: "iam.amazonaws.com", count: 1, share: 1 / 3 },
      ],
      eventNames: [
        { eventSource: "s3.amazonaws.com", eventName: "GetObject", count: 2, share: 2 / 3 },
        { eventSource: "iam.amazonaws.com", eventName: "CreateUser", count: 1, share: 1 / 3 },
      ],
      sourceIPs: [{ value: "203.0.113.9", count: 3, share: 1 }],
      errorCodes: [{ value: "AccessDenied", count: 1, share: 1 }],
      principals: [{ principalType: "AssumedRole", principal: "Deployer/ci-42", count: 3, share: 1 }],
    });
    // The root sign-in has no valid time.
    expect(sections!.items[3]!.firstEventTime).toBeUndefined();
  });

  it("splits by role, counting events without a role as unassigned", () => {
    const { sections } = finishSummary(summaryOf(RECORDS, { by: "role" }));
    expect(sections?.items.map((s) => [s.value, s.events])).toEqual([["Deployer", 3]]);
    expect(sections?.unassigned).toBe(4);
  });

  it("splits by ip, source, region, account and error", () => {
    const values = (by: ByDimension) =>
      finishSummary(summaryOf(RECORDS, { by })).sections!.items.map((s) => [s.value, s.events]);
    expect(values("ip")).toEqual([
      ["203.0.113.9", 3],
      ["198.51.100.7", 2],
      ["192.0.2.1", 1],
      ["kms.amazonaws.com", 1],
    ]);
    expect(values("source")).toEqual([
      ["ec2.amazonaws.com", 2],
      ["s3.amazonaws.com", 2],
      ["iam.amazonaws.com", 1],
      ["kms.amazonaws.com", 1],
      ["signin.amazonaws.com", 1],
    ]);
    expect(values("region")).toEqual([
      ["us-east-1", 4],
      ["eu-west-1", 3],
    ]);
    expect(values("account")).toEqual([
      ["222222222222", 4],
      ["111111111111", 3],
    ]);
    expect(values("error")).toEqual([
      ["AccessDenied", 2],
      ["Client.UnauthorizedOperation", 1],
    ]);
  });

  it("limits the sections listed and says how many were left out", () => {
    const { sections } = finishSummary(summaryOf(RECORDS, { by: "user" }), { maxSections: 2 });
    expect(sections?.items.map((s) => s.value)).toEqual(["Deployer/ci-42", "alice"]);
    expect(sections?.omittedSections).toBe(2);
    expect(sections?.omittedEvents).toBe(2);
  });

  it("folds away the least active sections past twice the section limit", () => {
    // Limit 1: the third distinct user (kms.amazonaws.com) triggers a prune that keeps only the
    // busiest section so far (Deployer); alice (2) and kms (1) are folded away. root comes later.
    const s = summaryOf(RECORDS, { by: "user", sectionLimit: 1 });
    const { sections, approximate } = finishSummary(s);
    expect(sections?.items.map((x) => [x.value, x.events])).toEqual([
      ["Deployer/ci-42", 3],
      ["root", 1],
    ]);
    expect(sections?.omittedEvents).toBe(3);
    expect(approximate).toBe(true);
  });

  it("merges per-file partials associatively, as if all records were read at once", () => {
    const chunk = fc.array(fc.constantFrom(...RECORDS), { maxLength: 10 });
    const by = fc.constantFrom<ByDimension | undefined>(undefined, ...BY_DIMENSIONS);
    fc.assert(
      fc.property(by, chunk, chunk, chunk, (dimension, x, y, z) => {
        const options = { by: dimension };
        const [a, b, c] = [x, y, z].map((records) => summaryOf(records, options));
        const left = mergeSummaries(mergeSummaries(structuredClone(a!), b!), c!);
        const right = mergeSummaries(structuredClone(a!), mergeSummaries(structuredClone(b!), c!));
        const all = finishSummary(summaryOf([...x, ...y, ...z], options, 3), { top: 20 });
        expect(finishSummary(left, { top: 20 })).toEqual(all);
        expect(finishSummary(right, { top: 20 })).toEqual(all);
      }),
    );
  });
});
