// Baseline for the benchmark: the simplest single-threaded Node reader (gunzipSync + JSON.parse
// + a filter) over every .json.gz below a directory. Prints matches as NDJSON like ct does.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const out = [];
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".json.gz") && p.includes(`${path.sep}CloudTrail${path.sep}`)) {
      const { Records } = JSON.parse(zlib.gunzipSync(readFileSync(p)).toString("utf8"));
      for (const r of Records) if (r.userIdentity?.userName === "alice") out.push(JSON.stringify(r));
      if (out.length > 1000) process.stdout.write(`${out.splice(0).join("\n")}\n`);
    }
  }
}
walk(process.argv[2]);
if (out.length) process.stdout.write(`${out.join("\n")}\n`);
