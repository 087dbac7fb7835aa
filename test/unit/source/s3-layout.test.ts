// Tests for the S3 layout parser: every documented key shape (standard, organization, prefixed,
// Control Tower, digests, backfill digests, Insights, other services) and directory scopes at
// every depth. Pure string work, so every expected value is written out.
import { describe, expect, it } from "vitest";
import { dirScope, fileNameTime, parseS3Location } from "../../../src/source/s3-layout.js";

const ACCT = "111122223333";
const ORG = "o-exampleorg1";
const LOG = `${ACCT}_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz`;
const DIGEST = `${ACCT}_CloudTrail-Digest_us-east-2_my-trail_us-east-1_20150801T015959Z.json.gz`;

describe("parseS3Location", () => {
  it("parses a standard log key", () => {
    expect(parseS3Location(`AWSLogs/${ACCT}/CloudTrail/us-east-2/2015/08/01/${LOG}`)).toEqual({
      prefix: "",
      orgId: undefined,
      accountId: ACCT,
      service: "CloudTrail",
      kind: "CloudTrail",
      region: "us-east-2",
      day: "2015-08-01",
      fileTime: Date.UTC(2015, 7, 1, 2, 10),
      keyFromAWSLogs: `AWSLogs/${ACCT}/CloudTrail/us-east-2/2015/08/01/${LOG}`,
    });
  });

  it("parses an organization trail key", () => {
    const loc = parseS3Location(`/data/AWSLogs/${ORG}/${ACCT}/CloudTrail/eu-west-1/2024/02/29/${LOG}`);
    expect(loc).toMatchObject({ orgId: ORG, accountId: ACCT, kind: "CloudTrail", region: "eu-west-1", day: "2024-02-29" });
    expect(loc?.keyFromAWSLogs).toBe(`AWSLogs/${ORG}/${ACCT}/CloudTrail/eu-west-1/2024/02/29/${LOG}`);
  });

  it("ignores a multi-segment prefix before AWSLogs", () => {
    const loc = parseS3Location(`exports/team-a/trail1/AWSLogs/${ACCT}/CloudTrail/us-east-2/2015/08/01/${LOG}`);
    expect(loc).toMatchObject({ prefix: "", accountId: ACCT, region: "us-east-2", fileTime: Date.UTC(2015, 7, 1, 2, 10) });
    expect(loc?.keyFromAWSLogs).toBe(`AWSLogs/${ACCT}/CloudTrail/us-east-2/2015/08/01/${LOG}`);
  });

  it("reads the innermost AWSLogs of a Control Tower bucket (o-id/AWSLogs/o-id/...)", () => {
    const key = `${ORG}/AWSLogs/${ORG}/${ACCT}/CloudTrail/us-east-1/2026/03/01/${LOG}`;
    expect(parseS3Location(key)).toMatchObject({ orgId: ORG, accountId: ACCT, region: "us-east-1", day: "2026-03-01" });
    // The same bucket copied below a folder itself named AWSLogs.
    const nested = `backup/AWSLogs/${ORG}/AWSLogs/${ORG}/${ACCT}/CloudTrail/us-east-1/2026/03/01/${LOG}`;
    expect(parseS3Location(nested)).toMatchObject({ orgId: ORG, accountId: ACCT, region: "us-east-1" });
    expect(parseS3Location(nested)?.keyFromAWSLogs).toBe(`AWSLogs/${ORG}/${ACCT}/CloudTrail/us-east-1/2026/03/01/${LOG}`);
  });

  it("parses a digest key: the name's time is the digest end time, to the second", () => {
    const loc = parseS3Location(`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-2/2015/08/01/${DIGEST}`);
    expect(loc).toMatchObject({ kind: "CloudTrail-Digest", service: "CloudTrail-Digest", region: "us-east-2" });
    expect(loc?.fileTime).toBe(Date.UTC(2015, 7, 1, 1, 59, 59));
  });

  it("parses a backfill digest key", () => {
    const name = `${ACCT}_CloudTrail-Digest_us-east-1_my-trail_us-east-1_20240301T211728Z_backfill.json.gz`;
    const loc = parseS3Location(`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2024/03/01/${name}`);
    expect(loc).toMatchObject({ kind: "CloudTrail-Digest", day: "2024-03-01" });
    expect(loc?.fileTime).toBe(Date.UTC(2024, 2, 1, 21, 17, 28));
  });

  it("parses an Insights key", () => {
    const name = `${ACCT}_CloudTrail-Insight_us-east-1_20191217T1958Z_aBcDeFgHiJkLmNoP.json.gz`;
    const loc = parseS3Location(`AWSLogs/${ACCT}/CloudTrail-Insight/us-east-1/2019/12/17/${name}`);
    expect(loc).toMatchObject({ kind: "CloudTrail-Insight", region: "us-east-1", day: "2019-12-17" });
    expect(loc?.fileTime).toBe(Date.UTC(2019, 11, 17, 19, 58));
  });

  it("keeps the account of another service's folder but no CloudTrail facts", () => {
    const name = `${ACCT}_Config_us-east-1_ConfigSnapshot_20260301T100504Z_abc.json.gz`;
    expect(parseS3Location(`AWSLogs/${ACCT}/Config/us-east-1/2026/3/1/ConfigSnapshot/${name}`)).toEqual({
      prefix: "",
      orgId: undefined,
      accountId: ACCT,
      service: "Config",
      kind: undefined,
      region: undefined,
      day: undefined,
      fileTime: undefined,
      keyFromAWSLogs: `AWSLogs/${ACCT}/Config/us-east-1/2026/3/1/ConfigSnapshot/${name}`,
    });
    expect(parseS3Location(`AWSLogs/${ACCT}/vpcflowlogs/us-east-1/2026/03/01/x.log.gz`)).toMatchObject({
      service: "vpcflowlogs",
      kind: undefined,
    });
  });

  it("returns undefined without an AWSLogs/<12-digit account> part", () => {
    expect(parseS3Location(`logs/${ACCT}/CloudTrail/us-east-1/2026/03/01/${LOG}`)).toBeUndefined();
    expect(parseS3Location(LOG)).toBeUndefined();
    expect(parseS3Location("AWSLogs")).toBeUndefined();
    expect(parseS3Location("AWSLogs/12345/CloudTrail/us-east-1/x.json")).toBeUndefined();
    expect(parseS3Location("AWSLogs/o-short/111122223333/CloudTrail/x.json")).toBeUndefined();
    expect(parseS3Location("awslogs/111122223333/CloudTrail/us-east-1/x.json")).toBeUndefined();
  });

  it("accepts Windows separators and repeated separators", () => {
    const loc = parseS3Location(`C:\\logs\\AWSLogs\\${ACCT}\\CloudTrail\\us-west-2\\2026\\03\\01\\${LOG}`);
    expect(loc).toMatchObject({ accountId: ACCT, region: "us-west-2", day: "2026-03-01" });
    expect(loc?.keyFromAWSLogs).toBe(`AWSLogs/${ACCT}/CloudTrail/us-west-2/2026/03/01/${LOG}`);
    expect(parseS3Location(`AWSLogs//${ACCT}///CloudTrail/us-west-2/2026/03/01/${LOG}`)?.region).toBe("us-west-2");
  });

  it("has no region when a file sits directly in the CloudTrail folder", () => {
    // Otherwise the file name would be taken for a region and --region would rule the file out.
    const loc = parseS3Location(`AWSLogs/${ACCT}/CloudTrail/${LOG}`);
    expect(loc).toMatchObject({ kind: "CloudTrail", region: undefined, day: undefined });
    expect(loc?.fileTime).toBe(Date.UTC(2015, 7, 1, 2, 10));
  });

  it("has no day when the date folders are missing or not dates", () => {
    expect(parseS3Location(`AWSLogs/${ACCT}/CloudTrail/us-east-1/${LOG}`)).toMatchObject({ region: "us-east-1", day: undefined });
    expect(parseS3Location(`AWSLogs/${ACCT}/CloudTrail/us-east-1/2026/3/1/${LOG}`)?.day).toBeUndefined();
  });
});

describe("fileNameTime", () => {
  it.each([
    ["log name, minutes", LOG, Date.UTC(2015, 7, 1, 2, 10)],
    ["digest name, seconds", DIGEST, Date.UTC(2015, 7, 1, 1, 59, 59)],
    ["time at the end of the name", "x_20260301T0000Z", Date.UTC(2026, 2, 1)],
    ["time before the extension", "x_20260301T235959Z.json", Date.UTC(2026, 2, 1, 23, 59, 59)],
    ["no time", "notes.json", undefined],
    ["no underscore before the time", "x20260301T1005Z_y.json", undefined],
    ["time glued to more text", "x_20260301T1005Zabc.json", undefined],
    ["month 13", "x_20261301T1005Z_y.json", undefined],
    ["30 February", "x_20260230T1005Z_y.json", undefined],
    ["hour 24", "x_20260301T2405Z_y.json", undefined],
    ["minute 60", "x_20260301T1060Z_y.json", undefined],
    ["second 60", "x_20260301T105960Z_y.json", undefined],
  ])("%s", (_label, name, expected) => {
    expect(fileNameTime(name)).toBe(expected);
  });
});

describe("dirScope", () => {
  const base = `/srv/export/AWSLogs/${ACCT}/CloudTrail/us-east-1`;

  it("knows nothing above AWSLogs", () => {
    expect(dirScope("/srv/export")).toBeUndefined();
    expect(dirScope(ORG)).toBeUndefined();
  });

  it("limits nothing at AWSLogs and at the organization folder", () => {
    expect(dirScope("/srv/export/AWSLogs")).toEqual({});
    expect(dirScope(`/srv/export/AWSLogs/${ORG}`)).toEqual({});
  });

  it("is unknown for a folder under AWSLogs that is not an account", () => {
    expect(dirScope("/srv/export/AWSLogs/backups")).toBeUndefined();
  });

  it("limits the account", () => {
    expect(dirScope(`/srv/export/AWSLogs/${ACCT}`)).toEqual({ accountId: ACCT });
    expect(dirScope(`/srv/export/AWSLogs/${ORG}/${ACCT}`)).toEqual({ accountId: ACCT });
  });

  it("limits the service folder", () => {
    expect(dirScope(`/srv/export/AWSLogs/${ACCT}/CloudTrail`)).toEqual({ accountId: ACCT, service: "CloudTrail", kind: "CloudTrail" });
    expect(dirScope(`/srv/export/AWSLogs/${ACCT}/CloudTrail-Digest`)).toEqual({
      accountId: ACCT,
      service: "CloudTrail-Digest",
      kind: "CloudTrail-Digest",
    });
    expect(dirScope(`/srv/export/AWSLogs/${ACCT}/Config`)).toEqual({ accountId: ACCT, service: "Config" });
  });

  it("limits the region", () => {
    expect(dirScope(base)).toEqual({ accountId: ACCT, service: "CloudTrail", kind: "CloudTrail", region: "us-east-1" });
  });

  it("limits a year, a month and a day (end exclusive)", () => {
    const scope = { accountId: ACCT, service: "CloudTrail", kind: "CloudTrail", region: "us-east-1" };
    expect(dirScope(`${base}/2026`)).toEqual({ ...scope, dayStart: Date.UTC(2026, 0, 1), dayEnd: Date.UTC(2027, 0, 1) });
    expect(dirScope(`${base}/2026/12`)).toEqual({ ...scope, dayStart: Date.UTC(2026, 11, 1), dayEnd: Date.UTC(2027, 0, 1) });
    expect(dirScope(`${base}/2024/02/29`)).toEqual({ ...scope, dayStart: Date.UTC(2024, 1, 29), dayEnd: Date.UTC(2024, 2, 1) });
    expect(dirScope(`${base}/2026/12/31`)).toEqual({ ...scope, dayStart: Date.UTC(2026, 11, 31), dayEnd: Date.UTC(2027, 0, 1) });
    // Deeper folders keep the day's scope.
    expect(dirScope(`${base}/2026/03/01/extra`)).toEqual({ ...scope, dayStart: Date.UTC(2026, 2, 1), dayEnd: Date.UTC(2026, 2, 2) });
  });

  it("accepts Windows separators", () => {
    expect(dirScope(`C:\\x\\AWSLogs\\${ACCT}\\CloudTrail\\us-east-1\\2026\\03`)).toMatchObject({
      region: "us-east-1",
      dayStart: Date.UTC(2026, 2, 1),
      dayEnd: Date.UTC(2026, 3, 1),
    });
  });

  it("gives no day range for folders that are not dates", () => {
    const scope = { accountId: ACCT, service: "CloudTrail", kind: "CloudTrail", region: "us-east-1" };
    expect(dirScope(`${base}/latest`)).toEqual(scope);
    expect(dirScope(`${base}/2026/03/notes`)).toEqual(scope);
    // Date.UTC would read "12" as the year 1912 and month 13 as next January: neither is a date folder.
    expect(dirScope(`${base}/12`)).toEqual(scope);
    expect(dirScope(`${base}/2026/13`)).toEqual(scope);
    expect(dirScope(`${base}/2026/02/30`)).toEqual(scope);
    expect(dirScope(`${base}/2026/00`)).toEqual(scope);
  });
});
