// Tests for the external sort: with a budget small enough to force many spilled runs it must give
// exactly the in-memory order (ties in arrival order, timeless last), carry every JSON text
// through the run files unchanged, and leave no temporary file behind, even when cut short.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExternalSorter, type SortItem } from "../../../src/sort/external-sort.js";
import { type SortOrder, compareKeyed } from "../../../src/sort/order.js";

let tmpRoot = "";
beforeEach(() => {
  tmpRoot = mkdtempSync(path.join(os.tmpdir(), "ct-sort-test-"));
});
afterEach(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** Every file below the temp root, relative to it. */
function leftovers(): string[] {
  return readdirSync(tmpRoot, { recursive: true }).map(String).sort();
}

async function drainAll(s: ExternalSorter): Promise<SortItem[]> {
  const out: SortItem[] = [];
  for await (const x of s.drain()) out.push(x);
  return out;
}

function inMemory(order: SortOrder, times: number[], jsons: string[]): SortItem[] {
  return times.map((t, n) => ({ t, n, json: jsons[n]! })).sort((a, b) => compareKeyed(order, a, b));
}

describe("ExternalSorter", () => {
  it("spills several runs with a tiny budget and merges them into the in-memory order", async () => {
    const times = Array.from({ length: 500 }, (_, i) => (i % 17 === 0 ? Number.NaN : Date.UTC(2026, 2, 1) + ((i * 7919) % 97) * 1000));
    const jsons = times.map((_, i) => JSON.stringify({ eventID: `e${i}`, pad: "x".repeat(i % 40) }));
    for (const order of ["desc", "asc"] as const) {
      const sorter = new ExternalSorter(order, 2_000, tmpRoot);
      for (let i = 0; i < times.length; i++) await sorter.add(times[i]!, jsons[i]!);
      // The runs are on disk before the merge.
      const dirs = readdirSync(tmpRoot);
      expect(dirs).toHaveLength(1);
      expect(dirs[0]).toMatch(/^ct-sort-/);
      expect(readdirSync(path.join(tmpRoot, dirs[0]!)).length).toBeGreaterThan(10);

      expect(await drainAll(sorter)).toEqual(inMemory(order, times, jsons));
      expect(leftovers()).toEqual([]);
    }
  });

  it("sorts events given as UTF-8 bytes exactly as events given as text, spilled or not", async () => {
    const times = Array.from({ length: 300 }, (_, i) => Date.UTC(2026, 2, 1) + ((i * 31) % 53) * 1000);
    const jsons = times.map((_, i) => JSON.stringify({ eventID: `e${i}`, name: i % 3 === 0 ? "Ä日本" : "x".repeat(i % 25) }));
    const bytes = Buffer.from(jsons.join(""));
    for (const budget of [1_500, 1_000_000]) {
      const asText = new ExternalSorter("desc", budget, tmpRoot);
      const asBytes = new ExternalSorter("desc", budget, tmpRoot);
      let at = 0;
      for (let i = 0; i < jsons.length; i++) {
        await asText.add(times[i]!, jsons[i]!, "111122223333", `e${i}`);
        const end = at + Buffer.byteLength(jsons[i]!);
        await asBytes.addBytes(times[i]!, bytes, at, end, "111122223333", `e${i}`);
        at = end;
      }
      const expected = await drainAll(asText);
      expect(expected.map((x) => x.json).sort()).toEqual([...jsons].sort());
      expect(await drainAll(asBytes)).toEqual(expected);
    }
    expect(leftovers()).toEqual([]);
  });

  it("agrees with the in-memory order on random input and budgets", async () => {
    const time = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 2e12 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(time, fc.string({ maxLength: 30 })), { maxLength: 120 }),
        fc.integer({ min: 100, max: 5_000 }),
        fc.constantFrom<SortOrder>("asc", "desc"),
        async (entries, budget, order) => {
          const sorter = new ExternalSorter(order, budget, tmpRoot);
          const jsons = entries.map(([, s]) => JSON.stringify({ s }));
          for (let i = 0; i < entries.length; i++) await sorter.add(entries[i]![0], jsons[i]!);
          expect(await drainAll(sorter)).toEqual(inMemory(order, entries.map(([t]) => t), jsons));
          expect(leftovers()).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("carries every JSON text through the run files unchanged", async () => {
    const texts = [
      JSON.stringify({ s: "line\nbreak\ttab\r\u0000" }),
      JSON.stringify({ s: "separators \u2028 \u2029 \u0085 and emoji \u{1F600}" }),
      JSON.stringify({ s: "lone surrogate \uD800" }),
      JSON.stringify({ s: "\\t and \\n as text" }),
      JSON.stringify("just a string"),
      JSON.stringify({ s: "x".repeat(10_000) }),
    ];
    const sorter = new ExternalSorter("asc", 1, tmpRoot);
    for (let i = 0; i < texts.length; i++) await sorter.add(i, texts[i]!);
    expect((await drainAll(sorter)).map((x) => x.json)).toEqual(texts);
    expect(leftovers()).toEqual([]);
  });

  it("carries event IDs (log text: tabs, newlines, quotes) and accounts through the run files", async () => {
    const ids = ["plain-id", "tab\there", "new\nline", '"quoted"', "\u2028", undefined];
    const sorter = new ExternalSorter("asc", 1, tmpRoot);
    for (let i = 0; i < ids.length; i++) await sorter.add(i, `{"i":${i}}`, i % 2 === 0 ? "111122223333" : undefined, ids[i]);
    const out = await drainAll(sorter);
    expect(out.map((x) => x.id)).toEqual(ids);
    expect(out.map((x) => x.json)).toEqual(ids.map((_, i) => `{"i":${i}}`));
    expect(out.map((x) => x.accountId)).toEqual(ids.map((_, i) => (i % 2 === 0 ? "111122223333" : undefined)));
  });

  it("keeps special times through the run files", async () => {
    const sorter = new ExternalSorter("asc", 1, tmpRoot);
    for (const t of [Number.NaN, -1, 0, 8.64e15, 1.5]) await sorter.add(t, "{}");
    expect((await drainAll(sorter)).map((x) => x.t)).toEqual([-1, 0, 1.5, 8.64e15, Number.NaN]);
  });

  it("never touches the disk when everything fits", async () => {
    const sorter = new ExternalSorter("desc", 1_000_000, tmpRoot);
    await sorter.add(1, '{"a":1}');
    await sorter.add(2, '{"a":2}');
    expect(leftovers()).toEqual([]);
    expect((await drainAll(sorter)).map((x) => x.json)).toEqual(['{"a":2}', '{"a":1}']);
  });

  it("removes its temporary files when the reader stops early", async () => {
    const sorter = new ExternalSorter("asc", 200, tmpRoot);
    for (let i = 0; i < 100; i++) await sorter.add(i, JSON.stringify({ i }));
    expect(leftovers().length).toBeGreaterThan(1);
    const got: number[] = [];
    for await (const x of sorter.drain()) {
      got.push(x.t);
      if (got.length === 3) break;
    }
    expect(got).toEqual([0, 1, 2]);
    expect(leftovers()).toEqual([]);
  });

  it("yields nothing when nothing was added", async () => {
    expect(await drainAll(new ExternalSorter("desc", 10, tmpRoot))).toEqual([]);
  });
});
