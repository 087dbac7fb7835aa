// Remembers which eventIDs a run has seen, to find the same event delivered twice (two trails
// writing to one bucket), in bounded memory: each ID is kept as a 64-bit hash (8 bytes in an
// open-addressing table, at most MAX_TRACKED_IDS of them). Seeds are random per run, so records
// cannot be crafted to collide. It does not decide what to do with a duplicate.

/** Distinct eventIDs remembered per run: 2,000,000 IDs take 32 MiB. */
export const MAX_TRACKED_IDS = 2_000_000;

export type IdSeeds = readonly [number, number];

/** Two random 32-bit seeds for a run. */
export function randomSeeds(): IdSeeds {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return [words[0]!, words[1]!];
}

function hash32(s: string, seed: number): number {
  let h = (seed ^ s.length) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 13), 0x85ebca6b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The two 32-bit halves of an ID's 64-bit hash under the run's seeds. */
export function hashEventId(id: string, seeds: IdSeeds): [number, number] {
  return [hash32(id, seeds[0]), hash32(id, seeds[1] ^ 0x9e3779b9)];
}

export class EventIdSet {
  /** Pairs of hash halves; (0, 0) marks an empty slot. */
  private slots = new Uint32Array(2 * 1024);
  private size = 0;
  /** True once an ID could not be remembered: later duplicates of such IDs go unnoticed. */
  saturated = false;

  constructor(
    private readonly seeds: IdSeeds,
    private readonly maxIds = MAX_TRACKED_IDS,
  ) {}

  /** True when the ID was seen before; otherwise remembers it (while there is room). */
  add(id: string): boolean {
    const [a, b] = hashEventId(id, this.seeds);
    return this.addHash(a, b);
  }

  /** add() for a hash computed elsewhere (in a worker) with the same seeds. */
  addHash(a: number, b: number): boolean {
    if (a === 0 && b === 0) b = 1;
    const cap = this.slots.length / 2;
    let i = (a ^ Math.imul(b, 0x27d4eb2d)) & (cap - 1);
    for (;;) {
      const x = this.slots[2 * i]!;
      const y = this.slots[2 * i + 1]!;
      if (x === 0 && y === 0) break;
      if (x === a && y === b) return true;
      i = (i + 1) & (cap - 1);
    }
    if (this.size >= this.maxIds) {
      this.saturated = true;
      return false;
    }
    this.slots[2 * i] = a;
    this.slots[2 * i + 1] = b;
    this.size++;
    if (this.size * 10 > cap * 7) this.grow();
    return false;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0 || old[i + 1] !== 0) this.addHash(old[i]!, old[i + 1]!);
  }
}
