// `npm run bench`: generates its own tree and measures ct against the baselines named in the
// issues, in one run on this machine: throughput (MB/s of decompressed JSON), peak RSS, files
// opened by a pruned lookup. Prints a table and exits 1 when a target is missed.
// Shared machines are noisy: each comparison (ct, jq and the plain node loops alike) runs --rounds
// times, interleaved, and each row reports its median time (and the largest peak RSS).
// With @duckdb/node-api installed it also measures ct sql and ct export on the same tree.
// Usage: npm run bench -- [--size-mb 400] [--days 7] [--prune-days 30] [--threads N] [--rounds 5] [--skip-jq] [--skip-scale]
//        (scale section flags: --files 100000 --tree-mb 2000 --big-file-mb 1024, see bench/scale.ts)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { duckdbExportSql } from "./duckdb-export.js";
import { generateTree } from "./generate-tree.js";
import { warmCache } from "./warm.js";
import { runScale, scaleOptionsFromArgv } from "./scale.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CT = path.join(ROOT, "bin/ct.js");

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

interface Measured {
  seconds: number;
  peakRssMb: number;
  stdoutLines: number;
  stderr: string;
}

/** Runs a shell command under GNU time, returning wall time and the peak RSS of the largest process. */
function measure(command: string): Measured {
  const res = spawnSync("/usr/bin/time", ["-f", "__TIME__ %e %M", "sh", "-c", `${command} | wc -l`], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(res.stderr);
  if (!m) throw new Error(`could not measure: ${command}\n${res.stderr}`);
  return {
    seconds: Number(m[1]),
    peakRssMb: Number(m[2]) / 1024,
    stdoutLines: Number(res.stdout.trim()),
    stderr: res.stderr.replace(/__TIME__.*\n?/, ""),
  };
}

/**
 * Runs the commands `rounds` times, one of each per round (so that a slow spell of the machine
 * hits all of them alike), and returns each command's median time and largest peak RSS.
 */
function measureRounds<K extends string>(commands: Record<K, string>, rounds: number): Record<K, Measured> {
  const runs = {} as Record<K, Measured[]>;
  for (let i = 0; i < rounds; i++)
    for (const key of Object.keys(commands) as K[]) (runs[key] ??= []).push(measure(commands[key]));
  const out = {} as Record<K, Measured>;
  for (const key of Object.keys(runs) as K[]) {
    const sorted = [...runs[key]].sort((a, b) => a.seconds - b.seconds);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    out[key] = { ...median, peakRssMb: Math.max(...sorted.map((m) => m.peakRssMb)) };
  }
  return out;
}

/** Whether the optional DuckDB package is installed (ct sql and ct export need it). */
function hasDuckDb(): boolean {
  try {
    createRequire(import.meta.url).resolve("@duckdb/node-api");
    return true;
  } catch {
    return false;
  }
}

interface Row {
  name: string;
  seconds: number;
  mbps: number;
  peakRssMb: number;
  note: string;
}

function main(): void {
  const sizeMb = Number(arg("size-mb", "400"));
  // The scan tree is as dense as a busy account's: a log file per region every few minutes
  // (about 130 KB each), so digests carry realistic numbers of log files.
  const days = Number(arg("days", "7"));
  const threads = arg("threads", String(os.availableParallelism()));
  const dir = path.join(ROOT, "bench/data", `tree-${sizeMb}mb-${days}d`);
  process.stderr.write(`generating ${sizeMb} MB over ${days} days in ${path.relative(ROOT, dir)} ...\n`);
  // The trees end today so that relative windows (--since 1d) land inside them.
  const endDay = new Date().toISOString().slice(0, 10);
  const info = generateTree({ dir, sizeMb, days, endDay, perFile: 100, version: 3 });
  // Pruning is measured on its own 30-day tree: a one-day window must open one day of files.
  const pruneDays = Number(arg("prune-days", "30"));
  const pruneDir = path.join(ROOT, "bench/data", `prune-tree-${pruneDays}d`);
  const pruneInfo = generateTree({ dir: pruneDir, sizeMb: Math.max(20, pruneDays * 2), days: pruneDays, endDay, perFile: 20, version: 3 });
  const mb = info.uncompressedBytes / 1e6;
  process.stderr.write(
    `${info.files} files, ${info.records} records, ${mb.toFixed(0)} MB uncompressed, ${(info.compressedBytes / 1e6).toFixed(0)} MB gzipped, ${info.aliceRecords} alice records\n`,
  );
  const rows: Row[] = [];
  const add = (name: string, m: Measured, note = "") =>
    rows.push({ name, seconds: m.seconds, mbps: mb / m.seconds, peakRssMb: m.peakRssMb, note });

  process.stderr.write("reading the trees once (page cache) ...\n");
  warmCache(dir);
  warmCache(pruneDir);
  // Five rounds: on a shared two-core machine the medians of three moved by about 15% between runs.
  const rounds = Math.max(1, Number(arg("rounds", "5")));
  process.stderr.write(`lookup comparisons: ${rounds} interleaved rounds, medians reported\n`);
  // ct sql answers the lookup's question; it runs in the same rounds so the two compare fairly.
  const duck = hasDuckDb();
  const withJq = !process.argv.includes("--skip-jq") && spawnSync("jq", ["--version"]).status === 0;
  if (!withJq) process.stderr.write("jq not run (missing or --skip-jq)\n");
  const sqlAlice = (tree: string) => `node ${CT} sql "SELECT count(*) FROM events WHERE useridentity.username = 'alice'" -j ${threads} ${tree}`;
  const lookupAlice = (tree: string) => `node ${CT} lookup --user alice --output ndjson --sort none -j ${threads} ${tree}`;
  // The same question on a one-file tree: what ct sql costs beyond the scan (DuckDB's start-up,
  // planning, load, query and close), which no scan speed can win back.
  const smallDir = path.join(ROOT, "bench/data", "tree-small-1d");
  generateTree({ dir: smallDir, sizeMb: 0.1, days: 1, endDay, perFile: 100, version: 3 });
  const core: Record<string, Measured> = measureRounds<string>(
    {
      ...(duck ? { sql: sqlAlice(dir), sqlSmall: sqlAlice(smallDir), lookupSmall: lookupAlice(smallDir) } : {}),
      // In the same rounds as ct, so a slow spell of the machine cannot favour either side.
      ...(withJq
        ? {
            jq: `find ${dir} -path '*/CloudTrail/*' -name '*.json.gz' -print0 | sort -z | xargs -0 zcat | jq -c '.Records[] | select(.userIdentity.userName=="alice")'`,
          }
        : {}),
      ct: lookupAlice(dir),
      ctSorted: `node ${CT} lookup --user alice --output ndjson -j ${threads} ${dir}`,
      ctOne: `node ${CT} lookup --user alice --output ndjson --sort none -j 1 ${dir}`,
      // Every record parsed and checked, as summary and check must: the full scan they compare with.
      ctAll: `node ${CT} lookup --user alice --output ndjson --sort none --check-all -j ${threads} ${dir}`,
      loop: `node ${path.join(ROOT, "bench/node-loop.mjs")} ${dir}`,
      workers: `node ${path.join(ROOT, "bench/node-workers.mjs")} ${dir} ${threads}`,
      // The other reading commands on the same full scan (issue targets: summary ≤ 1.3×, check ≤ 1.5× the lookup full scan).
      summary: `node ${CT} summary -o json -j ${threads} ${dir}`,
      check: `node ${CT} check --rules cis,security -o json -j ${threads} ${dir}`,
    },
    rounds,
  );
  const [ct, ctSorted, ctOne, ctAll, loop, workers, summary, check] = ["ct", "ctSorted", "ctOne", "ctAll", "loop", "workers", "summary", "check"].map((k) => core[k]!) as [
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
    Measured,
  ];
  const sql = core["sql"];
  if (ct.stdoutLines !== info.aliceRecords) throw new Error(`ct found ${ct.stdoutLines} alice records, expected ${info.aliceRecords}`);
  add(`ct lookup --user alice (ndjson, ${threads} threads)`, ct, `${ct.stdoutLines} matches`);
  add("ct lookup --user alice (sorted, newest first)", ctSorted);
  add("ct lookup --user alice (1 thread, inline)", ctOne);
  if (ctAll.stdoutLines !== info.aliceRecords) throw new Error("ct --check-all found a different number of records");
  add("ct lookup --user alice --check-all (every record parsed)", ctAll);
  if (loop.stdoutLines !== info.aliceRecords) throw new Error("node loop found a different number of records");
  add("node: gunzipSync + JSON.parse loop (1 thread)", loop);
  if (workers.stdoutLines !== info.aliceRecords) throw new Error("node worker loop found a different number of records");
  add(`node: the same loop on ${threads} worker threads (no checks)`, workers);

  const jq = core["jq"];
  if (jq) add("zcat | jq -c '.Records[] | select(...)'", jq);

  add("ct summary (json)", summary);
  add("ct check --rules cis,security (json)", check);

  // validate-logs: gunzip + SHA-256 of every log file plus the digest chains, against a plain loop.
  const { validate, hashLoop, hashWorkers } = measureRounds(
    {
      validate: `node ${CT} validate-logs --public-keys ${info.publicKeysFile} --until now -j ${threads} ${dir} 2>&1 | tail -3`,
      hashLoop: `node ${path.join(ROOT, "bench/hash-loop.mjs")} ${dir}`,
      hashWorkers: `node ${path.join(ROOT, "bench/hash-workers.mjs")} ${dir} ${threads}`,
    },
    rounds,
  );
  add("ct validate-logs (digests, signatures, hashes)", validate, validate.stderr.trim().split("\n").pop() ?? "");
  add("node: gunzipSync + SHA-256 loop (1 thread)", hashLoop);
  add(`node: the same hash loop on ${threads} worker threads (no checks)`, hashWorkers);

  // ct sql and ct export (issue targets: SQL at least as fast as lookup on the same question,
  // export at least 100 MB/s of input). DuckDB is optional: without it these rows are left out.
  let exportParquet: Measured | undefined;
  let duckdbExport: Measured | undefined;
  if (!duck) process.stderr.write("ct sql and ct export not run (@duckdb/node-api is not installed)\n");
  else {
    const out = mkdtempSync(path.join(os.tmpdir(), "ct-bench-export-"));
    try {
      add("ct sql count(*) where username = alice", sql!, "same question as the lookup");
      add("ct sql, the same on a one-file tree", core["sqlSmall"]!, "DuckDB's fixed cost: start-up, plan, load, query, close");
      add("ct lookup --user alice on the one-file tree", core["lookupSmall"]!);
      add(
        "ct sql top event names (loads eventname only)",
        measure(`node ${CT} sql "SELECT eventname, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC LIMIT 10" -j ${threads} ${dir}`),
      );
      exportParquet = measure(`node ${CT} export --to ${out}/parquet -j ${threads} ${dir}`);
      add("ct export --format parquet", exportParquet);
      add("ct export --format ocsf", measure(`node ${CT} export --to ${out}/ocsf --format ocsf -j ${threads} ${dir}`));
      add("ct export --format ndjson --gzip", measure(`node ${CT} export --to ${out}/ndjson --format ndjson --gzip -j ${threads} ${dir}`));
      const sqlFile = path.join(out, "duckdb-export.sql");
      writeFileSync(sqlFile, duckdbExportSql(dir, path.join(out, "duckdb")));
      duckdbExport = measure(`node ${path.join(ROOT, "bench/duckdb-run.mjs")} ${sqlFile} ${threads}`);
      add(`duckdb alone: raw .json.gz to the same Parquet layout (${threads} threads; no checks, no sort)`, duckdbExport);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }

  // A one-day window over the whole tree: pruning must open only that day's files (plus slack).
  const since = measure(`node ${CT} lookup --user alice --since 1d --output ndjson --stats -j ${threads} ${pruneDir}`);
  const opened = /files read (\d+)/.exec(since.stderr)?.[1];
  const perDay = pruneInfo.files / pruneDays;

  const extra = process.env["CT_BENCH_EXTRA"] ? JSON.parse(process.env["CT_BENCH_EXTRA"]) as [string, string][] : [];
  for (const [name, cmd] of extra) add(name, measure(cmd.replaceAll("{ct}", `node ${CT}`).replaceAll("{tree}", dir)));

  const w = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(`\n${"case".padEnd(w)}  ${"seconds".padStart(8)}  ${"MB/s".padStart(7)}  ${"peak RSS".padStart(9)}\n`);
  for (const r of rows)
    process.stdout.write(
      `${r.name.padEnd(w)}  ${r.seconds.toFixed(2).padStart(8)}  ${r.mbps.toFixed(0).padStart(7)}  ${`${r.peakRssMb.toFixed(0)} MB`.padStart(9)}  ${r.note}\n`,
    );
  const ctMbps = mb / ct.seconds;
  process.stdout.write(
    `\n${threads} plain worker threads, parsing every record, do ${(loop.seconds / workers.seconds).toFixed(2)}× the single-threaded loop here; ` +
      `ct lookup --check-all, which parses and checks every record too, reaches ${((workers.seconds / ctAll.seconds) * 100).toFixed(0)}% of that; ` +
      `ct lookup, which parses only the records whose text holds "alice", ${((workers.seconds / ct.seconds) * 100).toFixed(0)}%\n`,
  );
  process.stdout.write(
    `${threads} plain worker threads hashing do ${(hashLoop.seconds / hashWorkers.seconds).toFixed(2)}× the single-threaded hash loop here; ` +
      `ct validate-logs, which also reads, checks and verifies every digest and walks the chains, reaches ${((hashWorkers.seconds / validate.seconds) * 100).toFixed(0)}% of that\n`,
  );
  if (sql) {
    const fixed = core["sqlSmall"]!.seconds - core["lookupSmall"]!.seconds;
    process.stdout.write(
      `ct sql takes ${fixed.toFixed(2)} s more than ct lookup on a one-file tree (DuckDB's fixed cost) and ${(sql.seconds - ct.seconds).toFixed(2)} s more on the benchmark tree\n`,
    );
  }
  if (exportParquet && duckdbExport)
    process.stdout.write(
      `DuckDB alone, without ct's checks, filters or sort, turns the raw files into Parquet at ${(mb / duckdbExport.seconds).toFixed(0)} MB/s here; ` +
        `ct export reaches ${((duckdbExport.seconds / exportParquet.seconds) * 100).toFixed(0)}% of that\n`,
    );
  const checks: [string, boolean][] = [
    [`ct ≥ 1.5× the single-threaded node loop (${(ctMbps / (mb / loop.seconds)).toFixed(2)}×)`, ctMbps >= 1.5 * (mb / loop.seconds)],
    [`peak RSS < 300 MB (${ct.peakRssMb.toFixed(0)} MB unsorted, ${ctSorted.peakRssMb.toFixed(0)} MB sorted)`, ct.peakRssMb < 300 && ctSorted.peakRssMb < 300],
    [
      `--since 1d over ${pruneDays} days opens only the window's files (${opened} of ${pruneInfo.files} opened; one day ≈ ${perDay.toFixed(0)} files)`,
      opened !== undefined && Number(opened) <= perDay * 2 + 3 * 2,
    ],
  ];
  if (jq) checks.push([`ct ≥ 5× the jq pipeline (${(ctMbps / (mb / jq.seconds)).toFixed(1)}×)`, ctMbps >= 5 * (mb / jq.seconds)]);
  checks.push(
    [`ct summary within 1.3× of the lookup full scan, --check-all (${(summary.seconds / ctAll.seconds).toFixed(2)}×)`, summary.seconds <= 1.3 * ctAll.seconds],
    [`ct check within 1.5× of the lookup full scan, --check-all (${(check.seconds / ctAll.seconds).toFixed(2)}×)`, check.seconds <= 1.5 * ctAll.seconds],
    [
      `validate-logs ≥ 1.5× the single-threaded gunzip + SHA-256 loop (${(hashLoop.seconds / validate.seconds).toFixed(2)}×)`,
      hashLoop.seconds >= 1.5 * validate.seconds,
    ],
    [`validate-logs peak RSS < 300 MB (${validate.peakRssMb.toFixed(0)} MB)`, validate.peakRssMb < 300],
  );
  if (sql) checks.push([`ct sql at least as fast as lookup on the same question (${sql.seconds.toFixed(2)} s vs ${ct.seconds.toFixed(2)} s)`, sql.seconds <= ct.seconds]);
  if (exportParquet) checks.push([`ct export ≥ 100 MB/s of input (${(mb / exportParquet.seconds).toFixed(0)} MB/s)`, mb / exportParquet.seconds >= 100]);
  process.stdout.write(`\nmachine: ${os.cpus().length} cores, node ${process.version}\n`);
  let failed = false;
  for (const [text, ok] of checks) {
    process.stdout.write(`${ok ? "PASS" : "FAIL"}  ${text}\n`);
    failed ||= !ok;
  }
  // The scale section (bench/scale.ts: 100,000 files, a multi-GB tree, one 1 GiB file); --skip-scale leaves it out.
  if (!process.argv.includes("--skip-scale")) failed = !runScale({ ...scaleOptionsFromArgv(), threads }) || failed;
  process.exitCode = failed ? 1 : 0;
}

if (!existsSync(path.join(ROOT, "dist/main.js"))) execFileSync("npm", ["run", "build"], { stdio: "inherit" });
main();
