// Bad inputs through the whole CLI: each gives a clear `ct: <path>: <reason>` on stderr and exit 2,
// while every good file's events are still printed. Trees are built in temporary directories.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { parseNdjson } from "../helpers/fixture-records.js";
import { runCt } from "../helpers/run-ct.js";

const GOOD = { Records: [{ eventVersion: "1.11", eventTime: "2026-03-01T10:00:00Z", eventSource: "iam.amazonaws.com", eventName: "GetUser", eventID: "good-1", awsRegion: "us-east-1" }] };
const gz = (s: string | Buffer) => zlib.gzipSync(s);

/** Every tree made here, removed when the file's tests are done. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ct-bad-"));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

const full = gz(JSON.stringify(GOOD));
const cases: [string, string, Buffer | string, string][] = [
  ["truncated gzip", "bad.json.gz", full.subarray(0, full.length - 12), "truncated gzip: unexpected end of file"],
  ["gzip of garbage", "bad.json.gz", Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]), Buffer.from("not deflate at all")]), "corrupt gzip: invalid block type"],
  ["valid gzip of invalid JSON", "bad.json.gz", gz('{"Records":[{"eventName": }]}'), "invalid JSON: Unexpected token '}'"],
  ["a JSON file without Records", "bad.json", '{"foo": 1}', 'JSON without a "Records" array: not a CloudTrail log file'],
  ["Records not an array", "bad.json", '{"Records": {"a": 1}}', '"Records" is an object, not an array'],
  ["a JSON array at top level", "bad.json", "[1,2]", 'a JSON array at top level: not a CloudTrail log file (expected {"Records": [...]})'],
  ["an empty file", "bad.json.gz", "", "empty file (0 bytes)"],
  ["an empty gzip", "bad.json.gz", gz(""), "empty gzip stream: no data"],
  ["plain text", "bad.json", "hello", "neither gzip nor JSON"],
];

describe("bad inputs", () => {
  for (const [name, file, content, message] of cases) {
    it(`${name}: message naming the file, exit 2, the good file still printed`, async () => {
      const dir = tree({ "a-good.json": JSON.stringify(GOOD), [file]: content });
      const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", dir]);
      expect(r.code).toBe(2);
      expect(parseNdjson(r.stdout).map((x) => x["eventID"])).toEqual(["good-1"]);
      expect(r.stderr.split("\n")[0]).toMatch(new RegExp(`^ct: ${escape(path.join(dir, file))}: ${escape(message)}`));
    });
  }

  it("with a value filter, broken JSON is still an error; a bad record that cannot match is checked only with --check-all", async () => {
    const alice = { ...GOOD.Records[0], eventID: "alice-1", userIdentity: { type: "IAMUser", userName: "alice" } };
    const noTime = { eventName: "NoTime", eventSource: "s3.amazonaws.com", eventID: "nt", userIdentity: { userName: "bob" } };
    const fillers = Array.from({ length: 8 }, (_, i) => ({ ...GOOD.Records[0], eventID: `f${i}` }));
    const dir = tree({
      "a.json": JSON.stringify({ Records: [alice, noTime, ...fillers] }),
      "b.json.gz": gz('{"Records":[{"eventName": }]}'),
    });
    const base = ["lookup", "-j", "1", "-o", "ndjson", "--sort", "none", "--user", "alice", "--stats", dir];
    const fast = await runCt(base);
    expect(fast.code).toBe(2);
    expect(parseNdjson(fast.stdout).map((x) => x["eventID"])).toEqual(["alice-1"]);
    const lines = fast.stderr.trimEnd().split("\n");
    expect(lines[0]!.startsWith(`ct: ${path.join(dir, "b.json.gz")}: invalid JSON: Unexpected token '}'`)).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^ct: stats: files read 1 \(errors 1,.*records 10 \(9 not parsed: their text cannot match\), matched 1,/);
    const all = await runCt([...base, "--check-all"]);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain(`ct: ${path.join(dir, "a.json")}: record 1: eventTime: missing`);
    expect(all.stderr).toMatch(/records 10, matched 1,/);
    expect(all.stdout).toBe(fast.stdout);
  });

  it("a record missing eventTime is reported with its index, kept, and the run exits 2", async () => {
    const dir = tree({ "a.json": JSON.stringify({ Records: [GOOD.Records[0], { eventName: "NoTime", eventSource: "s3.amazonaws.com", eventID: "nt" }] }) });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", "--sort", "none", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ct: ${path.join(dir, "a.json")}: record 1: eventTime: missing (record kept)\n`);
    expect(parseNdjson(r.stdout).map((x) => x["eventID"])).toEqual(["good-1", "nt"]);
  });

  it("eventTime in odd forms: ISO-8601 only, read the same in every time zone; other forms are kept untimed and reported", async () => {
    const times = ["2026-03-01T10:00:00", "1", "March 1, 2026", "2026-02-30T10:00:00Z", "2026-03-01T10:00:00+01:00", "1772359200"];
    const records = times.map((eventTime, i) => ({ ...GOOD.Records[0], eventID: `t${i}`, eventTime }));
    const dir = tree({ "a.json": JSON.stringify({ Records: records }) });
    const f = path.join(dir, "a.json");
    const saved = process.env["TZ"];
    process.env["TZ"] = "America/New_York";
    try {
      const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", "--sort", "asc", dir]);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toEqual([
        `ct: ${f}: record 1: eventTime: not a valid ISO-8601 time: "1" (record kept)`,
        `ct: ${f}: record 2: eventTime: not a valid ISO-8601 time: "March 1, 2026" (record kept)`,
        `ct: ${f}: record 3: eventTime: not a valid ISO-8601 time: "2026-02-30T10:00:00Z" (record kept)`,
        `ct: ${f}: record 5: eventTime: not a valid ISO-8601 time: "1772359200" (record kept)`,
      ]);
      // Timed records first (oldest first), untimed ones last in file order.
      expect(parseNdjson(r.stdout).map((x) => x["eventID"])).toEqual(["t4", "t0", "t1", "t2", "t3", "t5"]);
      // A datetime without a zone is UTC: 10:00Z exactly, not 10:00 in New York.
      const at10 = await runCt(["lookup", "-j", "1", "-o", "ndjson", "-q", "--since", "2026-03-01T10:00:00Z", "--until", "2026-03-01T10:00:00Z", dir]);
      expect(parseNdjson(at10.stdout).map((x) => x["eventID"])).toEqual(["t0"]);
    } finally {
      if (saved === undefined) delete process.env["TZ"];
      else process.env["TZ"] = saved;
    }
  });

  it("a record that is not a CloudTrail record is skipped with the reason; the others are printed", async () => {
    const dir = tree({
      "a.json": JSON.stringify({ Records: [42, { "@timestamp": "2020-09-14T00:44:23.000Z", eventName: "X" }, { eventName: 7 }, GOOD.Records[0]] }),
    });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", dir]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    const f = path.join(dir, "a.json");
    expect(lines).toEqual([
      `ct: ${f}: record 0: record: expected object, got number`,
      `ct: ${f}: record 1: eventTime: missing, and @timestamp is present: the record was rewritten by a log shipper (e.g. Logstash), not as CloudTrail delivered it`,
      `ct: ${f}: record 2: eventName: expected string, got number`,
    ]);
    expect(parseNdjson(r.stdout).map((x) => x["eventID"])).toEqual(["good-1"]);
  });

  it("an unreadable file", async () => {
    const dir = tree({ "a-good.json": JSON.stringify(GOOD), "b.json": JSON.stringify(GOOD) });
    chmodSync(path.join(dir, "b.json"), 0o000);
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", dir]);
    if (process.getuid?.() === 0) {
      // root reads it anyway: both files' events are printed
      expect(r.code).toBe(0);
      expect(parseNdjson(r.stdout)).toHaveLength(2);
    } else {
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`ct: ${path.join(dir, "b.json")}: permission denied\n`);
      expect(parseNdjson(r.stdout)).toHaveLength(1);
    }
  });

  it("a directory with no logs", async () => {
    const dir = tree({ "README.txt": "hello", "AWSLogs/111122223333/Config/ConfigWritabilityCheckFile": "x" });
    const r = await runCt(["lookup", "-j", "1", dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`ct: ${dir}: no CloudTrail log files found\n`);
  });

  it("a missing path, while the other inputs are still read", async () => {
    const dir = tree({ "a-good.json": JSON.stringify(GOOD) });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", path.join(dir, "nope"), dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ct: ${path.join(dir, "nope")}: no such file or directory\n`);
    expect(parseNdjson(r.stdout)).toHaveLength(1);
  });

  it("digests, sidecars, Config files and unrelated files in a bucket are skipped silently", async () => {
    const acct = "AWSLogs/111122223333";
    const dir = tree({
      [`${acct}/CloudTrail/us-east-1/2026/03/01/111122223333_CloudTrail_us-east-1_20260301T1005Z_abc.json.gz`]: gz(JSON.stringify(GOOD)),
      [`${acct}/CloudTrail-Digest/us-east-1/2026/03/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T110000Z.json.gz`]: gz('{"digestS3Object":"x","logFiles":[]}'),
      [`${acct}/CloudTrail-Digest/us-east-1/2026/03/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T110000Z.json.gz.metadata.json`]: "{}",
      [`${acct}/Config/ConfigWritabilityCheckFile`]: "x",
      [`${acct}/Config/us-east-1/2026/3/1/ConfigHistory/x.json.gz`]: gz('{"configurationItems":[]}'),
      ".DS_Store": "x",
    });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(parseNdjson(r.stdout).map((x) => x["eventID"])).toEqual(["good-1"]);
  });

  it("a digest named explicitly is not a log: skipped without an error", async () => {
    const dir = tree({ "d.json.gz": gz('{"digestS3Object":"x","logFiles":[]}'), "a.json": JSON.stringify(GOOD) });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", path.join(dir, "d.json.gz"), path.join(dir, "a.json")]);
    expect(r.code).toBe(0);
    expect(parseNdjson(r.stdout)).toHaveLength(1);
  });

  it("a decompression bomb is refused at --max-inflate", async () => {
    const dir = tree({ "a-good.json": JSON.stringify(GOOD), "bomb.json.gz": gz(Buffer.alloc(4 * 1024 * 1024, 0x20)) });
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", "--max-inflate", "1MiB", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ct: ${path.join(dir, "bomb.json.gz")}: decompressed size exceeds the limit of 1 MiB (--max-inflate); not read\n`);
    expect(parseNdjson(r.stdout)).toHaveLength(1);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
