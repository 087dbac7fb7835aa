// Tests for the per-file pipeline: read, decode, check each record (reason from the schema),
// report time problems while keeping the record, filter, and hand matches to the processor.
// Every failure must come back as part of the result; nothing may throw for bad input.
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileResult, FileTask, Job } from "../../../src/read/job.js";
import { MAX_PROBLEMS_KEPT } from "../../../src/read/job.js";
import { compileJob, compileLoadedJob, processFileSync } from "../../../src/read/process-file.js";
import { loadRecordSchema } from "../../../src/read/record-schema.js";
import { type LoadedProcessor, type PackedMatches, loadProcessor, unpackMatches } from "../../../src/read/processors.js";
import type { FilterSpec } from "../../../src/query/filter-spec.js";
import { makeTempTree } from "../source/temp-tree.js";

const ACCT = "111122223333";
const T = "2026-03-01T10:00:00Z";

function job(filter: FilterSpec = {}, processor = "events", maxInflatedBytes = 1024 * 1024): Job {
  return { filter, processor, maxInflatedBytes };
}

function task(bytes: Uint8Array | undefined, extra: Partial<FileTask> = {}): FileTask {
  return {
    seq: 7,
    openPath: undefined,
    bytes,
    path: "in.json",
    role: "log",
    explicit: false,
    accountId: undefined,
    region: undefined,
    ...extra,
  };
}

const doc = (records: unknown[]) => new Uint8Array(Buffer.from(JSON.stringify({ Records: records })));
const loaded = new Map<string, LoadedProcessor>();
beforeAll(async () => {
  for (const name of ["events", "count", "rows"]) loaded.set(name, await loadProcessor(name));
  // Rejected records are described by the schema; record-schema.test.ts covers a thread without it.
  await loadRecordSchema();
});
const run = (bytes: Uint8Array | undefined, j: Job = job(), extra: Partial<FileTask> = {}) =>
  processFileSync(task(bytes, extra), compileLoadedJob(j, loaded.get(j.processor)!))!;
const unpacked = (r: FileResult) => [...unpackMatches(r.output as PackedMatches)];
const matches = (r: FileResult) => unpacked(r).map((m) => JSON.parse(m.json) as Record<string, unknown>);

const tree = makeTempTree({ "log.json.gz": zlib.gzipSync(JSON.stringify({ Records: [{ eventTime: T, eventName: "A" }] })) });
afterAll(() => tree.remove());

describe("processFile", () => {
  it("reads a file from disk and reports what it read", () => {
    const r = run(undefined, job(), { openPath: tree.at("log.json.gz"), path: "shown/log.json.gz" });
    expect(r).toMatchObject({ seq: 7, path: "shown/log.json.gz", status: "read", records: 1, matched: 1, warnings: [], problems: [], problemCount: 0 });
    expect(r.bytesRead).toBeGreaterThan(0);
    expect(r.bytesInflated).toBe(JSON.stringify({ Records: [{ eventTime: T, eventName: "A" }] }).length);
    expect(unpacked(r)).toEqual([{ t: Date.UTC(2026, 2, 1, 10), json: `{"eventTime":"${T}","eventName":"A"}`, accountId: undefined }]);
  });

  it("reports a file that cannot be read", () => {
    expect(run(undefined, job(), { openPath: tree.at("missing.json") })).toMatchObject({
      status: "error",
      message: "no such file (it vanished during the run?)",
      records: 0,
    });
    expect(run(undefined, job(), { openPath: tree.root })).toMatchObject({ status: "error", message: "is a directory" });
  });

  it("turns a decoding failure into an error result with the reason", () => {
    expect(run(new Uint8Array(Buffer.from("hello")))).toEqual({
      seq: 7,
      path: "in.json",
      status: "error",
      message: "neither gzip nor JSON",
      warnings: [],
      problems: [],
      problemCount: 0,
      records: 0,
      matched: 0,
      bytesRead: 5,
      bytesInflated: 0,
      output: undefined,
    });
    const truncated = new Uint8Array(zlib.gzipSync("{}").subarray(0, 12));
    expect(run(truncated)).toMatchObject({ status: "error", message: "truncated gzip: unexpected end of file", bytesRead: 12 });
    const bomb = new Uint8Array(zlib.gzipSync(Buffer.alloc(64 * 1024)));
    expect(run(bomb, job({}, "events", 1000))).toMatchObject({
      status: "error",
      message: "decompressed size exceeds the limit of 1000 bytes (--max-inflate); not read",
    });
    expect(run(new Uint8Array(Buffer.from('{"Records":{}}')))).toMatchObject({ status: "error", message: '"Records" is an object, not an array' });
  });

  it("skips a digest file", () => {
    const digest = new Uint8Array(zlib.gzipSync(JSON.stringify({ digestS3Object: "k", logFiles: [] })));
    expect(run(digest)).toMatchObject({ status: "skipped", message: "a digest file, not a log file", records: 0, output: undefined });
  });

  it("passes decoding warnings on", () => {
    const bytes = new Uint8Array([...Buffer.from(`{"Records":[{"eventTime":"${T}","eventName":"`), 0xff, ...Buffer.from('"}]}')]);
    const r = run(bytes);
    expect(r.warnings).toEqual(["contains bytes that are not valid UTF-8; they are shown as U+FFFD"]);
    expect(matches(r)).toEqual([{ eventTime: T, eventName: "\uFFFD" }]);
  });

  it("reports records the schema rejects, with the reason, and leaves them out", () => {
    const r = run(
      doc([
        { eventTime: T, eventName: "Good" },
        42,
        null,
        "text",
        ["x"],
        { "@timestamp": T, eventName: "Shipped" },
        { eventTime: T, eventName: "Typed", readOnly: 1 },
        { eventTime: T, userIdentity: { sessionContext: { sessionIssuer: { arn: 5 } } } },
        { eventTime: T, eventName: "AlsoGood" },
      ]),
    );
    expect(r.records).toBe(9);
    expect(r.matched).toBe(2);
    expect(matches(r).map((m) => m["eventName"])).toEqual(["Good", "AlsoGood"]);
    expect(r.problemCount).toBe(7);
    expect(r.problems).toEqual([
      { index: 1, message: "record: expected object, got number" },
      { index: 2, message: "record: expected object, got null" },
      { index: 3, message: "record: expected object, got string" },
      { index: 4, message: "record: expected object, got array" },
      {
        index: 5,
        message:
          "eventTime: missing, and @timestamp is present: the record was rewritten by a log shipper (e.g. Logstash), not as CloudTrail delivered it",
      },
    ]);
    expect(r.problems).toHaveLength(MAX_PROBLEMS_KEPT);
  });

  it("gives the reason for a wrong type on a typed field", () => {
    const r = run(doc([{ eventTime: T, eventName: "Typed", readOnly: 1 }, { eventTime: T, userIdentity: { arn: ["a"] } }]));
    expect(r.problems).toEqual([
      { index: 0, message: "readOnly: expected boolean or string, got number" },
      { index: 1, message: "userIdentity.arn: expected string, got array" },
    ]);
    expect(r.matched).toBe(0);
  });

  it("reports a record without a usable time but keeps it", () => {
    const r = run(doc([{ eventName: "NoTime" }, { eventTime: "redacted", eventName: "Placeholder" }]));
    expect(r.problems).toEqual([
      { index: 0, message: "eventTime: missing (record kept)" },
      { index: 1, message: 'eventTime: not a valid ISO-8601 time: "redacted" (record kept)' },
    ]);
    expect(r.matched).toBe(2);
    expect(unpacked(r).map((m) => m.t)).toEqual([Number.NaN, Number.NaN]);
  });

  it("counts every problem but keeps only the first few", () => {
    const r = run(doc([...Array.from({ length: 12 }, (_, i) => i), { eventTime: T, eventName: "Last" }]));
    expect(r.problemCount).toBe(12);
    expect(r.problems.map((p) => p.index)).toEqual([0, 1, 2, 3, 4]);
    expect(r.matched).toBe(1);
  });

  it("applies the filter, with the file's account as context", () => {
    const records = [
      { eventTime: T, eventName: "A", recipientAccountId: "444455556666" },
      { eventTime: T, eventName: "B" },
      { eventTime: T, eventName: "C", userIdentity: { accountId: "777788889999" } },
    ];
    // C names only its caller's account: it was logged in the file's account, like B.
    const r = run(doc(records), job({ account: [ACCT] }), { accountId: ACCT });
    expect(matches(r).map((m) => m["eventName"])).toEqual(["B", "C"]);
    expect(r).toMatchObject({ records: 3, matched: 2 });
  });

  it("keeps the record's JSON as it was in the file, including unknown fields and key order", () => {
    const record = { zeta: { nested: [1, "two", null] }, eventTime: T, eventName: "X", "@timestamp": "kept-too" };
    expect(unpacked(run(doc([record])))[0]?.json).toBe(JSON.stringify(record));
  });

  it("packs matches as UTF-8 bytes with their ends, times and IDs, on buffers of their own", () => {
    const records = [
      { eventTime: T, eventName: "Ä", eventID: "e1" },
      { eventTime: "2026-03-01T11:00:00Z", eventName: "日本", eventId: "agg" },
      { eventTime: T, eventName: "none" },
    ];
    const p = run(doc(records), job(), { accountId: ACCT }).output as PackedMatches;
    const texts = records.map((x) => JSON.stringify(x));
    expect(Buffer.from(p.bytes).toString("utf8")).toBe(texts.join(""));
    expect([...p.ends]).toEqual([1, 2, 3].map((n) => Buffer.byteLength(texts.slice(0, n).join(""))));
    expect([...p.times]).toEqual([Date.UTC(2026, 2, 1, 10), Date.UTC(2026, 2, 1, 11), Date.UTC(2026, 2, 1, 10)]);
    expect(p.ids).toEqual(["e1", "agg", null]);
    expect(p.accountId).toBe(ACCT);
    // Transferable: not a view on one of Node's shared buffer pools.
    expect(p.bytes.byteLength).toBe(p.bytes.buffer.byteLength);
    expect(unpacked({ output: p } as FileResult).map((m) => m.id)).toEqual(["e1", "agg", undefined]);
  });

  it("gives processors the account and region of the file's path", () => {
    const j: Job = { ...job({}, "rows"), params: { shape: "events", keys: [], ct: ["account", "region"] } };
    const r = run(doc([{ eventTime: T, eventName: "A", awsRegion: "eu-west-1" }]), j, { accountId: ACCT, region: "us-west-2" });
    const line = Buffer.from((r.output as { text: Uint8Array }).text).toString("utf8").trim();
    expect(JSON.parse(line)).toMatchObject({ account: ACCT, region: "us-west-2" });
  });

  it("runs the count processor", () => {
    const r = run(doc([{ eventTime: T, eventName: "A" }, { eventTime: T, eventName: "B" }, 1]), job({ eventName: ["B"] }, "count"));
    expect(r).toMatchObject({ status: "read", records: 3, matched: 1, output: 1, problemCount: 1 });
  });

  it("skips a record nested deeper than the limit, naming it, and reads the others", () => {
    const text = `{"Records":[{"eventTime":"${T}","eventName":"A"},{"eventTime":"${T}","eventName":"Deep","requestParameters":${"[".repeat(100_000)}${"]".repeat(100_000)}},{"eventTime":"${T}","eventName":"B"}]}`;
    const r = run(new Uint8Array(Buffer.from(text)));
    expect(r).toMatchObject({ status: "read", records: 3, matched: 2, problemCount: 1 });
    expect(r.problems).toEqual([{ index: 1, message: "nested more than 512 levels deep; record skipped" }]);
    expect(matches(r).map((m) => m["eventName"])).toEqual(["A", "B"]);
  });

  it("reads the records before data that follows the JSON document, and reports that data", () => {
    const r = run(new Uint8Array(Buffer.from(`{"Records":[{"eventTime":"${T}","eventName":"A"}]}\u0000\u0000junk`)));
    expect(r).toMatchObject({ status: "read", records: 1, matched: 1 });
    expect(r.errors).toEqual(["6 bytes after the JSON document were ignored (not a complete JSON document); the records before them were read"]);
  });

  it("refuses a file larger than the inflate limit by its size, without reading it", () => {
    const r = run(undefined, job({}, "events", 10), { openPath: tree.at("log.json.gz") });
    expect(r.status).toBe("error");
    expect(r.message).toMatch(/^the file is \d+ bytes, beyond the limit of 10 bytes \(--max-inflate\); not read$/);
    expect(r.bytesRead).toBe(0);
  });

  it("refuses a job naming an unknown processor", async () => {
    await expect(compileJob(job({}, "nope"))).rejects.toThrow("unknown processor nope");
  });
});
