// The registry of event printers by --output name. A new format is one file and one line here.
import { csvPrinter } from "./csv.js";
import { jsonPrinter } from "./json.js";
import { ndjsonPrinter } from "./ndjson.js";
import type { Printer, PrinterContext } from "./printer.js";
import { tablePrinter } from "./table.js";
import { textPrinter } from "./text.js";

export const PRINTERS = {
  text: textPrinter,
  table: tablePrinter,
  json: jsonPrinter,
  ndjson: ndjsonPrinter,
  csv: csvPrinter,
} as const satisfies Record<string, (ctx: PrinterContext) => Printer>;

export type Format = keyof typeof PRINTERS;
export const FORMATS = Object.keys(PRINTERS) as Format[];
