// Sorts an unbounded stream of matched events in bounded memory: events are buffered up to a
// budget, then sorted runs are spilled to temporary files and merged at the end. Small results
// never touch the disk. This is the one place outside the CLI that writes files (temp only).
import { promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { type Keyed, type SortOrder, compareKeyed } from "./order.js";

export interface SortItem extends Keyed {
  json: string;
  /** The account from the file's path (no tabs or newlines: 12 digits), carried through spills. */
  accountId?: string | undefined;
  /** The event's ID (log text: spilled as a JSON string, which holds no raw tab or newline). */
  id?: string | undefined;
}

/** Bytes read from a run file at a time, per run, while merging. */
const RUN_READ_BYTES = 64 * 1024;

/** Bytes written to a run file at a time. */
const SPILL_SLICE_BYTES = 1024 * 1024;

/** Default in-memory budget (bytes of JSON text held) before spilling a run. */
export const DEFAULT_SORT_BUDGET = 16 * 1024 * 1024;

/** An event held in memory: its sort key and where its JSON text lies in the arena. */
interface Held extends Keyed {
  at: number;
  len: number;
  accountId: string | undefined;
  id: string | undefined;
}

export class ExternalSorter {
  /**
   * The held events' JSON text, as UTF-8 in one buffer reused from run to run: keeping tens of
   * thousands of strings alive until a spill let the heap (and RSS) grow to several times the budget.
   */
  private arena = Buffer.alloc(0);
  private used = 0;
  private held: Held[] = [];
  private runs: string[] = [];
  private dir: string | undefined;
  private n = 0;

  constructor(
    private readonly order: SortOrder,
    private readonly budget = DEFAULT_SORT_BUDGET,
    private readonly tmpRoot = os.tmpdir(),
  ) {}

  async add(t: number, json: string, accountId?: string, id?: string): Promise<void> {
    const len = Buffer.byteLength(json);
    if (this.used + len > this.budget && this.held.length > 0) await this.spill();
    this.reserve(len);
    this.arena.write(json, this.used, "utf8");
    this.held.push({ t, n: this.n++, at: this.used, len, accountId, id });
    this.used += len;
  }

  /** add() for JSON given as UTF-8 bytes (`src[start..end)`): no string is made. */
  async addBytes(t: number, src: Uint8Array, start: number, end: number, accountId?: string, id?: string): Promise<void> {
    const len = end - start;
    if (this.used + len > this.budget && this.held.length > 0) await this.spill();
    this.reserve(len);
    this.arena.set(src.subarray(start, end), this.used);
    this.held.push({ t, n: this.n++, at: this.used, len, accountId, id });
    this.used += len;
  }

  /** Room for `len` more bytes: the arena grows by doubling up to the budget (or one larger event). */
  private reserve(len: number): void {
    const need = this.used + len;
    if (need <= this.arena.length) return;
    const size = Math.max(need, Math.min(Math.max(this.arena.length * 2, 64 * 1024), Math.max(this.budget, need)));
    const next = Buffer.allocUnsafe(size);
    this.arena.copy(next, 0, 0, this.used);
    this.arena = next;
  }

  private sortHeld(): void {
    this.held.sort((a, b) => compareKeyed(this.order, a, b));
  }

  private itemOf(h: Held): SortItem {
    return { t: h.t, n: h.n, json: this.arena.toString("utf8", h.at, h.at + h.len), accountId: h.accountId, id: h.id };
  }

  private async spill(): Promise<void> {
    this.sortHeld();
    this.dir ??= await fsp.mkdtemp(path.join(this.tmpRoot, "ct-sort-"));
    const file = path.join(this.dir, `run-${this.runs.length}.ndjson`);
    const handle = await fsp.open(file, "w");
    try {
      const out = Buffer.allocUnsafe(SPILL_SLICE_BYTES);
      let size = 0;
      const flush = async () => {
        if (size > 0) await handle.write(out, 0, size);
        size = 0;
      };
      for (const h of this.held) {
        // One line per event: time, arrival number, account, ID, JSON (JSON.stringify never emits a
        // raw newline or tab).
        const head = `${h.t}\t${h.n}\t${h.accountId ?? ""}\t${h.id === undefined ? "" : JSON.stringify(h.id)}\t`;
        const lineBytes = Buffer.byteLength(head) + h.len + 1;
        if (size + lineBytes > out.length) await flush();
        if (lineBytes > out.length) {
          await handle.write(head);
          await handle.write(this.arena, h.at, h.len);
          await handle.write("\n");
          continue;
        }
        size += out.write(head, size, "utf8");
        size += this.arena.copy(out, size, h.at, h.at + h.len);
        out[size++] = 0x0a;
      }
      await flush();
    } finally {
      await handle.close();
    }
    this.runs.push(file);
    this.held = [];
    this.used = 0;
    // One outsized event may have grown the arena past the budget: do not keep that.
    if (this.arena.length > this.budget) this.arena = Buffer.alloc(0);
  }

  /** Yields every added event in order, then removes the temporary files. */
  async *drain(): AsyncGenerator<SortItem> {
    this.sortHeld();
    const held = this.held;
    const inMemory = (function* (self: ExternalSorter) {
      for (const h of held) yield self.itemOf(h);
    })(this);
    if (this.runs.length === 0) {
      try {
        yield* inMemory;
      } finally {
        this.held = [];
      }
      return;
    }
    const sources: (AsyncIterator<SortItem> | Iterator<SortItem>)[] = this.runs.map((f) => readRun(f));
    sources.push(inMemory);
    const heads: (SortItem | undefined)[] = [];
    try {
      for (const s of sources) heads.push((await s.next()).value as SortItem | undefined);
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++) {
          const h = heads[i];
          if (h && (best < 0 || compareKeyed(this.order, h, heads[best]!) < 0)) best = i;
        }
        if (best < 0) break;
        yield heads[best]!;
        heads[best] = (await sources[best]!.next()).value as SortItem | undefined;
      }
    } finally {
      for (const s of sources) await s.return?.();
      if (this.dir) await fsp.rm(this.dir, { recursive: true, force: true });
      this.held = [];
    }
  }
}

function parseLine(line: string): SortItem {
  const a = line.indexOf("\t");
  const b = line.indexOf("\t", a + 1);
  const c = line.indexOf("\t", b + 1);
  const d = line.indexOf("\t", c + 1);
  const accountId = line.slice(b + 1, c) || undefined;
  const id = d > c + 1 ? (JSON.parse(line.slice(c + 1, d)) as string) : undefined;
  return { t: Number(line.slice(0, a)), n: Number(line.slice(a + 1, b)), accountId, id, json: line.slice(d + 1) };
}

/**
 * The items of one run file, read a chunk at a time. Not readline: its async iterator queues every
 * line the file stream emits while the merge is busy elsewhere, so memory grew with the number of runs.
 */
async function* readRun(file: string): AsyncGenerator<SortItem> {
  const handle = await fsp.open(file, "r");
  const buffer = Buffer.alloc(RUN_READ_BYTES);
  const decoder = new StringDecoder("utf8");
  // The start of a line longer than a chunk, kept in pieces: joining only at its end stays linear.
  let pending: string[] = [];
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      const text = bytesRead > 0 ? decoder.write(buffer.subarray(0, bytesRead)) : decoder.end();
      let start = 0;
      for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
        const piece = text.slice(start, nl);
        const line = pending.length > 0 ? pending.join("") + piece : piece;
        pending = [];
        yield parseLine(line);
        start = nl + 1;
      }
      if (start < text.length) pending.push(text.slice(start));
      if (bytesRead === 0) break;
    }
    if (pending.length > 0) yield parseLine(pending.join(""));
  } finally {
    await handle.close();
  }
}
