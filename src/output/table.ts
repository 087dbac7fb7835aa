// A boxed table (cli-table3) of events. Buffered by nature, so the caller caps the rows
// (--limit, 1000 by default for this format). Cells are sanitised like text output.
import Table from "cli-table3";
import type { Printer, PrinterContext, Row } from "./printer.js";
import { sanitizeTerminal } from "./sanitize.js";

export function tablePrinter(ctx: PrinterContext): Printer {
  const { chalk, columns, sink } = ctx;
  const table = new Table({
    head: columns.map((c) => chalk.bold(sanitizeTerminal(c))),
    style: { head: [], border: [] },
    wordWrap: true,
  });
  return {
    needs: "texts",
    async begin() {},
    async write(row: Row) {
      table.push(row.texts.map((t, i) => (columns[i] === "error" && t ? chalk.red(sanitizeTerminal(t)) : sanitizeTerminal(t))));
    },
    async end() {
      await sink.write(`${table.toString()}\n`);
    },
  };
}
