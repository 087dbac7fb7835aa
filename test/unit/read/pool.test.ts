// Tests for the reader pool: worker threads give exactly the inline results, in input order,
// whatever order files finish in; errors stay in their place; reading is bounded; an abort stops
// the iteration without inventing results; a job the workers cannot run fails once, quickly.
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { AbortedError, InternalError } from "../../../src/errors.js";
import type { FileResult, Job } from "../../../src/read/job.js";
import { IN_FLIGHT_PER_THREAD, createFilePool, readFiles } from "../../../src/read/pool.js";
import { type PackedMatches, unpackMatches } from "../../../src/read/processors.js";
import type { SourceFile } from "../../../src/source/discover.js";
import { makeTempTree } from "../source/temp-tree.js";

const N = 30;

/** File i: a size that varies a lot between neighbours, so workers finish out of order. */
function recordsFor(i: number): unknown[] {
  const count = [1500, 3, 40, 0, 900, 7, 250, 1, 1200, 60][i % 10]!;
  return Array.from({ length: count }, (_, k) => ({
    eventVersion: "1.09",
    eventTime: new Date(Date.UTC(2026, 2, 1) + i * 3_600_000 + k * 1000).toISOString(),
    eventName: k % 3 === 0 ? "GetObject" : "PutObject",
    eventSource: "s3.amazonaws.com",
    requestParameters: { bucketName: `bucket-${i}`, key: `k/${k}`, pad: "x".repeat(k % 50) },
  }));
}

const files: Record<string, string | Uint8Array> = {};
for (let i = 0; i < N; i++) {
  const name = `f${String(i).padStart(2, "0")}.json`;
  const body = JSON.stringify({ Records: recordsFor(i) });
  if (i === 11) files[name] = "not json at all";
  else if (i === 17) files[`${name}.gz`] = zlib.gzipSync(body).subarray(0, 40);
  else if (i % 2 === 0) files[`${name}.gz`] = zlib.gzipSync(body);
  else files[name] = body;
}
const tree = makeTempTree(files, "ct-pool-");
afterAll(() => tree.remove());

const names = Object.keys(files).sort();
// A missing file in the middle as well.
names.splice(20, 0, "vanished.json");

function source(list: readonly string[], onPull?: () => void): AsyncIterable<SourceFile> {
  return (async function* () {
    for (const p of list) {
      onPull?.();
      yield { path: p, explicit: false, stdin: false, role: "log", location: undefined };
    }
  })();
}

const job: Job = { filter: { eventName: ["GetObject"] }, processor: "events", maxInflatedBytes: 64 * 1024 * 1024 };

async function collect(it: AsyncIterable<FileResult>): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe("readFiles", () => {
  it("gives the same results in the same order with 2 threads as inline", async () => {
    const inline = await collect(readFiles(source(names), job, { threads: 1, cwd: tree.root }));
    const pooled = await collect(readFiles(source(names), job, { threads: 2, cwd: tree.root }));
    expect(pooled).toEqual(inline);

    expect(inline.map((r) => r.seq)).toEqual(names.map((_, i) => i));
    expect(inline.map((r) => r.path)).toEqual(names);
    // Errors stay where their files were.
    expect(inline.flatMap((r, i) => (r.status === "error" ? [`${i} ${r.path}: ${r.message}`] : []))).toEqual([
      "11 f11.json: neither gzip nor JSON",
      "17 f17.json.gz: truncated gzip: unexpected end of file",
      "20 vanished.json: no such file (it vanished during the run?)",
    ]);
    // Spot checks that the content is really read and filtered.
    const first = inline[0]!;
    expect(first).toMatchObject({ status: "read", records: 1500, matched: 500 });
    const matches = [...unpackMatches(first.output as PackedMatches)];
    expect(matches[0]).toEqual({ t: Date.UTC(2026, 2, 1), json: JSON.stringify(recordsFor(0)[0]), accountId: undefined });
    expect(inline.reduce((n, r) => n + r.matched, 0)).toBe(
      Array.from({ length: N }, (_, i) => i)
        .filter((i) => i !== 11 && i !== 17)
        .reduce((n, i) => n + Math.ceil(recordsFor(i).length / 3), 0),
    );
  });

  it("loses only the file a worker dies on: the files it had finished but not sent are read again", async () => {
    // f08 is the ninth file: each worker holds several files and sends results in batches, so
    // when one ends abruptly on it, finished results are lost with it and must be redone.
    const inline = await collect(readFiles(source(names), job, { threads: 1, cwd: tree.root }));
    process.env["CT_TEST_WORKER_EXIT_ON"] = "f08.json.gz";
    let pooled: FileResult[];
    try {
      pooled = await collect(readFiles(source(names), job, { threads: 2, cwd: tree.root }));
    } finally {
      delete process.env["CT_TEST_WORKER_EXIT_ON"];
    }
    const culprit = pooled.findIndex((r) => r.path === "f08.json.gz");
    expect(pooled[culprit]).toMatchObject({ status: "error" });
    expect(pooled[culprit]!.message).toContain("worker thread exited with code 70");
    // Every other file is exactly as read inline; the order is the input order.
    expect(pooled.filter((_, i) => i !== culprit)).toEqual(inline.filter((_, i) => i !== culprit));
    expect(pooled.map((r) => r.path)).toEqual(inline.map((r) => r.path));
  });

  it("reads ahead a bounded number of files", async () => {
    let pulled = 0;
    const results = readFiles(source(names, () => pulled++), job, { threads: 2, cwd: tree.root });
    const first = await results.next();
    expect(first.value?.seq).toBe(0);
    // threads × IN_FLIGHT_PER_THREAD in flight, plus the one that filled the queue.
    expect(pulled).toBeLessThanOrEqual(2 * IN_FLIGHT_PER_THREAD + 1);
    await results.return(undefined);
  });

  it("stops on abort, with AbortedError and no made-up results", async () => {
    for (const threads of [1, 2]) {
      const controller = new AbortController();
      const seen: FileResult[] = [];
      let error: unknown;
      try {
        for await (const r of readFiles(source(names), job, { threads, cwd: tree.root, signal: controller.signal })) {
          seen.push(r);
          if (seen.length === 3) controller.abort();
        }
      } catch (err) {
        error = err;
      }
      expect(error, `threads ${threads}`).toBeInstanceOf(AbortedError);
      expect(seen.map((r) => r.seq)).toEqual([0, 1, 2]);
      expect(seen.every((r) => !(r.message ?? "").includes("interrupted"))).toBe(true);
    }
  });

  it("yields no result for a file interrupted while a worker held it", async () => {
    const controller = new AbortController();
    // The source ends, then the abort comes while the reader waits for the first worker's answer.
    const list = (async function* () {
      yield* source(names.slice(0, 3));
      setImmediate(() => controller.abort());
    })();
    const seen: FileResult[] = [];
    let error: unknown;
    try {
      for await (const r of readFiles(list, job, { threads: 2, cwd: tree.root, signal: controller.signal })) seen.push(r);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AbortedError);
    expect(seen.map((r) => `${r.path}: ${r.message ?? r.status}`)).toEqual([]);
  });

  it("reads stdin bytes, also when they share a pooled buffer", async () => {
    const text = JSON.stringify({ Records: [{ eventTime: "2026-03-01T10:00:00Z", eventName: "GetObject" }] });
    // Buffer.concat of a small input allocates from Node's shared pool: not transferable as a whole.
    const neighbour = Buffer.from("neighbour");
    const bytes = Buffer.concat([Buffer.from(text)]);
    const stdin: SourceFile = { path: "-", explicit: true, stdin: true, role: "log", location: undefined };
    for (const threads of [1, 2]) {
      const results = await collect(
        readFiles(
          (async function* () {
            yield stdin;
          })(),
          job,
          { threads, cwd: tree.root, readStdin: async () => Buffer.from(bytes) },
        ),
      );
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ seq: 0, path: "<stdin>", status: "read", records: 1, matched: 1 });
    }
    expect(neighbour.toString()).toBe("neighbour");
  });

  it("fails once, quickly, when the workers cannot run the job", async () => {
    const bad: Job = { ...job, processor: "no-such-processor" };
    await expect(collect(readFiles(source(names), bad, { threads: 1, cwd: tree.root }))).rejects.toThrow(
      "unknown processor no-such-processor",
    );
    const started = Date.now();
    const pooled = collect(readFiles(source(names), bad, { threads: 2, cwd: tree.root }));
    await expect(pooled).rejects.toBeInstanceOf(InternalError);
    await expect(pooled).rejects.toThrow("worker thread failed to start: unknown processor no-such-processor");
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("refuses a job whose filter is not a filter spec, before any thread starts", async () => {
    const bad = { ...job, filter: { since: "yesterday" } } as unknown as Job;
    for (const threads of [1, 2]) await expect(readFiles(source(names), bad, { threads, cwd: tree.root }).next()).rejects.toThrow(/since/);
    expect(() => createFilePool(bad, { threads: 2, cwd: tree.root })).toThrow(/since/);
  });

  it("yields nothing for no files", async () => {
    expect(await collect(readFiles(source([]), job, { threads: 2, cwd: tree.root }))).toEqual([]);
    expect(await collect(readFiles(source([]), job, { threads: 1, cwd: tree.root }))).toEqual([]);
  });
});
