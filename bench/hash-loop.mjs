// Baseline for the validate-logs benchmark: a single-threaded Node loop that gunzips every log and
// digest file below a directory and takes its SHA-256 — the work validate-logs must do on the same
// files (it also parses and verifies each digest, which this loop does not).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

let n = 0;
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith(".json.gz") && (p.includes(`${path.sep}CloudTrail${path.sep}`) || p.includes(`${path.sep}CloudTrail-Digest${path.sep}`))) {
      createHash("sha256").update(zlib.gunzipSync(readFileSync(p))).digest("hex");
      n++;
    }
  }
}
walk(process.argv[2]);
process.stdout.write(`${n}\n`);
