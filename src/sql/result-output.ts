// Prints a DuckDB result as ct prints everything else: a boxed table on a terminal (capped, with
// every cell sanitised), CSV (RFC 4180 quoting and formula neutralisation from src/output), one
// JSON array, or NDJSON. Streams chunk by chunk, so a large result never sits in memory except for
// the capped table. It does not run queries.
import type { ChalkInstance } from "chalk";
import Table from "cli-table3";
import { csvLine } from "../output/csv.js";
import { sanitizeTerminal } from "../output/sanitize.js";
import type { Sink } from "../output/sink.js";
import type { DuckDbModule } from "./duckdb.js";

export const SQL_FORMATS = ["table", "csv", "json", "ndjson"] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

type DuckResult = import("@duckdb/node-api").DuckDBResult;
type DuckType = import("@duckdb/node-api").DuckDBType;
type DuckValue = import("@duckdb/node-api").DuckDBValue;
type Converter = import("@duckdb/node-api").DuckDBValueConverter<unknown>;

export interface ResultOutputOptions {
  format: SqlFormat;
  sink: Sink;
  chalk: ChalkInstance;
  /** Rows a table shows; the rest are counted, not printed. */
  maxTableRows: number;
  /** Longest cell a table shows before cutting it. */
  maxCellChars?: number;
}

export interface PrintedResult {
  /** Rows in the result. */
  rows: number;
  /** Rows left out of a table. */
  hidden: number;
}

/**
 * Converts DuckDB values to JSON-ready values: integers as numbers when exact (strings beyond
 * 2^53), maps as objects, JSON-typed text (the `record` column) as the JSON it holds.
 */
export function jsonConverter(duck: DuckDbModule): Converter {
  const { DuckDBTypeId, JsonDuckDBValueConverter } = duck;
  const convert: Converter = (value: DuckValue, type: DuckType, self: Converter): unknown => {
    if (value === null) return null;
    switch (type.typeId) {
      case DuckDBTypeId.BIGINT:
      case DuckDBTypeId.UBIGINT:
      case DuckDBTypeId.HUGEINT:
      case DuckDBTypeId.UHUGEINT: {
        const n = value as bigint;
        return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : n.toString();
      }
      case DuckDBTypeId.MAP: {
        const out: Record<string, unknown> = {};
        const { keyType, valueType } = type as import("@duckdb/node-api").DuckDBMapType;
        for (const e of (value as import("@duckdb/node-api").DuckDBMapValue).entries) {
          const k = self(e.key, keyType, self);
          Object.defineProperty(out, typeof k === "string" ? k : JSON.stringify(k), {
            value: self(e.value, valueType, self), enumerable: true, writable: true, configurable: true,
          });
        }
        return out;
      }
      case DuckDBTypeId.VARCHAR:
        if (type.alias === "JSON") {
          try {
            return JSON.parse(value as string) as unknown;
          } catch {
            return value;
          }
        }
        return value;
    }
    return JsonDuckDBValueConverter(value, type, self as import("@duckdb/node-api").DuckDBValueConverter<import("@duckdb/node-api").Json>);
  };
  return convert;
}

/** A cell's text in a table or CSV: nested values as compact JSON, NULL as empty. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function rowObject(names: readonly string[], row: readonly unknown[]): string {
  const o: Record<string, unknown> = {};
  names.forEach((n, i) => Object.defineProperty(o, n, { value: row[i] ?? null, enumerable: true, writable: true, configurable: true }));
  return JSON.stringify(o);
}

/** Prints the whole result in the chosen format and returns how many rows it had. */
export async function printResult(duck: DuckDbModule, result: DuckResult, opts: ResultOutputOptions): Promise<PrintedResult> {
  const names = result.deduplicatedColumnNames();
  const converter = jsonConverter(duck);
  // The result's column types carry aliases (JSON) that the chunks' vector types lose.
  const types = result.columnTypes();
  const convertRow = (row: readonly DuckValue[]) => row.map((v, i) => converter(v, types[i]!, converter));
  const { sink, format } = opts;
  const maxCell = opts.maxCellChars ?? 200;
  let rows = 0;
  let hidden = 0;
  let table: InstanceType<typeof Table> | undefined;
  if (format === "table") {
    table = new Table({ head: names.map((n) => opts.chalk.bold(sanitizeTerminal(n))), style: { head: [], border: [] }, wordWrap: true });
  } else if (format === "csv") await sink.write(csvLine(names));
  else if (format === "json") await sink.write("[");

  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    if (format === "table" && rows >= opts.maxTableRows) {
      hidden += chunk.rowCount;
      rows += chunk.rowCount;
      continue;
    }
    for (const raw of chunk.getRows()) {
      const row = convertRow(raw);
      if (format === "table") {
        if (rows >= opts.maxTableRows) {
          hidden++;
        } else {
          table!.push(
            row.map((v) => {
              if (v === null) return opts.chalk.dim("NULL");
              const t = sanitizeTerminal(cellText(v));
              return t.length > maxCell ? `${t.slice(0, maxCell - 1)}…` : t;
            }),
          );
        }
      } else if (format === "csv") await sink.write(csvLine(row.map(cellText)));
      else if (format === "ndjson") await sink.write(`${rowObject(names, row)}\n`);
      else await sink.write(`${rows === 0 ? "\n" : ",\n"}${rowObject(names, row)}`);
      rows++;
    }
    await sink.flush();
  }
  if (format === "table") await sink.write(`${table!.toString()}\n`);
  else if (format === "json") await sink.write(rows === 0 ? "]\n" : "\n]\n");
  await sink.flush();
  return { rows, hidden };
}
