// Tests for parsing only the records that can match: which records are picked (a string of every
// group, or an escape that could hide one), when the reader parses the whole text instead, and
// that a file read either way gives the same matches, problems and counts, over the fixture bucket.
import { isUtf8 } from "node:buffer";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { FilterSpec } from "../../../src/query/filter-spec.js";
import { requiredTextOf } from "../../../src/query/required-text.js";
import type { FileResult, FileTask, Job } from "../../../src/read/job.js";
import { compileLoadedJob, processFileSync } from "../../../src/read/process-file.js";
import { type LoadedProcessor, type PackedMatches, loadProcessor, unpackMatches } from "../../../src/read/processors.js";
import { loadRecordSchema } from "../../../src/read/record-schema.js";
import { USE_TEXT } from "../../../src/read/record-scan.js";
import { compilePicker } from "../../../src/read/text-prefilter.js";
import { FIXTURE_BUCKET } from "../../helpers/run-ct.js";

const T = "2026-03-01T10:00:00Z";
const rec = (user: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: "1.11",
  eventTime: T,
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  awsRegion: "us-east-1",
  userIdentity: { type: "IAMUser", userName: user },
  ...extra,
});
/** A document of `n` filler records with the given records at the given places. */
function doc(n: number, at: Record<number, string> = {}): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(at[i] ?? JSON.stringify(rec(`user${i % 7}`, { requestParameters: { bucketName: `b${i}`, key: "x".repeat(2000) } })));
  return `{"Records":[${parts.join(",")}]}`;
}
/**
 * The records picked from `text`, the same over its text and over its bytes (where the byte scan
 * answers: these documents are all within its limits).
 */
function pick(text: string, spec: FilterSpec): number[] | undefined {
  const picker = compilePicker(requiredTextOf(spec)!);
  const fromText = picker.text(text)?.picked;
  const fromBytes = picker.bytes(Buffer.from(`\n ${text}`), 2);
  expect(fromBytes).not.toBe(USE_TEXT);
  expect(fromBytes === USE_TEXT ? undefined : fromBytes?.picked).toEqual(fromText);
  return fromText;
}

describe("compilePicker", () => {
  it("picks the records that hold a string of every group", () => {
    const text = doc(40, { 3: JSON.stringify(rec("alice")), 17: JSON.stringify(rec("alice", { eventName: "PutObject" })) });
    expect(pick(text, { user: ["alice"] })).toEqual([3, 17]);
    expect(pick(text, { user: ["alice"], eventName: ["PutObject"] })).toEqual([17]);
    expect(pick(text, { user: ["alice", "nobody"] })).toEqual([3, 17]);
    expect(pick(text, { user: ["nobody"] })).toEqual([]);
  });

  it("finds a string from its rarest character, also where its start repeats or overlaps", () => {
    // "zz" is the rare part of each name: the search starts there and checks what comes before it.
    const names = ["aazzb", "azazzb", "zzzb", "bzz"];
    const at = Object.fromEntries(names.map((n, i) => [3 + 7 * i, JSON.stringify(rec(n))]));
    const text = doc(40, { ...at, 30: JSON.stringify(rec("azzb")) });
    expect(pick(text, { user: ["aazzb"] })).toEqual([3]);
    expect(pick(text, { user: ["azazzb"] })).toEqual([10]);
    expect(pick(text, { user: ["zzb"] })).toEqual([3, 10, 17, 30]);
    expect(pick(text, { user: ["azzb"] })).toEqual([3, 10, 30]);
    expect(pick(text, { user: ["bzz"] })).toEqual([24]);
    expect(pick(text, { user: ["zzzz"] })).toEqual([]);
  });

  it("picks a record whose text may spell the value in \\u escapes, or a / as \\/", () => {
    const escaped = JSON.stringify(rec("x")).replace('"userName":"x"', '"userName":"\\u0061lice"');
    expect(JSON.parse(escaped).userIdentity.userName).toBe("alice");
    const text = doc(40, { 5: escaped, 9: JSON.stringify(rec("bob", { requestParameters: { key: "a\\/b" } })) });
    expect(pick(text, { user: ["alice"] })).toEqual([5]);
    // A `\/` hides only values with a slash.
    const slashed = doc(40, { 9: JSON.stringify(rec("bob")).replace('"s3.amazonaws.com"', '"s3.amazonaws.com","k":"logs\\/2026"') });
    expect(pick(slashed, { resourceName: ["logs/2026"] })).toEqual([9]);
    expect(pick(slashed, { user: ["alice"] })).toEqual([]);
  });

  it("gives up when the strings are everywhere, most records are picked, or the text is not AWS's form", () => {
    const text = doc(40, { 3: JSON.stringify(rec("alice")) });
    expect(pick(text, { eventName: ["GetObject"] })).toBeUndefined();
    const half = doc(10, Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [i, JSON.stringify(rec("alice"))])));
    expect(pick(half, { user: ["alice"] })).toBeUndefined();
    expect(pick(text.replace('{"Records":[', '{"Other":1,"Records":['), { user: ["alice"] })).toBeUndefined();
    expect(pick(text.slice(0, -2), { user: ["alice"] })).toBeUndefined();
    expect(pick(text.replace('"GetObject",', '"GetObject",,'), { user: ["alice"] })).toBeUndefined();
  });
});

// ---- the reader, with and without the prefilter ----

const loaded = new Map<string, LoadedProcessor>();
beforeAll(async () => {
  for (const name of ["events", "count"]) loaded.set(name, await loadProcessor(name));
  await loadRecordSchema();
});

function task(bytes: Uint8Array, file = "in.json"): FileTask {
  return { seq: 0, openPath: undefined, bytes, path: file, role: "log", explicit: false, accountId: undefined, region: undefined };
}

function run(bytes: Uint8Array, filter: FilterSpec, checkAll: boolean, processor = "events"): FileResult {
  const job: Job = { filter, processor, maxInflatedBytes: 64 * 1024 * 1024, ...(checkAll ? { checkAll } : {}) };
  return processFileSync(task(bytes), compileLoadedJob(job, loaded.get(processor)!))!;
}

/** What a caller sees of a result, without how many records were parsed. */
function seen(r: FileResult): unknown {
  const { parsed: _parsed, output, ...rest } = r;
  return { ...rest, output: output && typeof output === "object" ? [...unpackMatches(output as PackedMatches)] : output };
}

function logFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) logFiles(p, out);
    else if (/\/CloudTrail(-Insight)?\//.test(p) && p.endsWith(".json.gz")) out.push(p);
  }
  return out.sort();
}

describe("the reader with the prefilter", () => {
  const files = logFiles(path.join(FIXTURE_BUCKET, "AWSLogs")).map((f) => readFileSync(f));
  const specs: FilterSpec[] = [
    { user: ["alice"] },
    { user: ["root"] },
    { user: ["ec2"] },
    { user: ["*admin*"] },
    { eventName: ["ConsoleLogin"] },
    { eventName: ["Delete*", "Put*"], error: true },
    { error: ["AccessDenied", "*UnauthorizedOperation"] },
    { error: true },
    { resourceName: ["*.txt"] },
    { resourceType: ["AWS::S3::Object"] },
    { eventSource: ["iam.amazonaws.com"], category: ["Management"] },
    { user: ["alice"], since: Date.UTC(2026, 0, 1) },
  ];

  it("gives what a full parse gives, on every fixture file, for every filter", () => {
    let parsedLess = 0;
    let matched = 0;
    for (const spec of specs) {
      for (const bytes of files) {
        const fast = run(bytes, spec, false);
        const full = run(bytes, spec, true);
        expect(seen(fast)).toEqual(seen(full));
        expect(full.parsed).toBeUndefined();
        if (fast.parsed !== undefined && fast.parsed < fast.records) parsedLess++;
        matched += fast.matched;
      }
    }
    expect(matched).toBeGreaterThan(0);
    expect(parsedLess).toBeGreaterThan(files.length);
  });

  it("parses only the picked records, and says how many", () => {
    const text = doc(40, { 3: JSON.stringify(rec("alice")) });
    const bytes = zlib.gzipSync(text);
    const fast = run(bytes, { user: ["alice"] }, false);
    expect(fast).toMatchObject({ status: "read", records: 40, parsed: 1, matched: 1 });
    expect(run(bytes, { user: ["alice"] }, true)).toMatchObject({ records: 40, matched: 1 });
    expect(run(bytes, { user: ["alice"] }, true).parsed).toBeUndefined();
  });

  it("reports a bad record it parses, by its place in the file; a bad record that cannot match is not parsed", () => {
    const bad = JSON.stringify({ eventVersion: "1.11", eventName: "GetObject", userIdentity: { userName: "alice" } });
    const otherBad = JSON.stringify({ eventVersion: "1.11", eventName: "GetObject", userIdentity: { userName: "bob" } });
    const bytes = Buffer.from(doc(40, { 7: bad, 20: otherBad }));
    const fast = run(bytes, { user: ["alice"] }, false);
    expect(fast.problems.map((p) => p.index)).toEqual([7]);
    expect(fast.problems[0]!.message).toMatch(/eventTime/);
    expect(run(bytes, { user: ["alice"] }, true).problems.map((p) => p.index)).toEqual([7, 20]);
  });

  it("reports broken JSON exactly as a full parse does, whether or not the break is in a picked record", () => {
    const text = doc(40, { 3: JSON.stringify(rec("alice")) });
    for (const broken of [text.replace('"b30"', '"b30",'), text.replace('"b3"', "'b3'"), text.slice(0, -1), `${text}x`]) {
      const fast = run(Buffer.from(broken), { user: ["alice"] }, false);
      expect(seen(fast)).toEqual(seen(run(Buffer.from(broken), { user: ["alice"] }, true)));
    }
  });

  it("reads a document that is not valid UTF-8 by its text, as a full parse does", () => {
    // A byte search would not find what the text, with U+FFFD for the bad byte, holds.
    const text = doc(40, { 3: JSON.stringify(rec("alice")), 9: JSON.stringify(rec("b\u00ffb")) });
    const bytes = Buffer.from(text, "latin1");
    expect(isUtf8(bytes)).toBe(false);
    const fast = run(bytes, { user: ["alice"] }, false);
    expect(fast).toMatchObject({ status: "read", records: 40, parsed: 1, matched: 1 });
    expect(fast.warnings.join()).toMatch(/not valid UTF-8/);
    expect(seen(fast)).toEqual(seen(run(bytes, { user: ["alice"] }, true)));
  });

  it("reads a document of many tiny records by its text, the byte scan having no room for them", () => {
    const text = `{"Records":[${"{},".repeat(3000)}${JSON.stringify(rec("alice"))}]}`;
    expect(compilePicker(requiredTextOf({ user: ["alice"] })!).bytes(Buffer.from(text), 0)).toBe(USE_TEXT);
    const fast = run(Buffer.from(text), { user: ["alice"] }, false);
    expect(fast).toMatchObject({ status: "read", records: 3001, parsed: 1, matched: 1 });
  });

  it("picks by bytes in a document of multi-byte characters, and parses what it picked whole", () => {
    const text = doc(40, {
      2: JSON.stringify(rec("élise", { requestParameters: { key: "日本語/ключ/😀" } })),
      6: JSON.stringify(rec("alice", { requestParameters: { key: "ü".repeat(100) } })),
    });
    for (const [spec, index] of [
      [{ user: ["élise"] }, 2],
      [{ user: ["alice"] }, 6],
      [{ resourceName: ["日本語/ключ/😀"] }, 2],
    ] as [FilterSpec, number][]) {
      const fast = run(Buffer.from(text), spec, false);
      expect(fast).toMatchObject({ records: 40, parsed: 1, matched: 1 });
      expect(seen(fast)).toEqual(seen(run(Buffer.from(text), spec, true)));
      expect(pick(text, spec)).toEqual([index]);
    }
  });

  it("reads a digest, an envelope with other keys and a back-to-back document the full way", () => {
    const extra = Buffer.from(doc(40, { 3: JSON.stringify(rec("alice")) }).replace('{"Records":[', '{"Note":"x","Records":['));
    expect(run(extra, { user: ["alice"] }, false)).toMatchObject({ status: "read", records: 40, matched: 1 });
    expect(run(extra, { user: ["alice"] }, false).parsed).toBeUndefined();
    const twice = Buffer.from(doc(3, { 1: JSON.stringify(rec("alice")) }).repeat(2));
    expect(seen(run(twice, { user: ["alice"] }, false))).toEqual(seen(run(twice, { user: ["alice"] }, true)));
  });
});
