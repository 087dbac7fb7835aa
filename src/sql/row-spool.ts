// Feeds DuckDB with bounded memory: the NDJSON text the readers produce is appended to a
// temporary file; when the file reaches the batch size it is handed to DuckDB (read_json into a
// table) and deleted, while the next batch is written. At most two batches exist at any time,
// so neither memory nor disk grows with the input. It does not know what the lines contain.
import { type FileHandle, open, rm } from "node:fs/promises";
import path from "node:path";

/** Batch size: large enough that DuckDB reads each file in parallel, small enough for any disk. */
export const DEFAULT_BATCH_BYTES = 64 * 1024 * 1024;

/**
 * Lines wait in memory until this many bytes, then go to the file in one write: a write per file
 * read made the main thread wait for the disk thousands of times (a fifth of a one-thread scan).
 */
const WRITE_BYTES = 1024 * 1024;

export class RowSpool {
  private handle: FileHandle | undefined;
  private file: string | undefined;
  private size = 0;
  private seq = 0;
  private pending: Promise<void> | undefined;
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
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
    const bytes = typeof text === "string" ? Buffer.from(text) : text;
    this.buffered.push(bytes);
    this.bufferedBytes += bytes.byteLength;
    this.size += bytes.byteLength;
    this.rows += rows;
    if (this.size >= this.batchBytes) await this.rotate();
    else if (this.bufferedBytes >= WRITE_BYTES) await this.write();
  }

  /** Writes the buffered lines to the current file, opening it first if need be. */
  private async write(): Promise<void> {
    if (!this.handle) {
      this.file = path.join(this.dir, `${this.prefix}-${String(this.seq++).padStart(6, "0")}.ndjson`);
      this.handle = await open(this.file, "w");
    }
    const chunks = this.buffered;
    this.buffered = [];
    this.bufferedBytes = 0;
    if (chunks.length > 0) await this.handle.writev(chunks);
  }

  private async rotate(): Promise<void> {
    await this.write();
    const file = this.file!;
    await this.handle!.close();
    this.size = 0;
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
    if (this.handle || this.buffered.length > 0) await this.rotate();
    await this.pending;
  }

  /** Closes and deletes the current file (after an error or an interruption). */
  async dispose(): Promise<void> {
    this.buffered = [];
    this.bufferedBytes = 0;
    if (this.handle) await this.handle.close().catch(() => undefined);
    if (this.file) await rm(this.file, { force: true });
    this.handle = undefined;
    this.file = undefined;
    await this.pending?.catch(() => undefined);
  }
}
