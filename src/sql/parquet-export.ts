// Writes the staged rows as Parquet with DuckDB's COPY: hive-partitioned folders, zstd, one file
// per partition (Parquet is split by row group, so a large day stays readable in parallel); events
// rows sorted by time so engines can skip row groups, written by several one-thread COPYs side by
// side, each with its own share of the partitions. `events` gives Athena's layout
// (account=/region=/date=); OCSF gives one folder per class in Security Lake's custom-source
// layout (region=/accountId=/eventDay=), unsorted. Writes into a staging folder; partition-commit.ts
// moves it into place. Events files found out of time order after the COPY are rewritten sorted.
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Database, DuckDbConnection } from "./duckdb.js";
import { ATHENA_COLUMNS, CT_COLUMNS, PARTITION_COLUMNS, quoteIdent, quoteString } from "./events-schema.js";
import { OCSF_CLASS_FOLDERS, type OcsfClass } from "./ocsf-map.js";
import { OCSF_PARTITION_COLUMNS, ocsfColumnsOf } from "./ocsf-schema.js";

/** DuckDB could not write the files (out of memory, disk full ...); its message is kept. */
export class ParquetWriteError extends Error {}

/** Parquet row group size in rows: DuckDB's default, a few MB of CloudTrail per group. */
const ROW_GROUP_SIZE = 122_880;

const options = (partitionBy: readonly string[]) =>
  `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE}, PARTITION_BY (${partitionBy.map(quoteIdent).join(", ")}), ` +
  `FILENAME_PATTERN 'part-{i}', OVERWRITE_OR_IGNORE`;

/**
 * Runs COPY statements side by side, each on its own connection with one DuckDB thread and
 * insertion order kept: several threads on one COPY interleave a partition's chunks, and its
 * rows would no longer be sorted by time, while statements that write different partitions can
 * run at once. Waits for all of them before it reports the first failure.
 */
async function orderedCopies(db: Database, statements: readonly string[]): Promise<void> {
  const conn = db.connection;
  const threads = (await conn.runAndReadAll("SELECT current_setting('threads')")).getRowsJS()[0]![0];
  await conn.run("SET preserve_insertion_order = true");
  await conn.run("SET threads = 1");
  try {
    const conns = [conn];
    while (conns.length < statements.length) conns.push(await db.connect());
    const done = await Promise.allSettled(statements.map((sql, i) => conns[i]!.run(sql)));
    const failed = done.find((d): d is PromiseRejectedResult => d.status === "rejected");
    if (failed) throw new ParquetWriteError((failed.reason as Error).message);
  } finally {
    await conn.run(`SET threads = ${Number(threads)}`);
    await conn.run("SET preserve_insertion_order = false");
  }
}

/** The exported columns of `events`: Athena's columns and ct's category (partitions are folders). */
export const PARQUET_COLUMNS: readonly string[] = [...ATHENA_COLUMNS.map((c) => c.name), ...CT_COLUMNS.map((c) => c.name).filter((n) => !(PARTITION_COLUMNS as readonly string[]).includes(n))];

/**
 * Most COPY statements run at once: each takes one thread of Node's pool (four by default, shared
 * with file I/O) for as long as it writes.
 */
const MAX_WAYS = 4;

/** The order of the rows in each events file; NULLs last, as DuckDB's ORDER BY puts them. */
const FILE_ORDER = "eventtime, eventid";

/** The table that assigns each partition of `events` to one of the side-by-side writes. */
const WAYS_TABLE = "ct_export_ways";

/**
 * Writes `table` (the events table) to `dir` as account=/region=/date=/part-N.parquet, each file
 * sorted by time (but see sortUnsortedFiles). With `ways` > 1 the partitions are shared among that
 * many writes of about equal rows, run side by side (a partition always goes whole to one write,
 * so its file is the same).
 */
export async function copyEventsToParquet(db: Database, table: string, dir: string, ways: number): Promise<void> {
  const cols = [...PARQUET_COLUMNS, ...PARTITION_COLUMNS].map(quoteIdent).join(", ");
  const keys = PARTITION_COLUMNS.map(quoteIdent);
  const order = `ORDER BY ${keys.join(", ")}, ${FILE_ORDER}`;
  const copy = (from: string) => `COPY (SELECT ${cols} FROM ${from} ${order}) TO ${quoteString(dir)} (${options(PARTITION_COLUMNS)})`;
  const n = Math.max(1, Math.min(MAX_WAYS, Math.floor(ways)));
  if (n === 1) return orderedCopies(db, [copy(quoteIdent(table))]);
  // Write w takes the partitions whose rows, counted in partition order, fall in its n-th of the total.
  await db.connection.run(
    `CREATE OR REPLACE TABLE ${WAYS_TABLE} AS SELECT ${keys.join(", ")}, ` +
      `least(${n - 1}, floor((sum(n) OVER (ORDER BY ${keys.join(", ")}) - n) * ${n} / sum(n) OVER ()))::INTEGER AS way ` +
      `FROM (SELECT ${keys.join(", ")}, count(*) AS n FROM ${quoteIdent(table)} GROUP BY ALL)`,
  );
  const used = (await db.connection.runAndReadAll(`SELECT DISTINCT way FROM ${WAYS_TABLE} ORDER BY way`)).getRowsJS().map((r) => Number(r[0]));
  // NULL partition values (records without an account, say) match their own partition too.
  const same = keys.map((k) => `e.${k} IS NOT DISTINCT FROM w.${k}`).join(" AND ");
  await orderedCopies(
    db,
    used.map((w) => copy(`${quoteIdent(table)} e SEMI JOIN (SELECT * FROM ${WAYS_TABLE} WHERE way = ${w}) w ON ${same}`)),
  );
}

/**
 * Rewrites, sorted, each events file under `dir` (account=/region=/date=/*.parquet) whose rows
 * are out of time order, and returns those files. DuckDB's partitioned COPY can hand a
 * partition's rows to its file out of order even on one thread, at some internal batch boundary
 * (on the benchmark tree, one file in 24 held two sorted runs), while a one-file COPY keeps its
 * ORDER BY. Checking reads two columns of the output; rewriting touches only the files at fault.
 */
export async function sortUnsortedFiles(conn: DuckDbConnection, dir: string): Promise<string[]> {
  const files = quoteString(path.join(dir, "*", "*", "*", "*.parquet"));
  // A row is out of order when it sorts before the row written just before it (the first row of
  // a file has no such row: its lag is NULL, which compares as larger).
  const unsorted = (
    await conn.runAndReadAll(
      `SELECT DISTINCT filename FROM (SELECT filename, file_row_number, (${FILE_ORDER}) < (lag(eventtime) OVER w, lag(eventid) OVER w) AS back ` +
        `FROM read_parquet(${files}, filename = true, file_row_number = true, hive_partitioning = false) ` +
        `WINDOW w AS (PARTITION BY filename ORDER BY file_row_number)) WHERE back AND file_row_number > 0 ORDER BY filename`,
    )
  )
    .getRowsJS()
    .map((r) => String(r[0]));
  await conn.run("SET preserve_insertion_order = true");
  try {
    for (const file of unsorted) {
      const sorted = `${file}.sorting`;
      try {
        await conn.run(
          `COPY (SELECT * FROM read_parquet(${quoteString(file)}, hive_partitioning = false) ORDER BY ${FILE_ORDER}) TO ${quoteString(sorted)} ` +
            `(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_SIZE})`,
        );
        await rename(sorted, file);
      } catch (err) {
        await rm(sorted, { force: true });
        throw new ParquetWriteError((err as Error).message);
      }
    }
  } finally {
    await conn.run("SET preserve_insertion_order = false");
  }
  return unsorted;
}

/** Writes each OCSF class present in `table` to `dir/<class folder>/region=/accountId=/eventDay=/`. */
export async function copyOcsfToParquet(conn: DuckDbConnection, table: string, dir: string): Promise<OcsfClass[]> {
  const present = (await conn.runAndReadAll(`SELECT DISTINCT class_uid FROM ${quoteIdent(table)} ORDER BY class_uid`))
    .getRowsJS()
    .map((r) => Number(r[0]) as OcsfClass);
  for (const cls of present) {
    const cols = [...ocsfColumnsOf(cls), ...OCSF_PARTITION_COLUMNS].map(quoteIdent).join(", ");
    const out = `${dir}/${OCSF_CLASS_FOLDERS[cls]}`;
    // Unsorted: OCSF rows are wide (request, response and unmapped data), and sorting them within
    // the memory limit is what ran out of memory first; Security Lake does not rely on row order.
    try {
      await conn.run(`COPY (SELECT ${cols} FROM ${quoteIdent(table)} WHERE class_uid = ${cls}) TO ${quoteString(out)} (${options(OCSF_PARTITION_COLUMNS)})`);
    } catch (err) {
      throw new ParquetWriteError((err as Error).message);
    }
  }
  return present;
}
