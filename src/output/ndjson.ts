// Newline-delimited JSON: each raw CloudTrail record on its own line, ready for `jq`; with
// --fields, one object of the chosen fields per line. Never sanitised (JSON escapes controls).
import { projectRow } from "./json.js";
import type { Printer, PrinterContext, Row } from "./printer.js";

export function ndjsonPrinter(ctx: PrinterContext): Printer {
  return {
    needs: ctx.projected ? "values" : "json",
    async begin() {},
    async write(row: Row) {
      await ctx.sink.write(`${ctx.projected ? projectRow(ctx.columns, row) : row.json}\n`);
    },
    async end() {},
  };
}
