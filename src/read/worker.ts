// Worker-thread entry: receives the job once, then batches of file tasks, and posts their
// FileResults back in batches, in the order the tasks came. It holds no state between files except
// the compiled job. Errors that escape processFile are bugs; they are posted back as an error
// result so the run goes on and the user sees them.
import { parentPort, receiveMessageOnPort } from "node:worker_threads";
import { type FileResult, type FileTask, type Job, internalErrorResult } from "./job.js";
import { type CompiledJob, compileJob, processFile } from "./process-file.js";

export type ToWorker = { type: "init"; job: Job; current: SharedArrayBuffer } | { type: "tasks"; tasks: FileTask[] };

/**
 * Results are posted a few at a time: every message wakes the main thread, and on two cores that
 * wake-up takes the core from a worker. They go out as soon as the worker is low on work, so the
 * main thread can hand it more before it runs dry.
 */
const MAX_BATCH = 8;
const LOW_WATER = 4;

/**
 * Tests only: a worker ends abruptly on a file whose path ends with this, as one killed by an
 * out-of-memory error would, so the pool's recovery can be tested (test/unit/read/pool.test.ts).
 */
const EXIT_ON = process.env["CT_TEST_WORKER_EXIT_ON"] || undefined;

let compiled: Promise<CompiledJob> | undefined;
/** Shared with the pool: the seq of the task this worker is on (see pool.ts). */
let current: Int32Array | undefined;
const queue: FileTask[] = [];
let pumping = false;

function take(msg: ToWorker): void {
  if (msg.type === "init") {
    current = new Int32Array(msg.current);
    compiled = compileJob(msg.job);
    // A job that cannot compile would fail every task: end the worker with the error instead, so
    // the pool stops the run once (a worker error before any result).
    compiled.catch((err: unknown) =>
      process.nextTick(() => {
        throw err;
      }),
    );
    return;
  }
  for (const t of msg.tasks) queue.push(t);
}

/** Moves the messages already waiting on the port into the queue, without yielding. */
function drainPort(): void {
  for (let m = receiveMessageOnPort(parentPort!); m !== undefined; m = receiveMessageOnPort(parentPort!)) take(m.message as ToWorker);
}

function post(results: FileResult[], job: CompiledJob): void {
  const transfer = job.transferables ? results.flatMap((r) => (r.status === "read" ? job.transferables!(r.output) : [])) : [];
  parentPort!.postMessage(results, transfer);
}

async function pump(): Promise<void> {
  if (pumping) return;
  pumping = true;
  let job: CompiledJob;
  try {
    job = await compiled!;
  } catch {
    return; // the worker is ending with the compile error
  }
  const batch: FileResult[] = [];
  while (queue.length > 0) {
    const task = queue.shift()!;
    if (current) Atomics.store(current, 0, task.seq);
    if (EXIT_ON !== undefined && task.path.endsWith(EXIT_ON)) process.exit(70);
    try {
      batch.push(await processFile(task, job));
    } catch (err) {
      batch.push(internalErrorResult(task, err));
    }
    drainPort();
    if (batch.length >= MAX_BATCH || queue.length <= LOW_WATER) post(batch.splice(0), job);
    // Back to the event loop between files: V8 finishes its garbage collections in tasks that
    // only run there, and a worker that never returned grew by tens of megabytes on big files.
    await new Promise((resolve) => setImmediate(resolve));
    drainPort();
  }
  pumping = false;
}

parentPort?.on("message", (msg: ToWorker) => {
  take(msg);
  void pump();
});
