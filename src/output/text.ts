// Human-readable event lines for a terminal: one line per event, columns padded to typical
// widths (streaming, so never measured over the whole result), coloured when allowed.
// Every cell is sanitised: log text is attacker-controlled and must not drive the terminal.
import type { Printer, PrinterContext, Row } from "./printer.js";
import { sanitizeTerminal } from "./sanitize.js";

const WIDTHS: Readonly<Record<string, number>> = {
  time: 20,
  event: 26,
  user: 22,
  source: 14,
  region: 14,
  resource: 28,
  ip: 15,
  account: 12,
  category: 15,
};

export function textPrinter(ctx: PrinterContext): Printer {
  const { chalk, columns, sink } = ctx;
  const paint: Readonly<Record<string, (s: string) => string>> = {
    time: chalk.dim,
    event: chalk.bold,
    user: chalk.cyan,
    error: chalk.red,
  };
  return {
    needs: "texts",
    async begin() {},
    async write(row: Row) {
      const cells = row.texts.map((raw, i) => {
        const name = columns[i]!;
        const text = sanitizeTerminal(raw) || (name === "error" ? "" : "-");
        const last = i === row.texts.length - 1;
        // --fields names are user text: "constructor" must not find Object.prototype's members.
        const padded = last ? text : text.padEnd(Object.hasOwn(WIDTHS, name) ? WIDTHS[name]! : 0);
        const color = Object.hasOwn(paint, name) ? paint[name] : undefined;
        return color && text ? color(padded) : padded;
      });
      await sink.write(`${cells.join("  ").trimEnd()}\n`);
    },
    async end() {},
  };
}
