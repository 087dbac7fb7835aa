// Lays out the report commands' text and table output (classify, summary): numbers, shares,
// headings and aligned columns, with every cell sanitised since cells carry log text. It lays out
// what it is given; it computes nothing.
import Table from "cli-table3";
import type { ChalkInstance } from "chalk";
import { sanitizeTerminal } from "./sanitize.js";

/** A number with thousands separators. */
export function num(n: number): string {
  return n.toLocaleString("en-US");
}

/** `n noun` with the noun in the plural unless n is 1. */
export function count(n: number, noun: string): string {
  return `${num(n)} ${noun}${n === 1 ? "" : "s"}`;
}

/** A 0..1 share as a percentage with one decimal. */
export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Which columns are right-aligned (numbers). */
export type Align = readonly ("l" | "r")[];

/** Text output cuts longer cells (user agents, ARNs) so columns stay readable; json keeps all. */
const MAX_TEXT_CELL = 72;

function cut(text: string): string {
  return text.length > MAX_TEXT_CELL ? `${text.slice(0, MAX_TEXT_CELL - 1)}…` : text;
}

/**
 * Lays out a table: padded plain columns for text (long cells cut), a boxed cli-table3 table
 * with wrapping for `table`. Cells are sanitised: they carry log text.
 */
export function renderTable(
  format: "text" | "table",
  chalk: ChalkInstance,
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align: Align,
): string {
  if (format === "table") {
    const t = new Table({
      // cli-table3's hard wrap measures escape codes as text: a bold header wrapped mid-sequence and
      // left a broken escape on the terminal. Header cells are short and are never wrapped.
      head: head.map((h) => ({ content: chalk.bold(h), wordWrap: false })) as unknown as string[],
      style: { head: [], border: [] },
      colAligns: align.map((a) => (a === "r" ? "right" : "left")),
      wordWrap: true,
      wrapOnWordBoundary: false,
      colWidths: head.map((_, i) => (align[i] === "r" ? null : Math.max(head[i]!.length + 2, Math.min(MAX_TEXT_CELL, 2 + Math.max(...rows.map((r) => r[i]!.length)))))),
    });
    for (const r of rows) t.push(r.map((c) => sanitizeTerminal(c)));
    return `${t.toString()}\n`;
  }
  const clean = rows.map((r) => r.map((c) => cut(sanitizeTerminal(c))));
  const widths = head.map((h, i) => Math.max(h.length, ...clean.map((r) => r[i]!.length)));
  const line = (cells: readonly string[], paint?: (s: string) => string) =>
    cells
      .map((c, i) => {
        const last = i === cells.length - 1;
        const padded = align[i] === "r" ? c.padStart(widths[i]!) : last ? c : c.padEnd(widths[i]!);
        return paint ? paint(padded) : padded;
      })
      .join("  ")
      .trimEnd();
  return [line(head, chalk.dim), ...clean.map((r) => line(r))].join("\n") + "\n";
}

/** A section heading line. */
export function heading(chalk: ChalkInstance, text: string): string {
  return `\n${chalk.bold(text)}\n`;
}
