// The reader-side lines: events lines with the keys and ct columns asked for, count-only, raw
// groups by partition, and the load plan that decides what to ask for.
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { planLoad } from "../../../src/sql/events-table.js";
import { type PartitionLines, type RowLines, eventsLine, rowProcessor } from "../../../src/sql/row-processor.js";

const r = {
  eventTime: "2026-03-01T23:59:00Z",
  eventName: "GetObject",
  eventSource: "s3.amazonaws.com",
  awsRegion: "us-east-1",
  recipientAccountId: "222233334444",
  userIdentity: { type: "IAMUser", userName: "alice" },
  requestParameters: { bucketName: "b" },
} as unknown as CloudTrailRecord;

describe("row processor", () => {
  it("an events line carries the ct columns asked for and the record or its chosen keys", () => {
    expect(JSON.parse(eventsLine(r, "111122223333", null))).toEqual({
      category: "Data", account: "111122223333", region: "us-east-1", date: "2026-03-01", record: r,
    });
    expect(JSON.parse(eventsLine(r, undefined, ["userIdentity", "missing"], ["date"]))).toEqual({
      date: "2026-03-01", record: { userIdentity: { type: "IAMUser", userName: "alice" } },
    });
  });

  it("the region column is the file's path region when there is one, else awsRegion", () => {
    expect(JSON.parse(eventsLine(r, undefined, null, ["region"], "eu-west-2")).region).toBe("eu-west-2");
    expect(JSON.parse(eventsLine(r, undefined, null, ["region"])).region).toBe("us-east-1");
    const raw = rowProcessor({ shape: "raw" }, { accountId: "111122223333", region: "ap-south-1" });
    raw.add(r, 0);
    expect((raw.finish() as PartitionLines[]).map((g) => g.partition)).toEqual([["111122223333", "ap-south-1", "2026-03-01"]]);
  });

  it("raw groups records by partition", () => {
    const raw = rowProcessor({ shape: "raw" }, { accountId: "111122223333" });
    raw.add(r, 0);
    raw.add({ ...r, eventTime: "2026-03-02T00:00:01Z" } as CloudTrailRecord, 1);
    raw.add(r, 2);
    const groups = raw.finish() as PartitionLines[];
    expect(groups.map((g) => [g.partition, g.rows])).toEqual([
      [["111122223333", "us-east-1", "2026-03-01"], 2],
      [["111122223333", "us-east-1", "2026-03-02"], 1],
    ]);
    expect(groups[0]!.text).toBe(`${JSON.stringify(r)}\n${JSON.stringify(r)}\n`);
  });

  it("planLoad asks only for what a query uses", () => {
    expect(planLoad(new Set(["useridentity"]))).toMatchObject({ keys: ["userIdentity"], ct: [], withRecord: false, countOnly: false });
    expect(planLoad(new Set(["eventid", "date"]))).toMatchObject({ keys: ["eventID", "eventId"], ct: ["date"], countOnly: false });
    expect(planLoad(new Set())).toMatchObject({ countOnly: true });
    expect(planLoad(new Set(["record", "eventname"]))).toMatchObject({ keys: null, withRecord: true });
    expect(planLoad("all")).toMatchObject({ keys: null, withRecord: true, ct: ["category", "account", "region", "date"] });
  });
});

describe("row processor output", () => {
  it("encodes many lines, multi-byte characters included, as UTF-8 NDJSON", () => {
    const p = rowProcessor({ shape: "events", keys: ["eventName"], ct: [] }, {});
    const names: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const eventName = `${"é😀".repeat(i % 7)}Call${i}`;
      names.push(eventName);
      p.add({ eventName } as unknown as CloudTrailRecord, i);
    }
    const out = p.finish() as RowLines;
    expect(out.rows).toBe(3000);
    const lines = Buffer.from(out.text).toString("utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => JSON.parse(l).record.eventName)).toEqual(names);
  });
});
