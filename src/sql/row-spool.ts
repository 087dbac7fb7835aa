// Feeds DuckDB with bounded memory: the NDJSON text the readers produce is appended to a
// temporary file; when the file reaches the batch size it is handed to DuckDB (read_json into a
// table) and deleted, while the next batch is written. At most two batches exist at any time,
// so neither memory nor disk grows with the input. It does not know what the lines contain.
import { type FileHandle, open, rm } from "node:fs/promises";
import path from "node:path";

/** Batch size: large enough that DuckDB reads each file in parallel, small enough for any disk. */
export const DEFAULT_BATCH_BYTES = 64 * 1024 * 1024;

export class RowSpool {
  private handle: FileHandle | undefined;
  private file: string | undefined;
  private size = 0;
  private seq = 0;
  private pending: Promise<void> | undefined;
  /** Rows handed to the spool. */
  rows = 0;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly ingest: (file: string) => Promise<void>,
    private readonly batchBytes = DEFAULT_BATCH_BYTES,
  ) {}

  /** Appends lines (each ending in a newline). */
  async add(text: string | Uint8Array, rows: number): Promise<void> {
    if (text.length === 0) return;
    if (!this.handle) {
      this.file = path.join(this.dir, `${this.prefix}-${String(this.seq++).padStart(6, "0")}.ndjson`);
      this.handle = await open(this.file, "w");
      this.size = 0;
    }
    if (typeof text === "string") await this.handle.write(text);
    else await this.handle.write(text);
    this.size += typeof text === "string" ? text.length : text.byteLength;
    this.rows += rows;
    if (this.size >= this.batchBytes) await this.rotate();
  }

  private async rotate(): Promise<void> {
    const file = this.file!;
    await this.handle!.close();
    this.handle = undefined;
    this.file = undefined;
    // One batch loads while the next is written; wait for the previous load before starting.
    await this.pending;
    this.pending = this.ingest(file).finally(() => rm(file, { force: true }));
    // A failed load surfaces at the next rotate or at finish(), never as an unhandled rejection.
    this.pending.catch(() => undefined);
  }

  /** Loads what is left and waits for every load to finish. */
  async finish(): Promise<void> {
    if (this.handle) await this.rotate();
    await this.pending;
  }

  /** Closes and deletes the current file (after an error or an interruption). */
  async dispose(): Promise<void> {
    if (this.handle) await this.handle.close().catch(() => undefined);
    if (this.file) await rm(this.file, { force: true });
    this.handle = undefined;
    this.file = undefined;
    await this.pending?.catch(() => undefined);
  }
}
