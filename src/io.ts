// The process boundary as plain values: streams, environment, clock and cancellation.
// src/cli builds one from `process`; tests build one from in-memory streams. Nothing here does I/O.

export interface OutStream {
  write(chunk: string | Uint8Array): boolean;
  once(event: "drain" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
  removeListener(event: "drain" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Current time; tests pin it so relative windows (`--since 7d`) are reproducible. */
  now: () => Date;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
}
