// How many worker threads a command line will use, read from the raw arguments before commander
// and the command's code are loaded, so that the workers can start meanwhile. A guess that only
// affects speed: anything unusual answers 0, and the command's own parsing stays the authority.
import os from "node:os";
import { MAX_THREADS } from "./options.js";

/** The subcommands that read log files on a worker pool. */
const READERS = new Set(["lookup", "classify", "summary", "check", "sql", "export", "validate-logs"]);

/** Workers worth starting for `argv` (without node and script), or 0. */
export function workersFor(argv: readonly string[], cores = os.availableParallelism()): number {
  if (!READERS.has(argv[0] ?? "")) return 0;
  let threads: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (a === "-h" || a === "--help") return 0;
    if (a === "-j" || a === "--threads") threads = argv[++i];
    else if (a.startsWith("--threads=")) threads = a.slice("--threads=".length);
    else if (/^-j\d+$/.test(a)) threads = a.slice(2);
  }
  if (threads === undefined) return cores > 1 ? Math.min(cores, MAX_THREADS) : 0;
  if (!/^\d+$/.test(threads)) return 0;
  const n = Number(threads) || cores; // 0 means all cores, as --threads does
  return n > 1 && n <= MAX_THREADS ? n : 0;
}
