// Sorts an unbounded stream of matched events in bounded memory: events are buffered up to a
// budget, then sorted runs are spilled to temporary files and merged at the end. Small results
// never touch the disk. This is the one place outside the CLI that writes files (temp only).
import { createReadStream, promises as fsp } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { type Keyed, type SortOrder, compareKeyed } from "./order.js";

export interface SortItem extends Keyed {
  json: string;
  /** The account from the file's path (no tabs or newlines: 12 digits), carried through spills. */
  accountId?: string | undefined;
  /** The event's ID (log text: spilled as a JSON string, which holds no raw tab or newline). */
  id?: string | undefined;
}

/** Default in-memory budget (JSON text, counted as UTF-16 bytes) before spilling a run. */
export const DEFAULT_SORT_BUDGET = 64 * 1024 * 1024;

export class ExternalSorter {
  private buffer: SortItem[] = [];
  private bytes = 0;
  private runs: string[] = [];
  private dir: string | undefined;
  private n = 0;

  constructor(
    private readonly order: SortOrder,
    private readonly budget = DEFAULT_SORT_BUDGET,
    private readonly tmpRoot = os.tmpdir(),
  ) {}

  async add(t: number, json: string, accountId?: string, id?: string): Promise<void> {
    this.buffer.push({ t, n: this.n++, json, accountId, id });
    this.bytes += json.length * 2 + 64;
    if (this.bytes >= this.budget) await this.spill();
  }

  private sortBuffer(): void {
    this.buffer.sort((a, b) => compareKeyed(this.order, a, b));
  }

  private async spill(): Promise<void> {
    this.sortBuffer();
    this.dir ??= await fsp.mkdtemp(path.join(this.tmpRoot, "ct-sort-"));
    const file = path.join(this.dir, `run-${this.runs.length}.ndjson`);
    // One line per event: time, arrival number, account, ID, JSON (JSON.stringify never emits a raw
    // newline or tab).
    const lines = this.buffer.map((e) => `${e.t}\t${e.n}\t${e.accountId ?? ""}\t${e.id === undefined ? "" : JSON.stringify(e.id)}\t${e.json}\n`);
    await fsp.writeFile(file, lines.join(""));
    this.runs.push(file);
    this.buffer = [];
    this.bytes = 0;
  }

  /** Yields every added event in order, then removes the temporary files. */
  async *drain(): AsyncGenerator<SortItem> {
    this.sortBuffer();
    if (this.runs.length === 0) {
      yield* this.buffer;
      this.buffer = [];
      return;
    }
    const sources: AsyncIterator<SortItem>[] = this.runs.map((f) => readRun(f));
    sources.push(this.buffer[Symbol.iterator]() as unknown as AsyncIterator<SortItem>);
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
      this.buffer = [];
    }
  }
}

async function* readRun(file: string): AsyncGenerator<SortItem> {
  const rl = readline.createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  try {
    for await (const line of rl) {
      const a = line.indexOf("\t");
      const b = line.indexOf("\t", a + 1);
      const c = line.indexOf("\t", b + 1);
      const d = line.indexOf("\t", c + 1);
      const accountId = line.slice(b + 1, c) || undefined;
      const id = d > c + 1 ? (JSON.parse(line.slice(c + 1, d)) as string) : undefined;
      yield { t: Number(line.slice(0, a)), n: Number(line.slice(a + 1, b)), accountId, id, json: line.slice(d + 1) };
    }
  } finally {
    rl.close();
  }
}
