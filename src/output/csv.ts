// CSV with a header row, quoted as RFC 4180 requires (commas, quotes, newlines) by csv-stringify,
// and injection-safe: cells a spreadsheet would run as formulas are neutralised first. On a
// terminal, cells are also escaped like text output (log text must not drive the terminal).
import { stringify } from "csv-stringify/sync";
import type { Printer, PrinterContext, Row } from "./printer.js";
import { neutraliseFormula, sanitizeTerminal } from "./sanitize.js";

export interface CsvOptions {
  /** stdout is a terminal: no spreadsheet reads it, a person does, so cells are escaped as text output is. */
  terminal?: boolean;
}

export function csvLine(cells: readonly string[], options: CsvOptions = {}): string {
  const safe = cells.map(options.terminal ? (c) => sanitizeTerminal(neutraliseFormula(c)) : neutraliseFormula);
  // quote_record_delimiter: a bare CR is a line break to spreadsheets and must be quoted as "\n" is,
  // or a log value could start a row of its own (whose first cell no longer gets defused).
  return stringify([safe], { eof: true, record_delimiter: "unix", quote_record_delimiter: true });
}

export function csvPrinter(ctx: PrinterContext): Printer {
  return {
    needs: "texts",
    async begin() {
      await ctx.sink.write(csvLine(ctx.columns, { terminal: ctx.terminal === true }));
    },
    async write(row: Row) {
      await ctx.sink.write(csvLine(row.texts, { terminal: ctx.terminal === true }));
    },
    async end() {},
  };
}
