// EventIdSet: repeats are found exactly among the IDs it remembers, growing its table keeps them,
// and past its bound it stops remembering (saturated) instead of growing.
import { describe, expect, it } from "vitest";
import { EventIdSet, hashEventId, randomSeeds } from "../../../src/query/event-id-set.js";

describe("EventIdSet", () => {
  it("says whether an ID was seen before, across growth of its table", () => {
    const set = new EventIdSet(randomSeeds());
    const ids = Array.from({ length: 50_000 }, (_, i) => `0c5e${i.toString(16).padStart(8, "0")}-aaaa-bbbb-cccc-${i}`);
    expect(ids.map((id) => set.add(id))).toEqual(ids.map(() => false));
    expect(ids.map((id) => set.add(id))).toEqual(ids.map(() => true));
    expect(set.add("never-seen")).toBe(false);
    expect(set.saturated).toBe(false);
  });

  it("agrees with hashes computed elsewhere under the same seeds (workers hash, the main thread counts)", () => {
    const seeds = randomSeeds();
    const set = new EventIdSet(seeds);
    expect(set.addHash(...hashEventId("e-1", seeds))).toBe(false);
    expect(set.add("e-1")).toBe(true);
    expect(set.add("e-2")).toBe(false);
    expect(set.addHash(...hashEventId("e-2", seeds))).toBe(true);
  });

  it("stops remembering new IDs at its bound and says so, still knowing the ones it kept", () => {
    const set = new EventIdSet(randomSeeds(), 100);
    for (let i = 0; i < 100; i++) set.add(`id-${i}`);
    expect(set.saturated).toBe(false);
    expect(set.add("id-100")).toBe(false);
    expect(set.saturated).toBe(true);
    expect(set.add("id-100")).toBe(false);
    expect(set.add("id-5")).toBe(true);
  });

  it("hashes under different seeds differently", () => {
    const a = hashEventId("same-id", [1, 2]);
    expect(hashEventId("same-id", [1, 2])).toEqual(a);
    expect(hashEventId("same-id", [3, 4])).not.toEqual(a);
  });
});
