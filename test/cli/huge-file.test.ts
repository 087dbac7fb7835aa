// A file too large to parse as one JSON document is read record by record on the reading side
// (read/stream-file.ts). The real case (a 1 GiB file) is in the scale benchmark; here a small
// gzip whose last trailer announces 600 MiB takes the same path, and fails only that length check.
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parseNdjson } from "../helpers/fixture-records.js";
import { runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";

const rec = (i: number) => ({ eventVersion: "1.08", eventTime: `2026-03-01T10:00:${String(i % 60).padStart(2, "0")}Z`, eventSource: "s3.amazonaws.com", eventName: "GetObject", eventID: `big-${i}`, awsRegion: "us-east-1", userIdentity: { type: "IAMUser", userName: "alice" } });
const bigRecords = Array.from({ length: 12_000 }, (_, i) => rec(i));
// The records, then an empty second gzip member whose trailer (the file's last four bytes, where
// ct reads the announced size) claims 600 MiB: too large for one document, so the file is streamed.
const tail = zlib.gzipSync(Buffer.alloc(0));
tail.writeUInt32LE(600 * 1024 * 1024, tail.length - 4);
const gz = Buffer.concat([zlib.gzipSync(JSON.stringify({ Records: bigRecords })), tail]);

const tree = makeTempTree(
  {
    "logs/a-big.json.gz": gz,
    "logs/b-small.json": JSON.stringify({ Records: [{ ...rec(0), eventID: "small-1" }] }),
  },
  "ct-huge-",
);
afterAll(() => tree.remove());
const logs = tree.at("logs");
const bigPath = tree.at("logs/a-big.json.gz");

describe("a file larger than one JSON document", () => {
  it.each([["-j", "1"], ["-j", "2"]])("lookup %s %s prints its records in order, then the next file's, and reports the damage", async (...threads) => {
    const r = await runCt(["lookup", ...threads, "-o", "ndjson", "--sort", "none", logs]);
    const ids = parseNdjson(r.stdout).map((x) => x["eventID"]);
    // Node's gunzip drops the output of the inflate step that finds the bad trailer: at most one
    // step (64 KiB of text, under 450 of these records) before the damage is missing, and said so.
    const read = ids.length - 1;
    expect(ids).toEqual([...bigRecords.slice(0, read).map((x) => x.eventID), "small-1"]);
    expect(read).toBeGreaterThan(bigRecords.length - 450);
    expect(r.stderr).toBe(
      `ct: ${bigPath}: corrupt gzip: incorrect length check; the records before it were read (up to 64 KiB of text just before it may be missing)\n`,
    );
    expect(r.code).toBe(2);
  });

  it("summary counts its records once and the file once", async () => {
    const r = await runCt(["summary", "-j", "2", "-o", "json", "--stats", logs]);
    const events = (JSON.parse(r.stdout) as { totals: { events: number } }).totals.events;
    expect(events).toBeGreaterThan(bigRecords.length - 450);
    expect(events).toBeLessThanOrEqual(bigRecords.length + 1);
    expect(r.stderr).toMatch(/files read 2 /);
  });
});
