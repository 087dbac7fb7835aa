// Writes the staged rows as Parquet with DuckDB's COPY: hive-partitioned folders, zstd, one file
// per partition (Parquet is split by row group, so a large day stays readable in parallel); events
// rows sorted by time so engines can skip row groups. `events` gives Athena's layout
// (account=/region=/date=); OCSF gives one folder per class in Security Lake's custom-source
// layout (region=/accountId=/eventDay=), unsorted. Writes into a staging folder; partition-commit.ts
// moves it into place.
import type { DuckDbConnection } from "./duckdb.js";
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
 * Runs a COPY with one DuckDB thread and insertion order kept: several threads writing one
 * partition interleave their chunks, and the rows would no longer be sorted by time.
 */
async function orderedCopy(conn: DuckDbConnection, sql: string): Promise<void> {
  const threads = (await conn.runAndReadAll("SELECT current_setting('threads')")).getRowsJS()[0]![0];
  await conn.run("SET preserve_insertion_order = true");
  await conn.run("SET threads = 1");
  try {
    await conn.run(sql);
  } catch (err) {
    throw new ParquetWriteError((err as Error).message);
  } finally {
    await conn.run(`SET threads = ${Number(threads)}`);
    await conn.run("SET preserve_insertion_order = false");
  }
}

/** The exported columns of `events`: Athena's columns and ct's category (partitions are folders). */
export const PARQUET_COLUMNS: readonly string[] = [...ATHENA_COLUMNS.map((c) => c.name), ...CT_COLUMNS.map((c) => c.name).filter((n) => !(PARTITION_COLUMNS as readonly string[]).includes(n))];

/** Writes `table` (the events table) to `dir` as account=/region=/date=/part-N.parquet. */
export async function copyEventsToParquet(conn: DuckDbConnection, table: string, dir: string): Promise<void> {
  const cols = [...PARQUET_COLUMNS, ...PARTITION_COLUMNS].map(quoteIdent).join(", ");
  await orderedCopy(
    conn,
    `COPY (SELECT ${cols} FROM ${quoteIdent(table)} ORDER BY account, region, "date", eventtime, eventid) TO ${quoteString(dir)} (${options(PARTITION_COLUMNS)})`,
  );
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
