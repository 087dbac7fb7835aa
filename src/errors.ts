// Error classes and exit codes shared by every layer.
// Findings (an invalid digest, a rule match) are not errors: commands return them as outcomes.
// Only src/cli/main.ts turns an outcome or an error into a process exit code.

export const ExitCode = {
  Ok: 0,
  /** The command ran and its answer is the negative one (invalid logs, rule violations). */
  Negative: 1,
  /** Usage or input error. */
  Error: 2,
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class CtError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  constructor(code: string, message: string, path?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.path = path;
  }
}

/** A bad flag, a bad flag value, or flags that contradict each other. */
export class UsageError extends CtError {
  constructor(message: string, readonly flag?: string) {
    super("E_USAGE", flag ? `${flag}: ${message}` : message);
  }
}

/** Input that cannot be read or understood: unreadable file, corrupt gzip, not CloudTrail JSON. */
export class InputError extends CtError {
  constructor(code: string, message: string, path?: string) {
    super(code, message, path);
  }
}

/** A bug in ct: printed with a request to report it. */
export class InternalError extends CtError {
  constructor(message: string) {
    super("E_INTERNAL", message);
  }
}

/** Raised when the run is cancelled (Ctrl-C, SIGTERM) so that loops unwind quietly. */
export class AbortedError extends CtError {
  constructor() {
    super("E_ABORTED", "interrupted");
  }
}

/** Raised when stdout is closed by the reader (`ct lookup | head`): a quiet success. */
export class BrokenPipeError extends CtError {
  constructor() {
    super("E_PIPE", "broken pipe");
  }
}
