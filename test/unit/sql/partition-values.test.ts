// Partition values: the path's account first, region and day shapes checked, so a hostile
// record cannot name a folder.
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { HIVE_NULL_PARTITION, partitionFolder, partitionOf } from "../../../src/sql/partition-values.js";

const rec = (r: Record<string, unknown>) => r as CloudTrailRecord;

describe("partitionOf", () => {
  it("takes the account of the S3 path, else the record's accounts", () => {
    const r = rec({ eventTime: "2026-03-01T23:59:59Z", awsRegion: "eu-west-1", recipientAccountId: "222233334444", userIdentity: { accountId: "555566667777" } });
    expect(partitionOf(r, "111122223333")).toEqual({ account: "111122223333", region: "eu-west-1", date: "2026-03-01" });
    expect(partitionOf(r, undefined).account).toBe("222233334444");
    expect(partitionOf(rec({ accountId: "999988887777" }), undefined).account).toBe("999988887777");
    expect(partitionOf(rec({ userIdentity: { accountId: "555566667777" } }), undefined).account).toBe("555566667777");
  });

  it("takes the region of the S3 path, else awsRegion, each only when it has a region's shape", () => {
    const r = rec({ eventTime: "2026-03-01T10:00:00Z", awsRegion: "eu-west-1" });
    expect(partitionOf(r, undefined, "us-west-2").region).toBe("us-west-2");
    expect(partitionOf(r, undefined).region).toBe("eu-west-1");
    expect(partitionOf(r, undefined, "../x").region).toBe("eu-west-1");
    expect(partitionOf(rec({ awsRegion: "../x" }), undefined, "not a region").region).toBeNull();
  });

  it("the date is the UTC day of eventTime, or of an aggregation window", () => {
    expect(partitionOf(rec({ eventTime: "2026-03-02T00:30:00+01:00" }), undefined).date).toBe("2026-03-01");
    expect(partitionOf(rec({ timeWindow: { windowStart: "2026-03-03T07:20:00Z" } }), undefined).date).toBe("2026-03-03");
    expect(partitionOf(rec({ eventTime: "redacted" }), undefined).date).toBeNull();
  });

  it("values that are not an account or a region become NULL", () => {
    for (const region of ["../../etc", "us-east-1/x", "a=b", "", "US-EAST-1"]) expect(partitionOf(rec({ awsRegion: region }), undefined).region).toBeNull();
    for (const region of ["us-east-1", "us-gov-west-1", "cn-northwest-1", "ap-southeast-7", "il-central-1", "eu-central-2"])
      expect(partitionOf(rec({ awsRegion: region }), undefined).region).toBe(region);
    expect(partitionOf(rec({ recipientAccountId: "../1" }), "12345").account).toBeNull();
  });

  it("partitionFolder writes Hive's name for NULL", () => {
    expect(partitionFolder("region", null)).toBe(`region=${HIVE_NULL_PARTITION}`);
    expect(partitionFolder("date", "2026-03-01")).toBe("date=2026-03-01");
  });
});
