// Ceiling for the export benchmark: the statement with which DuckDB by itself reads the tree's raw
// .json.gz files (typed as Athena's columns, as ct export writes them) and writes the same
// account=/region=/date= zstd Parquet layout. No per-record checks, no per-file errors, no
// filters, no category, no sort: what this machine can do for JSON to Parquet, to read ct
// export's own figure against. bench/duckdb-run.mjs runs it, without tsx's start-up in the time.
import path from "node:path";
import { ATHENA_COLUMNS, PARTITION_COLUMNS, columnExpression, quoteIdent, quoteString, recordStructType } from "../src/sql/events-schema.js";

/** The COPY statement that exports `tree` to `out` with DuckDB alone. */
export function duckdbExportSql(tree: string, out: string): string {
  const files = path.join(path.resolve(tree), "AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz");
  const source =
    `read_json(${quoteString(files)}, format = 'unstructured', filename = true, maximum_object_size = 536870912, ` +
    `columns = {Records: ${quoteString(`${recordStructType(ATHENA_COLUMNS)}[]`)}})`;
  // `record` is one unnested CloudTrail record, typed: the same expressions as ct's typed load.
  const columns = ATHENA_COLUMNS.map((c) => `${columnExpression(c, "record", true)} AS ${quoteIdent(c.name)}`);
  const partitions = [
    `regexp_extract(filename, 'AWSLogs/(?:o-[a-z0-9]+/)?([0-9]{12})/', 1) AS account`,
    `regexp_extract(filename, '/CloudTrail/([^/]+)/', 1) AS region`,
    `substr(record.eventTime, 1, 10) AS "date"`,
  ];
  return (
    `COPY (SELECT ${[...columns, ...partitions].join(", ")} FROM (SELECT unnest(Records) AS record, filename FROM ${source})) ` +
    `TO ${quoteString(out)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (${PARTITION_COLUMNS.map(quoteIdent).join(", ")}), OVERWRITE_OR_IGNORE)`
  );
}
