// Runs the SQL statement in a file with DuckDB alone, in memory, on N threads, and prints its
// first value (a COPY's row count): the runner for bench/duckdb-export.ts's ceiling statement.
// Usage: node bench/duckdb-run.mjs SQL_FILE [THREADS]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const [file, threads = "2"] = process.argv.slice(2);
if (!file) throw new Error("usage: node bench/duckdb-run.mjs SQL_FILE [THREADS]");
const sql = readFileSync(file, "utf8");
const duck = createRequire(import.meta.url)("@duckdb/node-api");
const instance = await duck.DuckDBInstance.create(":memory:", { threads, preserve_insertion_order: "false" });
const conn = await instance.connect();
const result = await conn.runAndReadAll(sql);
process.stdout.write(`${String(result.getRowsJS()[0]?.[0] ?? 0)}\n`);
conn.closeSync();
instance.closeSync();
