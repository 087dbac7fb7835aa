// Tunes when the JavaScript engine optimises code, for the commands it was measured to help, before
// any thread starts. Read from the raw arguments, as prewarm.ts reads the thread count: a wrong
// guess only costs speed. It changes no behaviour, only when V8 compiles a function.
import v8 from "node:v8";

/**
 * V8 optimises a function once it has run through an "interrupt budget" of bytecode (132 KB by
 * default). In lookup and validate-logs the heavy work is a few hot loops and native code
 * (inflate, SHA-256, the record scanner, indexOf); meanwhile the main thread's drivers and each
 * worker's per-file code passed the default budget while still lukewarm, so each thread compiled
 * dozens of functions, some twice, on V8's background threads and on the same cores as the
 * readers: about a fifth of validate-logs' CPU time was compiling. A larger budget compiles only
 * what is truly hot. On the benchmark tree (2 cores): validate-logs about 15% and a filtered
 * lookup about 10% less CPU and time. summary and check run many small functions on every record,
 * which want optimising early: there a larger budget was slower, so they keep V8's default.
 */
const BUDGET_FLAG = "--interrupt-budget=1000000";
const TUNED = new Set(["lookup", "validate-logs", "sql"]);

/** The V8 flags to set for a command line (without node and script). */
export function engineFlagsFor(argv: readonly string[]): string[] {
  return TUNED.has(argv[0] ?? "") ? [BUDGET_FLAG] : [];
}

/** Sets engineFlagsFor(argv); the worker threads started afterwards share them (flags are per process). */
export function tuneEngine(argv: readonly string[], setFlags: (flags: string) => void = (f) => v8.setFlagsFromString(f)): void {
  for (const flag of engineFlagsFor(argv)) setFlags(flag);
}
