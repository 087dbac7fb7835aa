// Ceiling for the validate-logs benchmark: the hash-loop.mjs work split over N worker threads
// (default 2), with nothing else: no digests, no order, no checks. What two cores can do for
// gunzip + SHA-256 on this machine, to read ct validate-logs' own figure against.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";

function list(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) list(p, out);
    else if (e.name.endsWith(".json.gz") && (p.includes(`${path.sep}CloudTrail${path.sep}`) || p.includes(`${path.sep}CloudTrail-Digest${path.sep}`))) out.push(p);
  }
  return out;
}

if (isMainThread) {
  const files = list(process.argv[2], []);
  const n = Number(process.argv[3] ?? 2);
  let done = 0;
  for (let w = 0; w < n; w++) {
    new Worker(new URL(import.meta.url), { workerData: files.filter((_, i) => i % n === w) }).on("message", (count) => {
      done += count;
      if (done === files.length) process.stdout.write(`${done}\n`);
    });
  }
} else {
  for (const f of workerData) createHash("sha256").update(zlib.gunzipSync(readFileSync(f))).digest("hex");
  parentPort.postMessage(workerData.length);
}
