// Keeps the first N items of an ordering over a stream, in O(N) memory (a binary heap whose root
// is the current worst kept item). Used for `--limit N` with sorting, so a limited, sorted lookup
// never holds more than N events.
export class TopN<T> {
  private heap: T[] = [];

  /** `before(a, b)` is true when a comes before b in the output. */
  constructor(
    private readonly limit: number,
    private readonly before: (a: T, b: T) => boolean,
  ) {}

  /** Whether add(item) would keep it: lets a caller build only the items that will be kept. */
  wouldKeep(item: T): boolean {
    return this.limit > 0 && (this.heap.length < this.limit || this.before(item, this.heap[0]!));
  }

  add(item: T): void {
    if (this.limit <= 0) return;
    const h = this.heap;
    if (h.length < this.limit) {
      h.push(item);
      this.up(h.length - 1);
    } else if (this.before(item, h[0]!)) {
      h[0] = item;
      this.down(0);
    }
  }

  /** The kept items in output order. */
  sorted(): T[] {
    return [...this.heap].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  // Max-heap on "worse": the root is the item that comes last.
  private worse(a: T, b: T): boolean {
    return this.before(b, a);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.worse(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.worse(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
