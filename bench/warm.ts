// Reads every file below a directory once, so that the benchmark measures ct and its baselines,
// not the disk: a tree generated in an earlier session is no longer in the page cache, and on a
// virtual disk a cold read of 100,000 small files took minutes. It does not time anything.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Reads the files below `dir` and returns how many there were. */
export function warmCache(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        readFileSync(p);
        n++;
      }
    }
  };
  walk(dir);
  return n;
}
