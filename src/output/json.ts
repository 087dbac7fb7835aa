// One JSON array of events, streamed element by element (valid JSON without holding the result).
// Raw records are written as they were read; with --fields, objects of the chosen fields.
// Never sanitised: JSON escaping already makes control characters inert.
import type { Printer, PrinterContext, Row } from "./printer.js";

export function projectRow(columns: readonly string[], row: Row): string {
  const obj: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    // defineProperty: a field named "__proto__" must become an own key, never a prototype.
    Object.defineProperty(obj, c, { value: row.values[i] ?? null, enumerable: true, writable: true, configurable: true });
  });
  return JSON.stringify(obj);
}

export function jsonPrinter(ctx: PrinterContext): Printer {
  let first = true;
  return {
    needs: ctx.projected ? "values" : "json",
    async begin() {
      await ctx.sink.write("[");
    },
    async write(row: Row) {
      const text = ctx.projected ? projectRow(ctx.columns, row) : row.json;
      await ctx.sink.write(first ? `\n${text}` : `,\n${text}`);
      first = false;
    },
    async end() {
      await ctx.sink.write(first ? "]\n" : "\n]\n");
    },
  };
}
