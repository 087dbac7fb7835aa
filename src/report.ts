// Messages to the user on stderr, as `ct: <path>: <message>`, and the `errored` flag that turns
// soft per-file errors into exit code 2 at the end of the run (ripgrep's model). Everything is
// sanitised for the terminal: paths and messages can carry attacker-chosen bytes.
import type { Io } from "./io.js";
import { sanitizeTerminal } from "./output/sanitize.js";

export class Reporter {
  /** An input or usage error happened; the run goes on but exits 2. */
  errored = false;
  private beforeWrite: (() => void) | undefined;

  constructor(
    private readonly io: Io,
    private readonly quiet = false,
  ) {}

  /** Lets the progress line clear itself before a message is printed. */
  onBeforeWrite(fn: () => void): void {
    this.beforeWrite = fn;
  }

  private line(parts: (string | undefined)[]): void {
    this.beforeWrite?.();
    const text = ["ct", ...parts.filter((p): p is string => p !== undefined && p !== "")].map(sanitizeTerminal).join(": ");
    this.io.stderr.write(`${text}\n`);
  }

  /** An error about one input: printed, remembered for the exit code; the run continues. */
  error(path: string | undefined, message: string): void {
    this.errored = true;
    this.line([path, message]);
  }

  /** Something the user should know that does not make the run fail. Hidden by --quiet. */
  warn(path: string | undefined, message: string): void {
    if (!this.quiet) this.line([path, message]);
  }

  /** A note that is always shown (e.g. why nothing was read). */
  note(message: string): void {
    this.line([message]);
  }
}
