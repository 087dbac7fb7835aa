// Writes raw records as NDJSON (optionally gzip) into account=/region=/date= folders, without
// DuckDB. Input comes in path order, so a partition's records arrive mostly together: a small
// set of open files (least recently used closed first) serves them, and a partition reopened
// later continues in a new part file, so every .gz file is a single gzip member. Files roll over
// at a size limit. It does not decide partitions: see row-processor.ts (shape raw).
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import zlib from "node:zlib";
import { PARTITION_COLUMNS } from "./events-schema.js";
import { partitionFolder } from "./partition-values.js";
import type { PartitionLines } from "./row-processor.js";

interface OpenPart {
  dir: string;
  file: WriteStream;
  gzip: zlib.Gzip | undefined;
  bytes: number;
}

export interface NdjsonWriterOptions {
  gzip: boolean;
  /** Uncompressed bytes per file before the next part starts. */
  maxFileBytes: number;
  /** Files kept open at once. */
  maxOpen?: number;
}

export class PartitionedNdjsonWriter {
  private readonly open = new Map<string, OpenPart>();
  private readonly nextPart = new Map<string, number>();
  /** Partition keys (relative folders) written, in first-write order. */
  readonly partitions: string[] = [];
  rows = 0;

  constructor(
    private readonly root: string,
    private readonly opts: NdjsonWriterOptions,
  ) {}

  /** Appends one file's groups of lines. */
  async write(groups: readonly PartitionLines[]): Promise<void> {
    for (const g of groups) {
      const key = PARTITION_COLUMNS.map((name, i) => partitionFolder(name, g.partition[i] ?? null)).join("/");
      let part = this.open.get(key);
      if (part && part.bytes >= this.opts.maxFileBytes) {
        await this.close(key);
        part = undefined;
      }
      if (!part) part = await this.start(key);
      else {
        // Most recently used goes last, so the first entry is the one to close.
        this.open.delete(key);
        this.open.set(key, part);
      }
      const sink = part.gzip ?? part.file;
      if (!sink.write(g.text)) await once(sink, "drain");
      part.bytes += Buffer.byteLength(g.text);
      this.rows += g.rows;
    }
  }

  private async start(key: string): Promise<OpenPart> {
    if (this.open.size >= (this.opts.maxOpen ?? 64)) await this.close(this.open.keys().next().value!);
    const dir = path.join(this.root, key);
    if (!this.nextPart.has(key)) {
      this.partitions.push(key);
      await mkdir(dir, { recursive: true });
    }
    const n = this.nextPart.get(key) ?? 0;
    this.nextPart.set(key, n + 1);
    const file = createWriteStream(path.join(dir, `part-${n}.ndjson${this.opts.gzip ? ".gz" : ""}`));
    const gzip = this.opts.gzip ? zlib.createGzip() : undefined;
    if (gzip) gzip.pipe(file);
    const part: OpenPart = { dir, file, gzip, bytes: 0 };
    this.open.set(key, part);
    return part;
  }

  private async close(key: string): Promise<void> {
    const part = this.open.get(key);
    if (!part) return;
    this.open.delete(key);
    const finished = once(part.file, "close");
    if (part.gzip) part.gzip.end();
    else part.file.end();
    await finished;
  }

  /** Closes every file. */
  async finish(): Promise<void> {
    for (const key of [...this.open.keys()]) await this.close(key);
  }
}
