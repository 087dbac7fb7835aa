// Scale benchmark: ct over 100,000 small files, over a multi-GB tree, and given one 1 GiB file,
// reporting wall time, files/s and peak RSS (GNU time's %M) and checking that memory stays under
// 300 MB whatever the size of the input. Trees are generated under bench/data (ignored by git) and
// reused. It does not measure throughput against baselines: bench/run.ts does.
// Usage: tsx bench/scale.ts [--files 100000] [--tree-mb 2000] [--big-file-mb 1024] [--threads N]
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { warmCache } from "./warm.js";
import { generateTree } from "./generate-tree.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CT = path.join(ROOT, "bin/ct.js");
const RSS_LIMIT_MB = 300;

export interface ScaleOptions {
  files: number;
  treeMb: number;
  bigFileMb: number;
  threads: string;
}

interface Run {
  name: string;
  seconds: number;
  peakRssMb: number;
  files: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Options from the command line (also when bench/run.ts calls the scale section). */
export function scaleOptionsFromArgv(): ScaleOptions {
  return {
    files: Number(arg("files", "100000")),
    treeMb: Number(arg("tree-mb", "2000")),
    bigFileMb: Number(arg("big-file-mb", "1024")),
    threads: arg("threads", String(os.availableParallelism())),
  };
}

/** Runs ct under GNU time; stdout is counted, not kept. */
function measure(name: string, args: string[], files: number): Run {
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const res = spawnSync("/usr/bin/time", ["-f", "__TIME__ %e %M", "sh", "-c", `node ${CT} ${quoted} 2>/dev/null | wc -c >/dev/null`], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(res.stderr);
  if (!m) throw new Error(`could not measure ${name}:\n${res.stderr}`);
  return { name, seconds: Number(m[1]), peakRssMb: Number(m[2]) / 1024, files };
}

/** ct's exit code and stderr for a run whose output is not needed. */
function exitOf(args: string[]): { code: number; stderr: string } {
  const res = spawnSync(process.execPath, [CT, ...args], { encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  return { code: res.status ?? -1, stderr: res.stderr };
}

const BIG_RECORD = JSON.stringify({
  eventVersion: "1.08", eventTime: "2026-03-01T10:00:00Z", eventSource: "s3.amazonaws.com", eventName: "GetObject",
  awsRegion: "us-east-1", sourceIPAddress: "198.51.100.7", userIdentity: { type: "IAMUser", userName: "alice" },
  requestParameters: { bucketName: "big-bucket", key: "x".repeat(900) },
});
const BIG_CHUNK = `${Array.from({ length: 1000 }, () => BIG_RECORD).join(",")},`;
const BIG_HEAD = '{"Records":[';

/**
 * A plain JSON log file of about `mb` MiB, written in chunks (never held in memory); returns how
 * many records it holds (also for a file written by an earlier run).
 */
function writeBigFile(file: string, mb: number): number {
  const recordsIn = (size: number) => ((size - BIG_HEAD.length - BIG_RECORD.length - 2) / BIG_CHUNK.length) * 1000 + 1;
  if (existsSync(file) && statSync(file).size >= mb * 1024 * 1024) return recordsIn(statSync(file).size);
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  let written = 0;
  try {
    written += writeSync(fd, BIG_HEAD);
    while (written < mb * 1024 * 1024) written += writeSync(fd, BIG_CHUNK);
    written += writeSync(fd, `${BIG_RECORD}]}`);
  } finally {
    closeSync(fd);
  }
  return recordsIn(written);
}

/** How many lines ct prints for these arguments. */
function linesOf(args: string[]): { lines: number } {
  const res = spawnSync("sh", ["-c", `node ${CT} ${args.map((a) => `'${a}'`).join(" ")} 2>/dev/null | wc -l`], { encoding: "utf8" });
  return { lines: Number(res.stdout.trim()) };
}

/** Runs the scale section; prints its table and checks, and returns false when a check fails. */
export function runScale(opts: ScaleOptions): boolean {
  const endDay = new Date().toISOString().slice(0, 10);
  const smallDir = path.join(ROOT, "bench/data", `scale-${opts.files}-files`);
  process.stderr.write(`scale: generating ${opts.files} one-record files in ${path.relative(ROOT, smallDir)} ...\n`);
  // One record of about 1.3 KB per file: sizeMb chosen so the generator writes `files` files.
  const small = generateTree({ dir: smallDir, sizeMb: (opts.files * 1300) / 1e6, days: 30, endDay, perFile: 1, version: 3 });
  const bigDir = path.join(ROOT, "bench/data", `scale-tree-${opts.treeMb}mb`);
  process.stderr.write(`scale: generating a ${opts.treeMb} MB tree in ${path.relative(ROOT, bigDir)} ...\n`);
  const big = generateTree({ dir: bigDir, sizeMb: opts.treeMb, days: 30, endDay, perFile: 400, version: 3 });
  const bigFile = path.join(ROOT, "bench/data", `scale-single-${opts.bigFileMb}mb`, "huge.json");
  process.stderr.write(`scale: writing one ${opts.bigFileMb} MiB file ...\n`);
  const bigRecords = writeBigFile(bigFile, opts.bigFileMb);

  process.stderr.write("scale: reading the trees once (page cache) ...\n");
  for (const dir of [smallDir, bigDir, path.dirname(bigFile)]) warmCache(dir);

  const j = ["-j", opts.threads];
  const runs: Run[] = [
    measure(`lookup --user alice, ${small.files} files (streamed)`, ["lookup", "--user", "alice", "-o", "ndjson", "--sort", "none", ...j, smallDir], small.files),
    measure(`lookup, every event sorted, ${small.files} files`, ["lookup", "-o", "ndjson", ...j, smallDir], small.files),
    measure(`summary --by user, ${small.files} files`, ["summary", "--by", "user", "-o", "json", ...j, smallDir], small.files),
    measure(`lookup, every event sorted, ${(big.uncompressedBytes / 1e9).toFixed(1)} GB tree`, ["lookup", "-o", "ndjson", ...j, bigDir], big.files),
    measure(`summary, ${(big.uncompressedBytes / 1e9).toFixed(1)} GB tree`, ["summary", "-o", "json", ...j, bigDir], big.files),
    measure(`check, ${(big.uncompressedBytes / 1e9).toFixed(1)} GB tree`, ["check", "-o", "json", ...j, bigDir], big.files),
    measure(`lookup, one ${opts.bigFileMb} MiB file`, ["lookup", "-o", "ndjson", ...j, bigFile], 1),
  ];
  // Larger than one JSON document can be: read record by record, every record printed.
  const bigRun = exitOf(["summary", "-o", "json", ...j, bigFile]);
  const bigLines = linesOf(["lookup", "-o", "ndjson", "--sort", "none", ...j, bigFile]);

  const w = Math.max(...runs.map((r) => r.name.length));
  process.stdout.write(`\n${"scale case".padEnd(w)}  ${"seconds".padStart(8)}  ${"files/s".padStart(9)}  ${"peak RSS".padStart(9)}\n`);
  for (const r of runs)
    process.stdout.write(
      `${r.name.padEnd(w)}  ${r.seconds.toFixed(2).padStart(8)}  ${(r.files / Math.max(r.seconds, 0.01)).toFixed(0).padStart(9)}  ${`${r.peakRssMb.toFixed(0)} MB`.padStart(9)}\n`,
    );
  const checks: [string, boolean][] = runs.map((r) => [`${r.name}: peak RSS < ${RSS_LIMIT_MB} MB (${r.peakRssMb.toFixed(0)} MB)`, r.peakRssMb < RSS_LIMIT_MB]);
  checks.push([
    `one ${opts.bigFileMb} MiB file is read whole: ${bigLines.lines} of ${bigRecords} events printed, summary exit ${bigRun.code}${bigRun.stderr ? ` (${bigRun.stderr.trim().split("\n")[0]})` : ""}`,
    bigLines.lines === bigRecords && bigRun.code === 0,
  ]);
  let ok = true;
  for (const [text, pass] of checks) {
    process.stdout.write(`${pass ? "PASS" : "FAIL"}  ${text}\n`);
    ok &&= pass;
  }
  return ok;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(path.join(ROOT, "dist/main.js"))) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  process.exitCode = runScale(scaleOptionsFromArgv()) ? 0 : 1;
}
