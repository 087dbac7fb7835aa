// Buffered, backpressure-aware writing to stdout: batches small writes, waits for 'drain' when
// the consumer is slow, and turns a closed pipe (`ct ... | head`) into BrokenPipeError so the
// run stops quietly; any other write failure (a full disk) stops the run with an error.
// It does not format anything.
import { BrokenPipeError, CtError } from "../errors.js";
import type { OutStream } from "../io.js";

const FLUSH_AT = 64 * 1024;

/** What a stream error means for the run: a closed reader is a quiet end, anything else an error. */
function failureOf(err: unknown): CtError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED") return new BrokenPipeError();
  return new CtError("E_OUTPUT", `cannot write the output: ${(err as Error | undefined)?.message ?? String(err)}`);
}

export class Sink {
  private parts: string[] = [];
  private size = 0;
  /** The first write failure; every later flush throws it. */
  private failure: CtError | undefined;

  constructor(private readonly stream: OutStream) {
    // Re-armed after each error: a second 'error' without a listener would crash the process.
    const onError = (err: unknown) => {
      this.failure ??= failureOf(err);
      stream.once("error", onError);
    };
    stream.once("error", onError);
  }

  /** Queues text; flushes when enough is buffered. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  /** Writes out what is buffered and waits if the stream asks for it. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.parts.length === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    let accepted: boolean;
    try {
      accepted = this.stream.write(chunk);
    } catch (err) {
      // Synchronous streams (a file) throw instead of emitting 'error'.
      this.failure ??= failureOf(err);
      throw this.failure;
    }
    if (!accepted) await this.drained();
    if (this.failure) throw this.failure;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.removeListener("drain", done);
        this.stream.removeListener("close", done);
        this.stream.removeListener("error", onError);
        resolve();
      };
      const onError = (err: unknown) => {
        this.failure ??= failureOf(err);
        done();
      };
      this.stream.once("drain", done);
      this.stream.once("close", done);
      this.stream.once("error", onError);
    });
  }
}
