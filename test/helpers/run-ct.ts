// Runs the CLI in-process through run(argv, io) with in-memory streams, a pinned clock and a
// chosen terminal-ness, and returns the exit code and both outputs as text.
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { run } from "../../src/cli/main.js";
import type { Io, OutStream } from "../../src/io.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURE_BUCKET = path.join(ROOT, "fixtures/bucket");

export interface CtResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCtOptions {
  stdin?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** Pinned "now" for relative times; default 2026-03-04T00:00:00Z, just after the fixture period. */
  now?: string;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  cwd?: string;
  signal?: AbortSignal;
}

function capture(isTTY: boolean): { stream: OutStream & PassThrough; text: () => string } {
  const stream = new PassThrough() as PassThrough & OutStream;
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

/** Runs `ct <args>` in-process. Threads default to 1 unless the test passes -j. */
export async function runCt(args: readonly string[], opts: RunCtOptions = {}): Promise<CtResult> {
  const out = capture(opts.stdoutTTY ?? false);
  const err = capture(opts.stderrTTY ?? false);
  const io: Io = {
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]) as NodeJS.ReadableStream,
    env: opts.env ?? {},
    cwd: opts.cwd ?? ROOT,
    now: () => new Date(opts.now ?? "2026-03-04T00:00:00Z"),
    signal: opts.signal ?? new AbortController().signal,
  };
  const code = await run(args, io);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.text(), stderr: err.text() };
}
