// The one small interface every event printer implements, and the row it receives. Rows arrive
// fully computed (raw JSON text, and cell texts or values for chosen fields); printers only lay
// them out. Adding a format means adding one file and one entry in index.ts.
import type { ChalkInstance } from "chalk";
import type { Sink } from "./sink.js";

export interface Row {
  /** The raw record as JSON text. */
  json: string;
  /** Cell texts in column order (text, table, csv). */
  texts: string[];
  /** Raw values in column order (json/ndjson with --fields). */
  values: unknown[];
}

export interface PrinterContext {
  sink: Sink;
  chalk: ChalkInstance;
  columns: readonly string[];
  /** --fields given: json/ndjson print the chosen fields instead of the raw record. */
  projected: boolean;
  /** Terminal width when known (table layout). */
  width: number | undefined;
  /** stdout is a terminal (csv cells are then escaped like text output). */
  terminal?: boolean;
}

export interface Printer {
  /** What rows must carry, so the caller computes only that. */
  readonly needs: "json" | "texts" | "values";
  begin(): Promise<void>;
  write(row: Row): Promise<void>;
  end(): Promise<void>;
}
