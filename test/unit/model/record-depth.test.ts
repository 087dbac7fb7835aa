// nestsDeeperThan: the depth count (the record is level 0), its limit, and that checking a record
// nested far beyond any stack never overflows.
import { describe, expect, it } from "vitest";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "../../../src/model/record-depth.js";

/** `levels` arrays or objects nested inside each other. */
const nested = (levels: number, kind: "array" | "object") =>
  JSON.parse(kind === "array" ? "[".repeat(levels) + "]".repeat(levels) : '{"a":'.repeat(levels - 1) + "{}" + "}".repeat(levels - 1)) as unknown;

describe("nestsDeeperThan", () => {
  it("counts the record as level 0 and each nested object or array as one more", () => {
    expect(nestsDeeperThan({ a: 1 }, 0)).toBe(false);
    expect(nestsDeeperThan({ a: {} }, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [[1]] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: [[1]] }, 1)).toBe(true);
    expect(nestsDeeperThan({ a: "x".repeat(1000), b: [1, 2, 3] }, 1)).toBe(false);
  });

  it.each(["array", "object"] as const)("allows exactly the limit of nested %ss and refuses one more", (kind) => {
    expect(nestsDeeperThan(nested(MAX_RECORD_DEPTH + 1, kind))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_RECORD_DEPTH + 2, kind))).toBe(true);
  });

  it("checks 1,000,000 levels without overflowing the stack", () => {
    expect(nestsDeeperThan(nested(1_000_000, "array"))).toBe(true);
  });

  it("finds the deep branch among shallow ones, and sees keys named __proto__ as own data", () => {
    const record = JSON.parse(`{"a":[1,2,{"b":3}],"__proto__":${"[".repeat(600)}${"]".repeat(600)}}`) as unknown;
    expect(nestsDeeperThan(record)).toBe(true);
    expect(nestsDeeperThan(null)).toBe(false);
    expect(nestsDeeperThan("text")).toBe(false);
  });
});
