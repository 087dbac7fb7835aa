// A trap inside the WebAssembly scanner (which would be a bug of its own) must not cost a file:
// the picker answers USE_TEXT and the reader scans the text instead, with the same result.
import { describe, expect, it, vi } from "vitest";
import { requiredTextOf } from "../../../src/query/required-text.js";
import { USE_TEXT } from "../../../src/read/record-scan.js";
import { compilePicker } from "../../../src/read/text-prefilter.js";

vi.mock("../../../src/read/record-scan.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../../src/read/record-scan.js")>()),
  recordBoundsOfBytes: () => {
    throw new Error("RuntimeError: memory access out of bounds");
  },
}));

describe("the picker when the byte scan traps", () => {
  it("leaves the document to the text scan, which picks as usual", () => {
    const text = `{"Records":[${Array.from({ length: 10 }, (_, i) => JSON.stringify({ userIdentity: { userName: i === 4 ? "alice" : `u${i}` } })).join(",")}]}`;
    const picker = compilePicker(requiredTextOf({ user: ["alice"] })!);
    expect(picker.bytes(Buffer.from(text), 0)).toBe(USE_TEXT);
    expect(picker.text(text)?.picked).toEqual([4]);
  });
});
