// CSV with a header row, quoted as RFC 4180 requires (commas, quotes, newlines) by csv-stringify,
// and injection-safe: cells a spreadsheet would run as formulas are neutralised first.
import { stringify } from "csv-stringify/sync";
import type { Printer, PrinterContext, Row } from "./printer.js";
import { neutraliseFormula } from "./sanitize.js";

export function csvLine(cells: readonly string[]): string {
  return stringify([cells.map(neutraliseFormula)], { eof: true, record_delimiter: "unix" });
}

export function csvPrinter(ctx: PrinterContext): Printer {
  return {
    needs: "texts",
    async begin() {
      await ctx.sink.write(csvLine(ctx.columns));
    },
    async write(row: Row) {
      await ctx.sink.write(csvLine(row.texts));
    },
    async end() {},
  };
}
