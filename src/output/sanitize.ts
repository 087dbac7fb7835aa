// Neutralises attacker-controlled text before it reaches a terminal or a spreadsheet. Log fields
// (user agents, request parameters, error messages, even file names) are written by callers.
// JSON and NDJSON output never pass through here: they stay byte-faithful (JSON escapes controls).

// C0 controls except none, DEL, C1 controls, and the Unicode bidi/format overrides that reorder text.
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
}

/** Makes text safe for a terminal: every control or bidi character is shown as a visible escape. */
export function sanitizeTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, visible);
}

/** OWASP's list of cell starts that spreadsheets treat as formulas. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a CSV cell that a spreadsheet would run as a formula, by prefixing a quote. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
