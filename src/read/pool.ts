// Reads files in parallel on a worker_threads pool and yields their results IN INPUT ORDER, with a
// bounded number of files in flight (memory stays bounded however many files there are).
// `threads: 1` runs the same per-file code inline, without workers. It does not print anything.
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { AbortedError, InternalError } from "../errors.js";
import { filterSpecProblem } from "../query/filter-spec-check.js";
import type { SourceFile } from "../source/discover.js";
import { type FileResult, type FileTask, type Job, internalErrorResult } from "./job.js";
import { type CompiledJob, compileJob, processFile } from "./process-file.js";
import { streamFile } from "./stream-file.js";
import type { ToWorker } from "./worker.js";
import { startWorker } from "./worker-start.js";

export interface ReadOptions {
  threads: number;
  cwd: string;
  signal?: AbortSignal | undefined;
  /** Reads all of stdin, for the `-` input. */
  readStdin?: () => Promise<Uint8Array>;
}

/**
 * Files queued per thread at most: enough to keep workers busy while results wait for their turn
 * (more than a worker holds, see HELD_PER_WORKER).
 */
export const IN_FLIGHT_PER_THREAD = 40;

/**
 * What the results in flight may hold, estimated from the files already read: every event of big
 * files in flight, times the garbage collector's slack, took a sorted lookup past 400 MB. Small
 * or selective results keep the full window; large ones shrink it, never below two per thread.
 */
const IN_FLIGHT_RESULT_BYTES = 4 * 1024 * 1024;

/** The weight of a result: the share of its file's decompressed bytes that its matches carry. */
function resultBytes(r: FileResult): number {
  return r.records > 0 ? (r.bytesInflated * r.matched) / r.records : 0;
}

async function toTask(file: SourceFile, seq: number, opts: ReadOptions): Promise<FileTask> {
  let bytes: Uint8Array | undefined;
  if (file.stdin) bytes = opts.readStdin ? await opts.readStdin() : new Uint8Array(0);
  return {
    seq,
    openPath: file.stdin ? undefined : path.resolve(opts.cwd, file.path),
    bytes,
    path: file.stdin ? "<stdin>" : file.path,
    role: file.role,
    explicit: file.explicit,
    accountId: file.location?.accountId,
    region: file.location?.region,
  };
}

interface Pending {
  task: FileTask;
  resolve: (r: FileResult) => void;
}

interface PooledWorker {
  worker: Worker;
  /** Has answered at least once: a worker that dies before that cannot start at all. */
  proven: boolean;
  /** Tasks posted to this worker and not answered yet, oldest (the one it is on) first. */
  held: Pending[];
}

/**
 * Tasks a worker holds at once: enough that it never waits for the main thread between files
 * (the round trip cost a fifth of each worker's time on small files; with two workers on two
 * cores the main thread itself waits for a core, and twelve files, about 4 ms of work once the
 * byte scan made files fast, let the workers run dry: 32 made a lookup about 5% faster), and that
 * results can come back a few per message; a crash still loses one file and re-queues the rest.
 */
const HELD_PER_WORKER = 32;

/** A fixed set of workers, each processing the tasks it holds in the order they were posted. */
class WorkerPool {
  private readonly workers: PooledWorker[] = [];
  private readonly waiting: Pending[] = [];
  /** Set when workers cannot start; the run stops with this error instead of failing every file. */
  fatal: Error | undefined;
  /** Set by close(): workers ending now are not failures. */
  private closing = false;

  constructor(
    private readonly job: Job,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  private spawn(): PooledWorker {
    const worker = startWorker();
    // The seq of the task the worker is on, written by the worker before each file: results
    // come back in batches, so after a crash this tells the file that caused it from the ones
    // finished but not yet sent.
    const current = new Int32Array(new SharedArrayBuffer(4)).fill(-1);
    const pw: PooledWorker = { worker, proven: false, held: [] };
    worker.on("message", (results: FileResult[]) => {
      pw.proven = true;
      for (const r of results) pw.held.shift()?.resolve(r);
      this.dispatch();
    });
    const fail = (err: Error) => {
      if (this.closing || !this.workers.includes(pw)) return;
      const held = pw.held.splice(0);
      if (!pw.proven && Atomics.load(current, 0) < 0) {
        // It never worked: respawning would fail the same way for every file.
        this.fatal ??= new InternalError(`worker thread failed to start: ${err.message}`);
        for (const w of [...held, ...this.waiting.splice(0)]) w.resolve(internalErrorResult(w.task, err));
        return;
      }
      // A crashed worker loses only the file it was on: that one is reported; the files it had
      // finished without sending and those it had not started go back to the queue, first, to
      // keep their turn; the worker is replaced.
      const on = held.findIndex((w) => w.task.seq === Atomics.load(current, 0));
      const culprit = on >= 0 ? held.splice(on, 1)[0] : undefined;
      this.waiting.unshift(...held);
      this.workers[this.workers.indexOf(pw)] = this.spawn();
      culprit?.resolve(internalErrorResult(culprit.task, err));
      this.dispatch();
    };
    worker.on("error", fail);
    // A worker that ends without an error (process.exit in a dependency) would leave its files
    // waiting forever.
    worker.on("exit", (code) => fail(new Error(`worker thread exited with code ${code}`)));
    this.post(pw, { type: "init", job: this.job, current: current.buffer as SharedArrayBuffer });
    return pw;
  }

  private post(pw: PooledWorker, msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    pw.worker.postMessage(msg, transfer);
  }

  run(task: FileTask): Promise<FileResult> {
    return new Promise((resolve) => {
      if (this.fatal) return resolve(internalErrorResult(task, this.fatal));
      this.waiting.push({ task, resolve });
      this.dispatch();
    });
  }

  private dispatch(): void {
    if (this.waiting.length === 0) return;
    // Top up the least loaded worker first, so that files spread evenly while the queue is short.
    const order = [...this.workers].sort((a, b) => a.held.length - b.held.length);
    for (const pw of order) {
      const tasks: FileTask[] = [];
      const transfer: ArrayBuffer[] = [];
      while (pw.held.length < HELD_PER_WORKER && this.waiting.length > 0) {
        const next = this.waiting.shift()!;
        pw.held.push(next);
        tasks.push(next.task);
        // Transfer only a buffer the bytes own whole: Node's pooled buffers are untransferable
        // (ignored by Node 20, a DataCloneError from Node 21 on), so those are copied instead.
        const b = next.task.bytes;
        if (b && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength) transfer.push(b.buffer as ArrayBuffer);
      }
      if (tasks.length > 0) this.post(pw, { type: "tasks", tasks }, transfer);
    }
  }

  /** Stops the workers; tasks still pending resolve as interrupted so no caller waits forever. */
  async close(): Promise<void> {
    this.closing = true;
    const pending = [...this.waiting, ...this.workers.flatMap((w) => w.held.splice(0))];
    this.waiting.length = 0;
    for (const p of pending) p.resolve(internalErrorResult(p.task, new Error("interrupted")));
    await Promise.all(this.workers.map((w) => w.worker.terminate().catch(() => undefined)));
  }
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/**
 * Checks a job's filter where the job is made, once: threads trust the plain data they receive.
 * A bad filter is a bug in the command that made it.
 */
function checkJob(job: Job): void {
  const problem = filterSpecProblem(job.filter);
  if (problem !== undefined) throw new InternalError(`invalid filter: ${problem}`);
}

/**
 * A pool that processes files on request, for callers that decide what to read as they go
 * (validate-logs follows a digest chain). Results come back per request, not in a stream.
 */
export interface FilePool {
  /** Processes one file (a path relative to `cwd` or absolute). */
  submit(filePath: string): Promise<FileResult>;
  close(): Promise<void>;
}

/** Starts a pool for the job; `threads: 1` processes inline on the calling thread. */
export function createFilePool(job: Job, opts: { threads: number; cwd: string }): FilePool {
  checkJob(job);
  let seq = 0;
  const task = (filePath: string): FileTask => ({
    seq: seq++,
    openPath: path.resolve(opts.cwd, filePath),
    bytes: undefined,
    path: filePath,
    role: "log",
    explicit: true,
    accountId: undefined,
    region: undefined,
  });
  if (opts.threads <= 1) {
    const compiled = compileJob(job);
    return { submit: async (p) => processFile(task(p), await compiled), close: async () => {} };
  }
  const pool = new WorkerPool(job, opts.threads);
  return {
    async submit(p) {
      const r = await pool.run(task(p));
      if (pool.fatal) throw pool.fatal;
      return r;
    },
    close: () => pool.close(),
  };
}

/**
 * Reads the files with the job and yields one result per file, in the order the files came; a
 * file too large to parse as one document is streamed here when its turn comes, as several parts
 * (stream-file.ts).
 */
export async function* readFiles(
  files: AsyncIterable<SourceFile>,
  job: Job,
  opts: ReadOptions,
): AsyncGenerator<FileResult> {
  checkJob(job);
  let seq = 0;
  let compiledHere: Promise<CompiledJob> | undefined;
  const expand = async function* (r: FileResult, task: FileTask): AsyncGenerator<FileResult> {
    if (!r.stream) return yield r;
    compiledHere ??= compileJob(job);
    yield* streamFile(task, await compiledHere);
  };
  if (opts.threads <= 1) {
    compiledHere = compileJob(job);
    const compiled = await compiledHere;
    for await (const file of files) {
      if (aborted(opts.signal)) throw new AbortedError();
      const task = await toTask(file, seq++, opts);
      yield* expand(await processFile(task, compiled), task);
      // Let signal handlers and stdout drain run between files.
      await new Promise((r) => setImmediate(r));
    }
    return;
  }
  const pool = new WorkerPool(job, opts.threads);
  const queue: { task: FileTask; result: Promise<FileResult> }[] = [];
  const mostInFlight = opts.threads * IN_FLIGHT_PER_THREAD;
  const leastInFlight = opts.threads * 2;
  let maxInFlight = mostInFlight;
  let meanBytes = 0;
  let seen = 0;
  const weigh = (r: FileResult) => {
    // A running mean over the last few dozen files: trees mix hours of little and much activity.
    meanBytes += (resultBytes(r) - meanBytes) / Math.min(++seen, 32);
    maxInFlight = Math.max(leastInFlight, Math.min(mostInFlight, Math.floor(IN_FLIGHT_RESULT_BYTES / Math.max(meanBytes, 1))));
  };
  const onAbort = () => void pool.close();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const next = async function* (): AsyncGenerator<FileResult> {
    if (aborted(opts.signal)) throw new AbortedError();
    const { task, result } = queue.shift()!;
    const r = await result;
    // An abort while waiting resolves the file as interrupted: that is not a result to report.
    if (aborted(opts.signal)) throw new AbortedError();
    if (pool.fatal) throw pool.fatal;
    weigh(r);
    yield* expand(r, task);
  };
  try {
    for await (const file of files) {
      if (aborted(opts.signal)) throw new AbortedError();
      const task = await toTask(file, seq++, opts);
      queue.push({ task, result: pool.run(task) });
      while (queue.length >= maxInFlight) yield* next();
    }
    while (queue.length > 0) yield* next();
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    // Not awaited: a worker takes some 20 ms to end, which the command's own last steps (DuckDB's
    // load and query, flushing output) can use; every result has arrived and any late message is
    // ignored, and the process still waits for the workers before it exits.
    void pool.close();
  }
}
