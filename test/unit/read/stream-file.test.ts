// streamFile: a file read record by record, in parts, gives what reading it whole gives: the same
// records, matches, problems and file errors, the parts adding up; gzip, BOM and damage included.
import { writeFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileResult, FileTask, Job } from "../../../src/read/job.js";
import { type CompiledJob, compileJob, processFile } from "../../../src/read/process-file.js";
import { type PackedMatches, unpackMatches } from "../../../src/read/processors.js";
import { streamFile } from "../../../src/read/stream-file.js";
import { makeTempTree } from "../source/temp-tree.js";

const T = (i: number) => new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString().replace(".000", "");
const records: unknown[] = Array.from({ length: 23 }, (_, i) =>
  i === 5 ? 42 : i === 9 ? { eventTime: "redacted", eventName: "X", eventSource: "s3.amazonaws.com" } : { eventTime: T(i), eventName: i % 2 ? "GetObject" : "PutObject", eventSource: "s3.amazonaws.com", eventID: `e${i}`, requestParameters: { key: `k${i}`, nested: [1, { a: "}]" }] } },
);
const body = JSON.stringify({ Records: records });

const tree = makeTempTree({}, "ct-stream-");
afterAll(() => tree.remove());
const file = (name: string, content: string | Buffer) => {
  const p = path.join(tree.root, name);
  writeFileSync(p, content);
  return p;
};

const job: Job = { filter: { eventName: ["GetObject", "X"] }, processor: "events", maxInflatedBytes: 64 * 1024 * 1024 };
let compiled: CompiledJob;
beforeAll(async () => {
  compiled = await compileJob(job);
});

const task = (p: string): FileTask => ({ seq: 3, openPath: p, bytes: undefined, path: p, role: "log", explicit: true, accountId: "111122223333", region: "us-east-1" });

async function parts(p: string, perPart: number): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for await (const r of streamFile(task(p), compiled, perPart)) out.push(r);
  return out;
}

const matchesOf = (rs: FileResult[]) => rs.flatMap((r) => [...unpackMatches(r.output as PackedMatches)]);
const sum = (rs: FileResult[], k: "records" | "matched" | "problemCount") => rs.reduce((n, r) => n + r[k], 0);

describe("streamFile", () => {
  it.each([
    ["plain JSON", "a.json", body],
    ["gzip", "b.json.gz", zlib.gzipSync(body)],
    ["a BOM and CRLF pretty-printing", "c.json", `\ufeff${JSON.stringify({ Records: records }, null, 2).replace(/\n/g, "\r\n")}`],
  ])("reads %s exactly as the whole-file reader does, in parts", async (_label, name, content) => {
    const p = file(name, content);
    const whole = await processFile(task(p), compiled);
    for (const perPart of [1, 4, 1000]) {
      const rs = await parts(p, perPart);
      expect(rs.length).toBe(Math.ceil(records.length / perPart) + (records.length % perPart === 0 ? 1 : 0));
      expect(rs.slice(0, -1).every((r) => r.part === true)).toBe(true);
      expect(rs.at(-1)!.part).toBeUndefined();
      expect(sum(rs, "records")).toBe(whole.records);
      expect(sum(rs, "matched")).toBe(whole.matched);
      expect(sum(rs, "problemCount")).toBe(whole.problemCount);
      expect(rs.flatMap((r) => r.problems)).toEqual(whole.problems);
      expect(matchesOf(rs)).toEqual([...unpackMatches(whole.output as PackedMatches)]);
      expect(rs.at(-1)!.errors).toBeUndefined();
    }
  });

  it("keeps the records before a cut or damaged end and reports the file", async () => {
    const gz = zlib.gzipSync(body);
    const cut = await parts(file("cut.json.gz", gz.subarray(0, gz.length - 30)), 4);
    expect(cut.at(-1)!.errors?.[0]).toBe("truncated gzip: unexpected end of file; the records before it were read (up to 64 KiB of text just before it may be missing)");
    const broken = await parts(file("broken.json", body.replace('"k7"', '"k7" oops')), 4);
    expect(broken.at(-1)!.errors?.[0]).toMatch(/^invalid JSON in record 7: .*; the records before it were read$/);
    expect(sum(broken, "records")).toBe(8);
    const early = await parts(file("early.json", body.slice(0, -3)), 100);
    expect(early.at(-1)!.errors?.[0]).toMatch(/^invalid JSON: the document ends early/);
    expect(sum(early, "records")).toBe(records.length - 1); // the last record lost its closing brace
  });

  it("stops at --max-inflate", async () => {
    const small: CompiledJob = { ...compiled, job: { ...job, maxInflatedBytes: 1000 } };
    const rs: FileResult[] = [];
    for await (const r of streamFile(task(file("big.json", body)), small, 4)) rs.push(r);
    expect(rs.at(-1)!.errors?.[0]).toMatch(/exceeds the limit of --max-inflate/);
  });
});
