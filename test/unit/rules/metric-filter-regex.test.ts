import { describe, expect, it } from "vitest";
import { compileRegex, RegexSyntaxError } from "../../../src/rules/metric-filter-regex.js";

describe("compileRegex matches as a search", () => {
  const cases: [string, string, boolean][] = [
    ["AUTHORIZED", "[ERROR 401] UNAUTHORIZED REQUEST", true],
    ["AUTHORIZED", "authorized", false],
    ["^[hc]at", "hat trick", true],
    ["^[hc]at", "that", false],
    ["[hc]at$", "a cat", true],
    ["[hc]at$", "cats", false],
    ["^$", "", true],
    ["^$", "x", false],
    ["$", "anything", true],
    ["colou?r", "color", true],
    ["colou?r", "colour", true],
    ["colou?r", "colouur", false],
    ["a{3,5}", "xaax", false],
    ["^a{3,5}$", "aaaa", true],
    ["^a{3,5}$", "aaaaaa", false],
    ["^a{2}$", "aa", true],
    ["^a{2,}$", "aaaaaaa", true],
    ["^a{2,}$", "a", false],
    ["ab+c", "abbbc", true],
    ["ab+c", "ac", false],
    ["ab*c", "ac", true],
    ["a.c", "abc", true],
    ["a.c", "ac", false],
    ["[abcx-z]", "y", true],
    ["^[abcx-z]$", "w", false],
    ["^[^0-9]+$", "abc", true],
    ["^[^0-9]+$", "ab1", false],
    ["\\d{3}", "error 404", true],
    ["^\\w+$", "under_score9", true],
    ["^\\w+$", "with space", false],
    ["\\s", "a b", true],
    ["^\\S+$", "a b", false],
    ["\\.", "a.b", true],
    ["\\.", "ab", false],
    ["[\\]]", "]", true],
    ["[a-]", "-", true],
    ["cat|dog", "hotdog", true],
    ["^cat|^dog", "hotdog", false],
    ["x*", "", true],
  ];
  it.each(cases)("%s on %j → %s", (source, value, expected) => {
    expect(compileRegex(source)(value)).toBe(expected);
  });
});

describe("compileRegex rejects what CloudWatch rejects, with the offset", () => {
  const errors: [string, string, number][] = [
    ["", "empty regex", 0],
    ["a(b)", "parentheses are not supported in CloudWatch regex", 1],
    ["*a", '"*" has nothing to repeat', 0],
    ["a|+", '"+" has nothing to repeat', 2],
    ["a**", '"*" cannot follow another repetition operator', 2],
    ["a+?", '"?" cannot follow another repetition operator', 2],
    ["a$b", '"$" is only allowed at the end of an alternative', 1],
    ["a^b", '"^" is only allowed at the start of an alternative', 1],
    ["[abc", 'unterminated "[" character class', 0],
    ["[z-a]", "invalid range in character class", 2],
    ["a{x}", '"{" must be followed by a repetition count such as {2}, {2,} or {2,5}', 1],
    ["a{5,2}", "invalid repetition {5,2}: the maximum is below the minimum", 1],
    ["a{3000}", "the repetition is too large (more than 2000)", 0],
    ["a\\", 'a trailing "\\" escapes nothing', 1],
  ];
  it.each(errors)("%j → %s", (source, message, offset) => {
    let error: unknown;
    try {
      compileRegex(source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegexSyntaxError);
    expect((error as RegexSyntaxError).message).toBe(message);
    expect((error as RegexSyntaxError).offset).toBe(offset);
  });
});

describe("compileRegex cannot be made slow", () => {
  it.each([
    ["a*a*a*a*a*a*a*a*a*a*b", "a".repeat(100_000)],
    [".*.*.*.*.*.*.*.*x", "y".repeat(100_000)],
  ])("%s on a long input", (source, value) => {
    const start = performance.now();
    expect(compileRegex(source)(value)).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  // Long runs of skippable items: each step used to re-walk every run (quadratic in the pattern,
  // 30 s for the first case); now a step costs at most one visit per state.
  it.each([
    ["1000 × a?, then b", "a?".repeat(1000) + "b"],
    ["500 × [a-z]*, then !", "[a-z]*".repeat(500) + "!"],
  ])("%s, on 20,000 characters", (_label, source) => {
    const start = performance.now();
    expect(compileRegex(source)("a".repeat(20_000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
