// Buffered, backpressure-aware writing to stdout: batches small writes, waits for 'drain' when
// the consumer is slow, and turns a closed pipe (`ct ... | head`) into BrokenPipeError so the
// run stops quietly; any other write failure (a full disk) stops the run with an error.
// It does not format anything.
import { BrokenPipeError, CtError } from "../errors.js";
import type { OutStream } from "../io.js";

const FLUSH_AT = 64 * 1024;
/**
 * How long output may wait for more to join it when a command streams (soon()): each write wakes
 * the reader (`| jq`, `| wc`), and a write per file read cost a streamed lookup about a tenth of
 * its time on two cores.
 */
const LINGER_MS = 50;

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
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Something has been written: soon() lingers from then on. */
  private wrote = false;

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
    if (this.failure) throw this.failure;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  /**
   * Flushes what is buffered within LINGER_MS, for output that streams: it reaches the reader
   * promptly, a write per interval rather than one per file. Throws a failure met meanwhile (a
   * reader gone: `| head`), so that a command calling it per file stops at once.
   */
  soon(): void {
    if (this.failure) throw this.failure;
    if (this.timer !== undefined || this.parts.length === 0) return;
    if (!this.wrote) {
      // The first output goes out at once: `| head -1`, and a person watching, see it without waiting.
      this.flush().catch(() => undefined);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, LINGER_MS);
    // The command's last flush() writes what is left; the timer must not hold the process.
    this.timer.unref?.();
  }

  /** Writes out what is buffered and waits if the stream asks for it. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.failure) throw this.failure;
    if (this.parts.length === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    this.wrote = true;
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
