// A boxed table (cli-table3) of events. Buffered by nature, so the caller caps the rows
// (--limit, 1000 by default for this format) and cells are cut at MAX_CELL_CHARS: one
// megabyte-long value wrapped into a column would otherwise build a string V8 cannot hold.
// Cells are sanitised like text output.
import Table from "cli-table3";
import type { Printer, PrinterContext, Row } from "./printer.js";
import { sanitizeTerminal } from "./sanitize.js";

/** Longest cell a table shows; longer ones end in "…" (text, csv and json keep everything). */
export const MAX_CELL_CHARS = 1000;

function cell(text: string): string {
  // Escaping only lengthens text: cutting the input first bounds the work on a huge value.
  const safe = sanitizeTerminal(text.slice(0, MAX_CELL_CHARS + 1));
  return safe.length > MAX_CELL_CHARS ? `${safe.slice(0, MAX_CELL_CHARS - 1)}…` : safe;
}

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
      table.push(row.texts.map((t, i) => (columns[i] === "error" && t ? chalk.red(cell(t)) : cell(t))));
    },
    async end() {
      await sink.write(`${table.toString()}\n`);
    },
  };
}
