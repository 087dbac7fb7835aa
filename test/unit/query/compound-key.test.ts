// joinKey/splitKey give back exactly the parts, whatever characters they hold (tabs, backslashes,
// escape-like text), and clipValue bounds what a table keeps per value.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_KEY_VALUE_CHARS, clipValue, joinKey, splitKey } from "../../../src/query/compound-key.js";

describe("joinKey / splitKey", () => {
  it.each<[string, string[]]>([
    ["plain parts", ["iam.amazonaws.com", "CreateUser"]],
    ["a tab inside a part", ["iam\tx", "A\tB"]],
    ["backslashes and escape-like text", ["a\\tb", "\\", "t\\"]],
    ["empty parts", ["", "", ""]],
  ])("round-trips %s", (_label, parts) => {
    expect(splitKey(joinKey(...parts))).toEqual(parts);
  });

  it("round-trips any parts", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", "\t", "\\", "t", "x") }), { minLength: 1, maxLength: 4 }), (parts) => {
        expect(splitKey(joinKey(...parts))).toEqual(parts);
      }),
    );
  });

  it("keeps keys of plain parts as they were joined by a tab before", () => {
    expect(joinKey("Management", "read", "s3.amazonaws.com")).toBe("Management\tread\ts3.amazonaws.com");
  });
});

describe("clipValue", () => {
  it("leaves values up to the limit alone and cuts longer ones to the limit, ending in …", () => {
    const exact = "x".repeat(MAX_KEY_VALUE_CHARS);
    expect(clipValue(exact)).toBe(exact);
    const cut = clipValue("y".repeat(10_000_000));
    expect(cut).toHaveLength(MAX_KEY_VALUE_CHARS);
    expect(cut).toBe(`${"y".repeat(MAX_KEY_VALUE_CHARS - 1)}…`);
    expect(splitKey(joinKey("a".repeat(5000), "b"))).toEqual([`${"a".repeat(MAX_KEY_VALUE_CHARS - 1)}…`, "b"]);
  });
});
