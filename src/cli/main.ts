// The process boundary: run(argv, io) returns an exit code and is what tests call; main() wires
// it to the real process (signals, EPIPE, exit code). The only catch-all in ct; the only place
// that maps errors to exit codes. Expected errors are one line, never a stack trace.
import { CommanderError } from "commander";
import { AbortedError, BrokenPipeError, CtError, ExitCode, InternalError, UsageError } from "../errors.js";
import type { Io } from "../io.js";
import { sanitizeTerminal } from "../output/sanitize.js";
import { prewarmWorkers } from "../read/worker-start.js";
import { workersFor } from "./prewarm.js";
import { buildProgram } from "./program.js";

function say(io: Io, message: string): void {
  io.stderr.write(`${sanitizeTerminal(message)}\n`);
}

/**
 * `--error=CODE` is spelled as a separate flag internally: an optional flag value would swallow the
 * path after a bare `--error` (`ct lookup --error ./bucket`).
 */
function normaliseArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^--error=(.*)$/s.exec(a);
    if (m) out.push("--error-code", m[1]!);
    else out.push(a);
  }
  return out;
}

/** Runs ct with arguments (without the node and script names) and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = ExitCode.Ok;
  try {
    const args = normaliseArgv(argv);
    const program = await buildProgram({ io, setExitCode: (c) => (code = c) }, args);
    await program.parseAsync(args, { from: "user" });
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.Error;
    }
    return io.signal.aborted ? ExitCode.Interrupted : code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return ExitCode.Ok;
      // Help shown because something was missing (`ct` alone) is a usage error.
      return err.code === "commander.help" && err.exitCode === 0 ? ExitCode.Ok : ExitCode.Error;
    }
    if (err instanceof BrokenPipeError) return ExitCode.Ok;
    if (err instanceof AbortedError || io.signal.aborted) return ExitCode.Interrupted;
    if (err instanceof UsageError) {
      say(io, `ct: ${err.message}`);
      return ExitCode.Error;
    }
    if (err instanceof CtError && !(err instanceof InternalError)) {
      say(io, `ct: ${err.path ? `${err.path}: ` : ""}${err.message}`);
      return ExitCode.Error;
    }
    const e = err as Error;
    if ((e as NodeJS.ErrnoException)?.code === "EPIPE") return ExitCode.Ok;
    say(io, `ct: internal error: ${e?.message ?? String(err)}`);
    say(io, "ct: this is a bug in ct; please report it with the command line you ran");
    if (io.env["CT_DEBUG"]) io.stderr.write(`${e?.stack ?? ""}\n`);
    return ExitCode.Error;
  }
}

/** Entry point for bin/ct.js: runs with the real process and exits with the code. */
export function main(): void {
  const controller = new AbortController();
  let signalCode: number | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    signalCode = sig === "SIGINT" ? ExitCode.Interrupted : 143;
    if (controller.signal.aborted) process.exit(signalCode); // a second Ctrl-C: leave now
    controller.abort();
    // Workers and reads stop on the abort; if something still blocks (a read of stdin), leave anyway.
    setTimeout(() => process.exit(signalCode), 1000).unref();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // A reader that goes away (`ct ... | head`) is a normal end, not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(ExitCode.Ok);
  });
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    signal: controller.signal,
  };
  const argv = process.argv.slice(2);
  // Workers load their code while this thread loads the command's: both are on every scan's path.
  prewarmWorkers(workersFor(argv));
  run(argv, io).then(
    (code) => {
      process.exitCode = signalCode ?? code;
    },
    (err: unknown) => {
      process.stderr.write(`ct: internal error: ${String(err)}\n`);
      process.exitCode = ExitCode.Error;
    },
  );
}
