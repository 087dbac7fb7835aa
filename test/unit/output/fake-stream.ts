// Test helper: an output stream that records what is written and lets a test decide when it is
// full (write() returns false until 'drain'), and emit the errors a closed pipe or a full disk gives.
import { EventEmitter } from "node:events";
import type { OutStream } from "../../../src/io.js";

export class FakeStream extends EventEmitter implements OutStream {
  readonly chunks: string[] = [];
  /** What write() answers: false means "buffer full, wait for drain". */
  accepting = true;
  /** Thrown synchronously by write(), as a synchronous file stream does. */
  throwOnWrite: Error | undefined;
  isTTY?: boolean;
  columns?: number;

  write(chunk: string | Uint8Array): boolean {
    if (this.throwOnWrite) throw this.throwOnWrite;
    this.chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return this.accepting;
  }

  text(): string {
    return this.chunks.join("");
  }

  /** An error as Node's streams give it, with an errno code. */
  fail(code: string): void {
    this.emit("error", Object.assign(new Error(`write ${code}`), { code }));
  }
}
