// Hostile texts for the reader's text search and syntax scans (text-prefilter.ts, record-bounds.ts,
// record-scan.ts): each costs time linear in its size, and gives the answer a full parse would. The bounds are
// generous: they catch quadratic work (minutes on these sizes), not a slow machine.
import { describe, expect, it } from "vitest";
import { requiredTextOf } from "../../src/query/required-text.js";
import { recordBounds } from "../../src/read/record-bounds.js";
import { USE_TEXT, recordBoundsOfBytes } from "../../src/read/record-scan.js";
import { compilePicker } from "../../src/read/text-prefilter.js";

const timed = <T>(f: () => T): { value: T; ms: number } => {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
};

describe("the prefilter on hostile text", () => {
  it("a string of escaped quotes behind long runs of backslashes", () => {
    // Every quote is preceded by 2,001 backslashes: counting them back is linear overall.
    const body = `${"\\\\".repeat(1000)}\\"`.repeat(1000);
    const text = `{"Records":[{"a":"${body}","userName":"alice"},{"b":1}]}`;
    const { value, ms } = timed(() => recordBounds(text));
    expect(value?.bounds.length).toBe(4);
    expect(JSON.parse(text.slice(value!.bounds[0], value!.bounds[1])).userName).toBe("alice");
    expect(ms).toBeLessThan(2000);
    const bytes = timed(() => recordBoundsOfBytes(Buffer.from(text), 0));
    expect(bytes.value).toEqual({ ...value, bounds: Int32Array.from(value!.bounds) });
    expect(bytes.ms).toBeLessThan(2000);
  });

  it("a rare character everywhere, with the rest of the string nowhere", () => {
    // "azzb" is sought from its first "z": its tail "zzb" is found 300,000 times, never after an "a".
    const text = `{"Records":[{"k":"${"zzb".repeat(300_000)}"},{"userName":"azzb"}]}`;
    const pick = compilePicker(requiredTextOf({ user: ["azzb"] })!);
    const { value, ms } = timed(() => pick.text(text));
    expect(value?.picked).toEqual([1]);
    expect(ms).toBeLessThan(2000);
    const bytes = timed(() => pick.bytes(Buffer.from(text), 0));
    expect(bytes.value).toEqual({ ...value, bounds: Int32Array.from(value!.bounds) });
    expect(bytes.ms).toBeLessThan(2000);
  });

  it("a string found a million times gives way to the full parse at once", () => {
    const text = `{"Records":[{"k":"${"alice".repeat(200_000)}"}]}`;
    const pick = compilePicker(requiredTextOf({ user: ["alice"] })!);
    const { value, ms } = timed(() => pick.text(text));
    expect(value).toBeUndefined();
    expect(ms).toBeLessThan(2000);
    const bytes = timed(() => pick.bytes(Buffer.from(text), 0));
    expect(bytes.value).toBeUndefined();
    expect(bytes.ms).toBeLessThan(2000);
  });

  it("a million tiny records, and a record nested past the scan's depth", () => {
    const many = `{"Records":[${"{},".repeat(999_999)}{}]}`;
    const { value, ms } = timed(() => recordBounds(many));
    expect(value?.bounds.length).toBe(2_000_000);
    expect(ms).toBeLessThan(5000);
    // The byte scan has room for records of 64 bytes on average: it leaves these to the text scan.
    expect(recordBoundsOfBytes(Buffer.from(many), 0)).toBe(USE_TEXT);
    const deep = `{"Records":[{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}]}`;
    expect(timed(() => recordBounds(deep)).value).toBeUndefined();
    expect(timed(() => recordBoundsOfBytes(Buffer.from(deep), 0)).value).toBeUndefined();
  });
});
