import { describe, expect, it } from "vitest";
import { PatternError } from "../../../src/rules/errors.js";
import { compileEventPattern } from "../../../src/rules/event-pattern.js";

/** [description, pattern, event, expected] */
type Case = [string, unknown, unknown, boolean];

function check(cases: Case[]): void {
  it.each(cases)("%s", (_name, pattern, event, expected) => {
    expect(compileEventPattern(pattern)(event)).toBe(expected);
  });
}

describe("exact values", () => {
  check([
    ["string equal", { a: ["x"] }, { a: "x" }, true],
    ["case-sensitive", { a: ["x"] }, { a: "X" }, false],
    ["list is OR", { a: ["x", "y"] }, { a: "y" }, true],
    ["list, no member equal", { a: ["x", "y"] }, { a: "z" }, false],
    ["fields are AND: one missing", { a: ["x"], b: ["y"] }, { a: "x" }, false],
    ["fields are AND: both equal", { a: ["x"], b: ["y"] }, { a: "x", b: "y", c: "z" }, true],
    ["missing field", { a: ["x"] }, {}, false],
    ["number equals number", { a: [5] }, { a: 5 }, true],
    ["number equals 5.0", { a: [5] }, { a: 5.0 }, true],
    ["number does not equal numeric string", { a: [5] }, { a: "5" }, false],
    ["string does not equal number", { a: ["5"] }, { a: 5 }, false],
    ["true equals true", { a: [true] }, { a: true }, true],
    ["true does not equal \"true\"", { a: [true] }, { a: "true" }, false],
    ["null equals null", { a: [null] }, { a: null }, true],
    ["null does not match a missing field", { a: [null] }, {}, false],
    ["null does not match empty string", { a: [null] }, { a: "" }, false],
    ["empty string equals empty string", { a: [""] }, { a: "" }, true],
    ["empty string does not match null", { a: [""] }, { a: null }, false],
    ["array field: one element equal", { a: ["x"] }, { a: ["w", "x"] }, true],
    ["array field: no element equal", { a: ["x"] }, { a: ["w", "v"] }, false],
    ["array field: empty", { a: ["x"] }, { a: [] }, false],
    ["nested array field", { a: ["x"] }, { a: [["w"], ["x"]] }, true],
    ["object is not a leaf", { a: ["x"] }, { a: { x: "x" } }, false],
    ["IPv6 literal matches another spelling", { ip: ["2001:db8::1"] }, { ip: "2001:0db8:0:0:0:0:0:1" }, true],
    ["IPv4 literal equal", { ip: ["10.0.0.1"] }, { ip: "10.0.0.1" }, true],
    ["IPv4 literal, other address", { ip: ["10.0.0.1"] }, { ip: "10.0.0.2" }, false],
  ]);
});

describe("nested objects", () => {
  check([
    ["nested field equal", { a: { b: ["x"] } }, { a: { b: "x" } }, true],
    ["nested field differs", { a: { b: ["x"] } }, { a: { b: "y" } }, false],
    ["parent is a string", { a: { b: ["x"] } }, { a: "x" }, false],
    ["parent missing", { a: { b: ["x"] } }, {}, false],
    ["array of objects: one element has it", { a: { b: ["x"] } }, { a: [{ b: "y" }, { b: "x" }] }, true],
    ["array-consistent: fields from two elements do not combine", { a: { b: ["1"], c: ["2"] } }, { a: [{ b: "1" }, { c: "2" }] }, false],
    ["array-consistent: both fields in one element", { a: { b: ["1"], c: ["2"] } }, { a: [{ b: "0" }, { b: "1", c: "2" }] }, true],
    ["inherited property names are not fields", { a: { toString: [{ exists: true }] } }, { a: {} }, false],
  ]);
});

describe("prefix and suffix", () => {
  check([
    ["prefix matches", { r: [{ prefix: "us-" }] }, { r: "us-east-1" }, true],
    ["prefix does not match", { r: [{ prefix: "us-" }] }, { r: "eu-west-1" }, false],
    ["prefix is case-sensitive", { r: [{ prefix: "us-" }] }, { r: "US-east-1" }, false],
    ["prefix on a number", { r: [{ prefix: "5" }] }, { r: 55 }, false],
    ["prefix on a missing field", { r: [{ prefix: "us-" }] }, {}, false],
    ["prefix on an array", { r: [{ prefix: "us-" }] }, { r: ["eu-west-1", "us-west-2"] }, true],
    ["empty prefix matches any string", { r: [{ prefix: "" }] }, { r: "anything" }, true],
    ["prefix ignore case", { s: [{ prefix: { "equals-ignore-case": "EventB" } }] }, { s: "eventbridge" }, true],
    ["prefix ignore case, not at start", { s: [{ prefix: { "equals-ignore-case": "EventB" } }] }, { s: "xEventB" }, false],
    ["suffix matches", { f: [{ suffix: ".png" }] }, { f: "a/b.png" }, true],
    ["suffix does not match", { f: [{ suffix: ".png" }] }, { f: "a/b.PNG" }, false],
    ["suffix ignore case", { f: [{ suffix: { "equals-ignore-case": ".png" } }] }, { f: "a/b.PNG" }, true],
    ["suffix ignore case, other ending", { f: [{ suffix: { "equals-ignore-case": ".png" } }] }, { f: "a/b.PNGX" }, false],
  ]);
});

describe("equals-ignore-case", () => {
  check([
    ["other case", { n: [{ "equals-ignore-case": "alice" }] }, { n: "ALICE" }, true],
    ["mixed case", { n: [{ "equals-ignore-case": "AlIcE" }] }, { n: "aLiCe" }, true],
    ["longer value", { n: [{ "equals-ignore-case": "alice" }] }, { n: "alicex" }, false],
    ["not a string", { n: [{ "equals-ignore-case": "true" }] }, { n: true }, false],
  ]);
});

describe("wildcard", () => {
  check([
    ["star spans segments", { p: [{ wildcard: "dir/*.png" }] }, { p: "dir/a/b.png" }, true],
    ["wrong extension", { p: [{ wildcard: "dir/*.png" }] }, { p: "dir/a.jpg" }, false],
    ["anchored at the start", { p: [{ wildcard: "a*" }] }, { p: "ba" }, false],
    ["anchored at the end", { p: [{ wildcard: "*a" }] }, { p: "ab" }, false],
    ["lone star matches empty string", { p: [{ wildcard: "*" }] }, { p: "" }, true],
    ["several stars in order", { p: [{ wildcard: "*a*b*c" }] }, { p: "xxaxxbxxc" }, true],
    ["several stars, out of order", { p: [{ wildcard: "*a*b*c" }] }, { p: "xxbxxaxxc" }, false],
    ["pieces must not overlap", { p: [{ wildcard: "ab*ba" }] }, { p: "aba" }, false],
    ["no star is exact", { p: [{ wildcard: "abc" }] }, { p: "abc" }, true],
    ["escaped star is literal", { p: [{ wildcard: "a\\*b" }] }, { p: "a*b" }, true],
    ["escaped star does not match other text", { p: [{ wildcard: "a\\*b" }] }, { p: "axb" }, false],
    ["escaped backslash", { p: [{ wildcard: "a\\\\b" }] }, { p: "a\\b" }, true],
    ["escaped backslash then star", { p: [{ wildcard: "a\\\\*" }] }, { p: "a\\bcd" }, true],
    ["not a string", { p: [{ wildcard: "*" }] }, { p: 5 }, false],
  ]);

  it("matches hostile input in linear time", () => {
    const match = compileEventPattern({ p: [{ wildcard: "*a*a*a*a*a*a*a*a*a*a*b" }] });
    const start = performance.now();
    expect(match({ p: "a".repeat(200_000) })).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("anything-but", () => {
  check([
    ["string: other value", { s: [{ "anything-but": "init" }] }, { s: "running" }, true],
    ["string: the excluded value", { s: [{ "anything-but": "init" }] }, { s: "init" }, false],
    ["string: missing field does not match", { s: [{ "anything-but": "init" }] }, {}, false],
    ["string: a number is not excluded", { s: [{ "anything-but": "5" }] }, { s: 5 }, true],
    ["string: null is not excluded", { s: [{ "anything-but": "init" }] }, { s: null }, true],
    ["string list: other value", { s: [{ "anything-but": ["stopped", "overloaded"] }] }, { s: "running" }, true],
    ["string list: excluded value", { s: [{ "anything-but": ["stopped", "overloaded"] }] }, { s: "overloaded" }, false],
    ["number: other value", { x: [{ "anything-but": 123 }] }, { x: 124 }, true],
    ["number: excluded value", { x: [{ "anything-but": 123 }] }, { x: 123 }, false],
    ["number: the string \"123\" is not excluded", { x: [{ "anything-but": 123 }] }, { x: "123" }, true],
    ["number list: other value", { x: [{ "anything-but": [100, 200, 300] }] }, { x: 250 }, true],
    ["number list: excluded value", { x: [{ "anything-but": [100, 200, 300] }] }, { x: 200 }, false],
    ["array field: one element not excluded", { s: [{ "anything-but": "x" }] }, { s: ["x", "y"] }, true],
    ["array field: every element excluded", { s: [{ "anything-but": "x" }] }, { s: ["x", "x"] }, false],
    ["prefix: excluded", { s: [{ "anything-but": { prefix: "init" } }] }, { s: "initializing" }, false],
    ["prefix: allowed", { s: [{ "anything-but": { prefix: "init" } }] }, { s: "running" }, true],
    ["prefix: numbers are allowed", { s: [{ "anything-but": { prefix: "1" } }] }, { s: 12 }, true],
    ["suffix: excluded", { f: [{ "anything-but": { suffix: ".png" } }] }, { f: "a.png" }, false],
    ["suffix: allowed", { f: [{ "anything-but": { suffix: ".png" } }] }, { f: "a.jpg" }, true],
    ["wildcard: excluded", { f: [{ "anything-but": { wildcard: "*/lib/*" } }] }, { f: "/usr/lib/x.so" }, false],
    ["wildcard: allowed", { f: [{ "anything-but": { wildcard: "*/lib/*" } }] }, { f: "/usr/bin/x" }, true],
    ["ignore case: excluded", { s: [{ "anything-but": { "equals-ignore-case": "init" } }] }, { s: "INIT" }, false],
    ["ignore case: allowed", { s: [{ "anything-but": { "equals-ignore-case": "init" } }] }, { s: "run" }, true],
    ["ignore case list: excluded", { s: [{ "anything-but": { "equals-ignore-case": ["a", "b"] } }] }, { s: "B" }, false],
    ["ignore case list: allowed", { s: [{ "anything-but": { "equals-ignore-case": ["a", "b"] } }] }, { s: "c" }, true],
  ]);
});

describe("numeric", () => {
  check([
    ["= equal", { n: [{ numeric: ["=", 100] }] }, { n: 100 }, true],
    ["= with exponent", { n: [{ numeric: ["=", 3.018e2] }] }, { n: 301.8 }, true],
    ["= differs", { n: [{ numeric: ["=", 100] }] }, { n: 101 }, false],
    ["a numeric string is not a number", { n: [{ numeric: ["=", 100] }] }, { n: "100" }, false],
    ["< below", { n: [{ numeric: ["<", 10] }] }, { n: 9.99 }, true],
    ["< at bound", { n: [{ numeric: ["<", 10] }] }, { n: 10 }, false],
    ["<= at bound", { n: [{ numeric: ["<=", 10] }] }, { n: 10 }, true],
    ["> at bound", { n: [{ numeric: [">", 10] }] }, { n: 10 }, false],
    [">= at bound", { n: [{ numeric: [">=", 10] }] }, { n: 10 }, true],
    ["range: open bottom excludes it", { n: [{ numeric: [">", 0, "<=", 5] }] }, { n: 0 }, false],
    ["range: inside", { n: [{ numeric: [">", 0, "<=", 5] }] }, { n: 0.1 }, true],
    ["range: closed top includes it", { n: [{ numeric: [">", 0, "<=", 5] }] }, { n: 5 }, true],
    ["range: above", { n: [{ numeric: [">", 0, "<=", 5] }] }, { n: 5.1 }, false],
    ["range: open top excludes it", { n: [{ numeric: [">=", 0, "<", 5] }] }, { n: 5 }, false],
    ["negative values", { n: [{ numeric: ["<", -1] }] }, { n: -2 }, true],
    ["array field: one element in range", { n: [{ numeric: [">", 10] }] }, { n: [1, 20] }, true],
    ["null is not a number", { n: [{ numeric: [">", 10] }] }, { n: null }, false],
    ["missing field", { n: [{ numeric: [">", 10] }] }, {}, false],
  ]);
});

describe("exists", () => {
  check([
    ["true: string present", { a: [{ exists: true }] }, { a: "x" }, true],
    ["true: empty string present", { a: [{ exists: true }] }, { a: "" }, true],
    ["true: null present", { a: [{ exists: true }] }, { a: null }, true],
    ["true: missing", { a: [{ exists: true }] }, {}, false],
    ["true: object is not a leaf", { a: [{ exists: true }] }, { a: { b: 1 } }, false],
    ["true: empty array", { a: [{ exists: true }] }, { a: [] }, false],
    ["true: array of values", { a: [{ exists: true }] }, { a: ["x"] }, true],
    ["true: array of objects", { a: [{ exists: true }] }, { a: [{ b: 1 }] }, false],
    ["false: missing", { a: [{ exists: false }] }, { b: 1 }, true],
    ["false: object counts as not existing", { a: [{ exists: false }] }, { a: { c1: 100 } }, true],
    ["false: null exists", { a: [{ exists: false }] }, { a: null }, false],
    ["false: empty array", { a: [{ exists: false }] }, { a: [] }, true],
    ["false: parent missing", { a: { b: [{ exists: false }] } }, {}, true],
    ["false: parent null", { a: { b: [{ exists: false }] } }, { a: null }, true],
    ["false: present in parent", { a: { b: [{ exists: false }] } }, { a: { b: 1 } }, false],
    ["combined with a value (OR)", { a: [{ exists: false }, "x"] }, { a: "x" }, true],
  ]);
});

describe("cidr", () => {
  check([
    ["IPv4 inside", { ip: [{ cidr: "10.0.0.0/24" }] }, { ip: "10.0.0.255" }, true],
    ["IPv4 outside", { ip: [{ cidr: "10.0.0.0/24" }] }, { ip: "10.0.1.0" }, false],
    ["IPv4 /32", { ip: [{ cidr: "203.0.113.7/32" }] }, { ip: "203.0.113.7" }, true],
    ["IPv4 range, IPv6 value", { ip: [{ cidr: "10.0.0.0/8" }] }, { ip: "2001:db8::1" }, false],
    ["IPv4 range, service name", { ip: [{ cidr: "10.0.0.0/8" }] }, { ip: "AWS Internal" }, false],
    ["IPv4 range, octal-looking text", { ip: [{ cidr: "10.0.0.0/8" }] }, { ip: "010.0.0.1" }, false],
    ["IPv4 range, number", { ip: [{ cidr: "10.0.0.0/8" }] }, { ip: 10 }, false],
    ["IPv6 inside", { ip: [{ cidr: "2001:db8::/32" }] }, { ip: "2001:db8:ffff::1" }, true],
    ["IPv6 inside, upper case", { ip: [{ cidr: "2001:db8::/32" }] }, { ip: "2001:0DB8::1" }, true],
    ["IPv6 outside", { ip: [{ cidr: "2001:db8::/32" }] }, { ip: "2001:db9::1" }, false],
    ["IPv6 range, IPv4 value", { ip: [{ cidr: "::/0" }] }, { ip: "10.0.0.1" }, false],
    ["array of addresses", { ip: [{ cidr: "192.0.2.0/24" }] }, { ip: ["10.0.0.1", "192.0.2.9"] }, true],
  ]);
});

describe("$or", () => {
  check([
    ["second branch", { $or: [{ a: ["x"] }, { b: ["y"] }] }, { b: "y" }, true],
    ["no branch", { $or: [{ a: ["x"] }, { b: ["y"] }] }, { a: "z", b: "z" }, false],
    ["ANDed with a field", { s: ["aws.iam"], $or: [{ a: ["x"] }, { b: ["y"] }] }, { s: "aws.sts", a: "x" }, false],
    ["ANDed with a field, both hold", { s: ["aws.iam"], $or: [{ a: ["x"] }, { b: ["y"] }] }, { s: "aws.iam", a: "x" }, true],
    ["branch with AND inside", { $or: [{ a: ["x"], b: ["y"] }, { c: ["z"] }] }, { a: "x", b: "n" }, false],
    ["nested $or", { $or: [{ a: ["x"], $or: [{ b: [1] }, { c: [2] }] }, { d: ["w"] }] }, { a: "x", c: 2 }, true],
    ["inside a nested object", { d: { $or: [{ a: ["x"] }, { b: ["y"] }] } }, { d: { b: "y" } }, true],
    ["branches see the same array element", { d: { $or: [{ a: ["x"], b: ["y"] }, { c: ["z"] }] } }, { d: [{ a: "x" }, { b: "y" }] }, false],
  ]);
});

describe("invalid patterns", () => {
  const invalid: [unknown, string][] = [
    [5, "the event pattern must be a JSON object"],
    [["x"], "the event pattern must be a JSON object"],
    [{}, "empty objects are not allowed"],
    [{ detail: {} }, "detail: empty objects are not allowed"],
    [{ a: "x" }, "a: must be an object or an array"],
    [{ a: 5 }, "a: must be an object or an array"],
    [{ a: [] }, "a: empty arrays are not allowed"],
    [{ a: [["x"]] }, "a[0]: a match value must be a string, number, true, false, null or a match expression object"],
    [{ detail: { errorCode: [{ prefx: "A" }] } }, 'detail.errorCode[0]: unrecognized match type "prefx"'],
    [{ a: [{}] }, "a[0]: empty match expression"],
    [{ a: ["x", { prefix: "x", suffix: "y" }] }, 'a[1]: only one key is allowed in a match expression, found "prefix", "suffix"'],
    [{ a: [{ prefix: 5 }] }, 'a[0].prefix: must be a string or {"equals-ignore-case": string}'],
    [{ a: [{ suffix: { "equals-ignore-case": 5 } }] }, 'a[0].suffix: must be a string or {"equals-ignore-case": string}'],
    [{ a: [{ "equals-ignore-case": ["x"] }] }, "a[0].equals-ignore-case: must be a string"],
    [{ a: [{ wildcard: "a**b" }] }, 'a[0].wildcard: consecutive "*" characters are not allowed (position 3)'],
    [{ a: [{ wildcard: "a\\b" }] }, 'a[0].wildcard: "\\b" is not a valid escape: only "\\*" and "\\\\" are (position 2)'],
    [{ a: [{ wildcard: "a\\" }] }, 'a[0].wildcard: a trailing "\\" is not allowed (position 2)'],
    [{ a: [{ numeric: "5" }] }, "a[0].numeric: must be a non-empty array"],
    [{ a: [{ numeric: ["~", 5] }] }, 'a[0].numeric[0]: unrecognized numeric operator "~"'],
    [{ a: [{ numeric: [">"] }] }, 'a[0].numeric: missing value after ">"'],
    [{ a: [{ numeric: [">", "5"] }] }, "a[0].numeric[1]: must be a number"],
    [{ a: [{ numeric: ["=", 5, "<", 6] }] }, "a[0].numeric: too many elements in numeric expression"],
    [{ a: [{ numeric: [">", 5, ">", 6] }] }, 'a[0].numeric[2]: the upper bound of a range must use "<" or "<=", found ">"'],
    [{ a: [{ numeric: [">", 5, "<"] }] }, 'a[0].numeric: missing value after "<"'],
    [{ a: [{ numeric: [">", 5, "<", 9, 1] }] }, "a[0].numeric: too many elements in numeric expression"],
    [{ a: [{ numeric: [">", 6, "<", 5] }] }, "a[0].numeric: the lower bound of a range must be less than the upper bound"],
    [{ a: [{ numeric: [">", 6e9] }] }, "a[0].numeric[1]: must be between -5.0e9 and 5.0e9 inclusive"],
    [{ a: [{ exists: "yes" }] }, "a[0].exists: must be true or false"],
    [{ a: [{ cidr: "10.0.0.0" }] }, 'a[0].cidr: "10.0.0.0" is not a valid CIDR block (expected e.g. "10.0.0.0/24" or "2001:db8::/32")'],
    [{ a: [{ cidr: "10.0.0.0/33" }] }, 'a[0].cidr: "10.0.0.0/33" is not a valid CIDR block (expected e.g. "10.0.0.0/24" or "2001:db8::/32")'],
    [{ a: [{ cidr: "2001:db8::/129" }] }, 'a[0].cidr: "2001:db8::/129" is not a valid CIDR block (expected e.g. "10.0.0.0/24" or "2001:db8::/32")'],
    [{ a: [{ cidr: 10 }] }, "a[0].cidr: must be a string"],
    [{ a: [{ "anything-but": ["a", 1] }] }, "a[0].anything-but: a list must hold only strings or only numbers"],
    [{ a: [{ "anything-but": [] }] }, "a[0].anything-but: empty arrays are not allowed"],
    [{ a: [{ "anything-but": true }] }, "a[0].anything-but: must be a string, a number, a list, or an object with prefix, suffix, wildcard or equals-ignore-case"],
    [{ a: [{ "anything-but": { prefix: "" } }] }, "a[0].anything-but.prefix: must not be empty"],
    [{ a: [{ "anything-but": { foo: "x" } }] }, 'a[0].anything-but: unsupported anything-but operator "foo"'],
    [{ a: [{ "anything-but": { wildcard: "**" } }] }, 'a[0].anything-but.wildcard: consecutive "*" characters are not allowed (position 2)'],
    [{ a: [{ "anything-but": { "equals-ignore-case": [1] } }] }, "a[0].anything-but.equals-ignore-case: must be a string or a non-empty list of strings"],
    [{ a: [{ "anything-but": [1, 6e9] }] }, "a[0].anything-but[1]: must be between -5.0e9 and 5.0e9 inclusive"],
    [{ $or: { a: ["x"] } }, "$or: must be an array of at least 2 objects"],
    [{ $or: [{ a: ["x"] }] }, "$or: must have at least 2 objects"],
    [{ $or: [{ a: ["x"] }, "b"] }, "$or[1]: must be an object"],
    [{ $or: [{ prefix: ["x"] }, { b: ["y"] }] }, '$or[0].prefix: "prefix" is a reserved word and cannot be a field name inside $or'],
    [{ detail: { $or: [{ a: ["x"] }, { b: { numeric: ["y"] } }] } }, 'detail.$or[1].b.numeric: "numeric" is a reserved word and cannot be a field name inside $or'],
  ];
  it.each(invalid)("%j → %s", (pattern, message) => {
    let error: unknown;
    try {
      compileEventPattern(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatternError);
    expect((error as PatternError).code).toBe("E_PATTERN");
    expect((error as PatternError).message).toBe(message);
  });

  it("allows reserved words as field names outside $or", () => {
    expect(compileEventPattern({ prefix: ["x"] })({ prefix: "x" })).toBe(true);
  });
});
