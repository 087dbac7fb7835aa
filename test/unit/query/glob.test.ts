// Tests for `*` wildcards: exact and case-sensitive without a star, escapes, lists of
// alternatives, agreement with a regular-expression reference, and linear time on hostile input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileAny, compileGlob } from "../../../src/query/glob.js";

/** The documented meaning as a regular expression: `*` any run, `\*` a star, `\\` a backslash. */
function reference(pattern: string): (v: string) => boolean {
  if (!pattern.includes("*")) return (v) => v === pattern;
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && (pattern[i + 1] === "*" || pattern[i + 1] === "\\")) re += `\\${pattern[++i]}`;
    else if (c === "*") re += ".*";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  const rx = new RegExp(`^${re}$`, "su");
  return (v) => rx.test(v);
}

describe("compileGlob", () => {
  it.each<[string, string, boolean]>([
    ["ConsoleLogin", "ConsoleLogin", true],
    ["ConsoleLogin", "consolelogin", false],
    ["ConsoleLogin", "ConsoleLogin2", false],
    ["Delete*", "DeleteBucket", true],
    ["Delete*", "Delete", true],
    ["Delete*", "BatchDeleteItem", false],
    ["*Bucket", "DeleteBucket", true],
    ["*Bucket", "DeleteBucketPolicy", false],
    ["*Bucket*", "PutBucketPolicy", true],
    ["Put*Policy", "PutBucketPolicy", true],
    ["Put*Policy", "PutPolicyPolicy", true],
    ["Put*Policy", "PutPolicy", true],
    ["ab*ba", "aba", false],
    ["ab*ba", "abba", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["a*b*c", "aXbYbZc", true],
    ["*", "", true],
    ["*", "anything", true],
    ["**", "x", true],
    ["", "", true],
    ["", "x", false],
    ["Star\\*", "Star*", true],
    ["Star\\*", "Starry", false],
    ["\\*\\*", "**", true],
    ["a\\\\*", "a\\anything", true],
    ["a\\\\*", "a\\", true],
    ["no\\star", "no\\star", true],
    ["*.amazonaws.com", "s3.amazonaws.com", true],
    ["*.amazonaws.com", "s3xamazonaws.com", false],
    ["i-*", "i-0123", true],
  ])("%j matches %j: %s", (pattern, value, expected) => {
    expect(compileGlob(pattern)(value)).toBe(expected);
  });

  it("agrees with a regular-expression reference", () => {
    const alphabet = fc.constantFrom("a", "b", "*", "\\", ".", "\n", "é");
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: alphabet, maxLength: 10 }), (pattern, value) => {
        expect(compileGlob(pattern)(value)).toBe(reference(pattern)(value));
      }),
      { numRuns: 5000 },
    );
  });

  it("stays fast on patterns that make backtracking matchers explode", () => {
    const pattern = `${"*a".repeat(30)}*b`;
    const value = "a".repeat(50_000);
    const started = performance.now();
    expect(compileGlob(pattern)(value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("compileAny", () => {
  it("matches any of its alternatives", () => {
    const m = compileAny(["ConsoleLogin", "Delete*", "*Policy"]);
    expect(["ConsoleLogin", "DeleteUser", "PutRolePolicy", "GetUser", "consolelogin"].map(m)).toEqual([true, true, true, false, false]);
  });

  it("treats every alternative as compileGlob does", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", "*", "\\"), maxLength: 4 }), { minLength: 1, maxLength: 4 }), fc.string({ unit: fc.constantFrom("a", "*", "\\"), maxLength: 5 }), (patterns, value) => {
        expect(compileAny(patterns)(value)).toBe(patterns.some((p) => compileGlob(p)(value)));
      }),
      { numRuns: 2000 },
    );
  });
});
