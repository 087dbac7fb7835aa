// CSV with a header row, quoted as RFC 4180 requires (commas, quotes, newlines) by csv-stringify,
// and injection-safe: cells a spreadsheet would run as formulas are neutralised first.
import { stringify } from "csv-stringify/sync";
import type { Printer, PrinterContext, Row } from "./printer.js";
import { neutraliseFormula } from "./sanitize.js";

export function csvLine(cells: readonly string[]): string {
  // quote_record_delimiter: a bare CR is a line break to spreadsheets and must be quoted as "\n" is,
  // or a log value could start a row of its own (whose first cell no longer gets defused).
  return stringify([cells.map(neutraliseFormula)], { eof: true, record_delimiter: "unix", quote_record_delimiter: true });
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
