// Worker-thread entry: receives the job once, then file tasks, and posts one FileResult per task.
// It holds no state between files except the compiled job. Errors that escape processFile are
// bugs; they are posted back as an error result so the run goes on and the user sees them.
import { parentPort } from "node:worker_threads";
import { type FileTask, type Job, internalErrorResult } from "./job.js";
import { type CompiledJob, compileJob, processFile } from "./process-file.js";

let compiled: Promise<CompiledJob> | undefined;

parentPort?.on("message", async (msg: { type: "init"; job: Job } | { type: "task"; task: FileTask }) => {
  if (msg.type === "init") {
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
  let job: CompiledJob;
  try {
    // Tasks that arrive while the job's processor loads wait on the same promise, in order.
    job = await compiled!;
  } catch {
    return;
  }
  try {
    parentPort!.postMessage(processFile(msg.task, job));
  } catch (err) {
    parentPort!.postMessage(internalErrorResult(msg.task, err));
  }
});
