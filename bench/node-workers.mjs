// Ceiling for the benchmark: the node-loop.mjs reader split over N worker threads (default 2), with
// nothing else: no checks, no order, matches printed as each worker finishes. What two cores can
// do for gunzip + JSON.parse on this machine, to read ct's own figure against.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import zlib from "node:zlib";

function list(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) list(p, out);
    else if (e.name.endsWith(".json.gz") && p.includes(`${path.sep}CloudTrail${path.sep}`)) out.push(p);
  }
  return out;
}

if (isMainThread) {
  const files = list(process.argv[2], []);
  const n = Number(process.argv[3] ?? 2);
  for (let w = 0; w < n; w++) {
    new Worker(new URL(import.meta.url), { workerData: files.filter((_, i) => i % n === w) }).on("message", (text) => {
      if (text) process.stdout.write(text);
    });
  }
} else {
  const out = [];
  for (const f of workerData) {
    const { Records } = JSON.parse(zlib.gunzipSync(readFileSync(f)).toString("utf8"));
    for (const r of Records) if (r.userIdentity?.userName === "alice") out.push(JSON.stringify(r));
  }
  parentPort.postMessage(out.length ? `${out.join("\n")}\n` : "");
}
