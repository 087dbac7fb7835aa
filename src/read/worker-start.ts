// Starts worker threads: finds the worker's code (compiled, or the TypeScript sources under tsx),
// and can start workers ahead of their job so their start-up overlaps the main thread's. Imports
// nothing of the reader itself: the CLI calls it before loading any command code.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { InternalError } from "../errors.js";

function workerEntry(): URL {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) {
    // Running from TypeScript sources (tests, development): a bootstrap module registers tsx's
    // loader inside the worker, then loads the .ts worker. tsx is a development dependency only.
    const api = createRequire(import.meta.url).resolve("tsx/esm/api").replace(/index\.cjs$/, "index.mjs");
    const worker = new URL("./worker.ts", import.meta.url).href;
    const code = `import { register } from ${JSON.stringify(pathToFileURL(api).href)}; register(); await import(${JSON.stringify(worker)});`;
    return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
  }
  const js = new URL("./worker.js", import.meta.url);
  if (!existsSync(fileURLToPath(js))) throw new InternalError(`worker script missing: ${fileURLToPath(js)}`);
  return js;
}

/** A worker started before its job was known; `error` is set if it failed meanwhile. */
interface Prewarmed {
  worker: Worker;
  error?: Error;
}

const prewarmed: Prewarmed[] = [];

/**
 * Starts `n` workers ahead of their job, so that their start-up (loading the reader's code, about
 * a tenth of a second) overlaps the main thread's own. Pools take them before starting new ones;
 * those never taken do not keep the process alive.
 */
export function prewarmWorkers(n: number): void {
  for (let i = 0; i < n; i++) {
    const entry: Prewarmed = { worker: new Worker(workerEntry()) };
    entry.worker.unref();
    entry.worker.once("error", (err) => (entry.error = err));
    prewarmed.push(entry);
  }
}

/** A started worker for a pool: a prewarmed one that is still healthy, else a new one. */
export function startWorker(): Worker {
  for (let entry = prewarmed.shift(); entry; entry = prewarmed.shift()) {
    if (entry.error === undefined) {
      entry.worker.removeAllListeners("error");
      entry.worker.ref();
      return entry.worker;
    }
    void entry.worker.terminate();
  }
  return new Worker(workerEntry());
}

