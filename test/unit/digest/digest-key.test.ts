// Digest and log file names: parsing (upstream key-date cases, backfill only by the exact suffix,
// trail names with underscores, organization layout), predicted keys, and the date forms.
import { describe, expect, it } from "vitest";
import { digestNameAt, parseDigestName, parseLogName } from "../../../src/digest/digest-key.js";
import { formatDisplayDate, formatKeyStamp, parseDateValue, parseKeyStamp, unparseableDateMessage } from "../../../src/digest/time.js";

const KEY =
  "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2015/08/16/123456789012_CloudTrail-Digest_us-east-1_foo_us-east-1_20150816T230550Z.json.gz";

describe("parseDigestName", () => {
  it("reads account, regions, trail, stamp and time from a standard key", () => {
    expect(parseDigestName(KEY)).toEqual({
      head: "AWSLogs/",
      orgId: undefined,
      accountId: "123456789012",
      sourceRegion: "us-east-1",
      trailName: "foo",
      homeRegion: "us-east-1",
      stamp: "20150816T230550Z",
      time: Date.parse("2015-08-16T23:05:50Z"),
      backfill: false,
      tail: KEY.slice("AWSLogs/".length),
    });
  });

  it("reads the stamp of a backfill key before the _backfill suffix", () => {
    const d = parseDigestName(KEY.replace(".json.gz", "_backfill.json.gz"));
    expect(d?.stamp).toBe("20150816T230550Z");
    expect(d?.backfill).toBe(true);
  });

  it("treats only the exact _backfill.json.gz suffix as backfill", () => {
    expect(parseDigestName(KEY.replace(".json.gz", "_backfill_other.json.gz"))).toBeUndefined();
    expect(parseDigestName(KEY.replace(".json.gz", "_backfill.txt"))).toBeUndefined();
    expect(parseDigestName("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2015/08/16/file_backfill.json.gz")).toBeUndefined();
  });

  it("handles organization trails, prefixes, trail names with underscores and other home regions", () => {
    const key =
      "logs/ct/AWSLogs/o-abcdefghij/987654321098/CloudTrail-Digest/eu-west-1/2026/02/01/" +
      "987654321098_CloudTrail-Digest_eu-west-1_org_trail_v2_us-east-1_20260201T010031Z.json.gz";
    expect(parseDigestName(key)).toMatchObject({
      head: "logs/ct/AWSLogs/",
      orgId: "o-abcdefghij",
      accountId: "987654321098",
      sourceRegion: "eu-west-1",
      trailName: "org_trail_v2",
      homeRegion: "us-east-1",
      tail: key.slice("logs/ct/AWSLogs/".length),
    });
  });

  it("reads a local path copied without AWSLogs/ and rejects mismatched account or region", () => {
    expect(parseDigestName(KEY.slice("AWSLogs/".length))?.head).toBe("");
    expect(parseDigestName(KEY.replace("123456789012_CloudTrail", "999999999999_CloudTrail"))).toBeUndefined();
    expect(parseDigestName(KEY.replace("Digest_us-east-1_foo", "Digest_us-west-2_foo"))).toBeUndefined();
    expect(parseDigestName(`${KEY}.metadata.json`)).toBeUndefined();
  });

  it("predicts the key of the same chain at another end time", () => {
    const d = parseDigestName(KEY);
    if (!d) throw new Error("unparsed");
    expect(digestNameAt(d, Date.parse("2015-08-17T00:05:50Z"))).toBe(
      "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2015/08/17/123456789012_CloudTrail-Digest_us-east-1_foo_us-east-1_20150817T000550Z.json.gz",
    );
  });
});

describe("parseLogName", () => {
  it("reads account, region and delivery minute of a log file", () => {
    const key = "AWSLogs/o-abcdefghij/111122223333/CloudTrail/us-east-1/2015/08/01/111122223333_CloudTrail_us-east-1_20150801T0210Z_Ab12Cd34Ef56Gh78.json.gz";
    expect(parseLogName(key)).toEqual({
      head: "AWSLogs/",
      orgId: "o-abcdefghij",
      accountId: "111122223333",
      region: "us-east-1",
      time: Date.parse("2015-08-01T02:10:00Z"),
      tail: key.slice("AWSLogs/".length),
    });
    expect(parseLogName(key.replace("/CloudTrail/", "/CloudTrail-Insight/"))).toBeUndefined();
  });
});

describe("times", () => {
  it("formats display dates and key stamps as the AWS CLI does", () => {
    const t = Date.parse("2015-08-21T00:00:00.750Z");
    expect(formatDisplayDate(t)).toBe("2015-08-21T00:00:00Z");
    expect(formatKeyStamp(t)).toBe("20150821T000000Z");
    expect(parseKeyStamp("20150821T000000Z")).toBe(Date.parse("2015-08-21T00:00:00Z"));
    expect(parseKeyStamp("20150801T0210Z")).toBe(Date.parse("2015-08-01T02:10:00Z"));
  });

  it("parses ISO times, replacing an offset by UTC instead of converting", () => {
    expect(parseDateValue("2015-08-17T14:01:31Z")).toBe(Date.parse("2015-08-17T14:01:31Z"));
    expect(parseDateValue("2024-03-01T12:00:00+02:00")).toBe(Date.parse("2024-03-01T12:00:00Z"));
    expect(parseDateValue("2015-01-01")).toBe(Date.parse("2015-01-01T00:00:00Z"));
    expect(parseDateValue("20140810T000000Z")).toBe(Date.parse("2014-08-10T00:00:00Z"));
    expect(parseDateValue("foo")).toBeUndefined();
    expect(parseDateValue("2015-02-30T00:00:00Z")).toBeUndefined();
    expect(unparseableDateMessage("foo")).toBe("Unable to parse date value: foo");
  });
});
