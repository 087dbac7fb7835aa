// Buffered, backpressure-aware writing to stdout: batches small writes, waits for 'drain' when
// the consumer is slow, and turns a closed pipe (`ct ... | head`) into BrokenPipeError so the
// run stops quietly. It does not format anything.
import { BrokenPipeError } from "../errors.js";
import type { OutStream } from "../io.js";

const FLUSH_AT = 64 * 1024;

export class Sink {
  private parts: string[] = [];
  private size = 0;
  private broken = false;

  constructor(private readonly stream: OutStream) {
    stream.once("error", (err) => {
      const code = (err as NodeJS.ErrnoException | undefined)?.code;
      if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED") this.broken = true;
    });
  }

  /** Queues text; flushes when enough is buffered. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  /** Writes out what is buffered and waits if the stream asks for it. */
  async flush(): Promise<void> {
    if (this.broken) throw new BrokenPipeError();
    if (this.parts.length === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await this.drained();
    if (this.broken) throw new BrokenPipeError();
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
        const code = (err as NodeJS.ErrnoException | undefined)?.code;
        if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED") this.broken = true;
        done();
      };
      this.stream.once("drain", done);
      this.stream.once("close", done);
      this.stream.once("error", onError);
    });
  }
}
