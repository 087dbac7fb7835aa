import { describe, expect, it } from "vitest";
import { PatternError } from "../../../src/rules/errors.js";
import { compileMetricFilter } from "../../../src/rules/metric-filter.js";

/** [pattern, record, expected] */
type Case = [string, unknown, boolean];

function check(cases: Case[]): void {
  it.each(cases)("%s on %j → %s", (pattern, record, expected) => {
    expect(compileMetricFilter(pattern)(record)).toBe(expected);
  });
}

describe("= and != on strings", () => {
  check([
    ["{ $.eventName = ConsoleLogin }", { eventName: "ConsoleLogin" }, true],
    ['{ $.eventName = "ConsoleLogin" }', { eventName: "ConsoleLogin" }, true],
    ["{ $.eventName=ConsoleLogin }", { eventName: "ConsoleLogin" }, true],
    ["{ $.eventName = ConsoleLogin }", { eventName: "consolelogin" }, false],
    ["{ $.eventName = ConsoleLogin }", {}, false],
    ["{ $.eventSource = kms.amazonaws.com }", { eventSource: "kms.amazonaws.com" }, true],
    ['{ $.errorMessage = "Failed authentication" }', { errorMessage: "Failed authentication" }, true],
    ['{ $.a = "say \\"hi\\"" }', { a: 'say "hi"' }, true],
    ['{ $.a = "" }', { a: "" }, true],
    ['{ $.a = "" }', { a: "x" }, false],
    ['{ $.additionalEventData.MFAUsed != "Yes" }', { additionalEventData: { MFAUsed: "No" } }, true],
    ['{ $.additionalEventData.MFAUsed != "Yes" }', { additionalEventData: { MFAUsed: "Yes" } }, false],
    ['{ $.additionalEventData.MFAUsed != "Yes" }', { additionalEventData: {} }, false],
    ['{ $.additionalEventData.MFAUsed != "Yes" }', {}, false],
    ['{ $.a != "x" }', { a: null }, false],
    ['{ $.a != "x" }', { a: { b: "y" } }, false],
    ['{ $.a != "x" }', { a: ["y"] }, false],
    ['{ $.a != "x" }', { a: true }, false],
    ['{ $.a = "true" }', { a: true }, false],
  ]);
});

describe("wildcards in values", () => {
  check([
    ['{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: "Client.UnauthorizedOperation" }, true],
    ['{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: "UnauthorizedOperation" }, true],
    ['{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: "UnauthorizedOperationX" }, false],
    ['{ $.errorCode = "AccessDenied*" }', { errorCode: "AccessDeniedException" }, true],
    ['{ $.errorCode = "AccessDenied*" }', { errorCode: "AccessDenied" }, true],
    ['{ $.errorCode = "AccessDenied*" }', { errorCode: "xAccessDenied" }, false],
    ["{ $.errorCode = AccessDenied* }", { errorCode: "AccessDeniedException" }, true],
    ["{ $.a = *vent* }", { a: "PutEvents" }, true],
    ["{ $.a = *vent* }", { a: "Put" }, false],
    ["{ $.a = Ev*ent }", { a: "Ev*ent" }, true],
    ["{ $.a = Ev*ent }", { a: "Event" }, false],
    ["{ $.latency = * }", { latency: 12 }, true],
    ["{ $.latency = * }", { latency: "" }, true],
    ["{ $.latency = * }", {}, false],
    ["{ $.latency = * }", { latency: null }, false],
    ["{ $.latency = * }", { latency: { ms: 1 } }, false],
    ["{ $.sourceIPAddress != 123.123.* }", { sourceIPAddress: "111.111.111.111" }, true],
    ["{ $.sourceIPAddress != 123.123.* }", { sourceIPAddress: "123.123.1.1" }, false],
    ["{ $.code = 4* }", { code: 404 }, true],
  ]);
});

describe("numbers", () => {
  check([
    ["{ $.errorCode = 400 }", { errorCode: 400 }, true],
    ["{ $.errorCode = 400 }", { errorCode: 400.0 }, true],
    ["{ $.errorCode = 400 }", { errorCode: "400" }, true],
    ["{ $.errorCode = 400 }", { errorCode: "400.0" }, false],
    ["{ $.errorCode = 4e2 }", { errorCode: 400 }, true],
    ['{ $.errorCode = "400" }', { errorCode: 400 }, true],
    ["{ $.errorCode != 500 }", { errorCode: 400 }, true],
    ["{ $.errorCode != 500 }", { errorCode: 500 }, false],
    ["{ $.errorCode != 500 }", {}, false],
    ["{ $.latency >= 500 }", { latency: 500 }, true],
    ["{ $.latency >= 500 }", { latency: 499.9 }, false],
    ["{ $.latency > 500 }", { latency: 500 }, false],
    ["{ $.latency > +1000 }", { latency: 1000.5 }, true],
    ["{ $.latency < 10e3 }", { latency: 9999 }, true],
    ["{ $.latency < 10e-3 }", { latency: 0.001 }, true],
    ["{ $.latency < 10e-3 }", { latency: 0.01 }, false],
    ["{ $.latency <= 55.5 }", { latency: 55.5 }, true],
    ["{ $.latency < -1 }", { latency: -1.5 }, true],
    ["{ $.latency > 10 }", { latency: "11" }, false],
    ["{ $.latency > 10 }", {}, false],
    ["{ $.latency > 10 }", { latency: [11] }, false],
  ]);
});

describe("IS TRUE / IS FALSE / IS NULL / EXISTS / NOT EXISTS", () => {
  check([
    ["{ $.ThisFlag IS TRUE }", { ThisFlag: true }, true],
    ["{ $.ThisFlag IS TRUE }", { ThisFlag: "true" }, false],
    ["{ $.ThisFlag IS TRUE }", { ThisFlag: false }, false],
    ["{ $.ThisFlag IS FALSE }", { ThisFlag: false }, true],
    ["{ $.ThisFlag IS FALSE }", {}, false],
    ["{ $.SomeObject IS NULL }", { SomeObject: null }, true],
    ["{ $.SomeObject IS NULL }", {}, false],
    ["{ $.SomeObject IS NULL }", { SomeObject: "" }, false],
    ["{ $.x is null }", { x: null }, true],
    ["{ $.userIdentity.invokedBy EXISTS }", { userIdentity: { invokedBy: "s3.amazonaws.com" } }, true],
    ["{ $.userIdentity.invokedBy EXISTS }", { userIdentity: { invokedBy: null } }, true],
    ["{ $.userIdentity EXISTS }", { userIdentity: { type: "Root" } }, true],
    ["{ $.userIdentity.invokedBy NOT EXISTS }", { userIdentity: { type: "Root" } }, true],
    ["{ $.userIdentity.invokedBy NOT EXISTS }", {}, true],
    ["{ $.userIdentity.invokedBy NOT EXISTS }", { userIdentity: { invokedBy: "x" } }, false],
    ["{ $.userIdentity.invokedBy not exists }", { userIdentity: {} }, true],
  ]);
});

describe("array selectors", () => {
  const doc = {
    eventType: "UpdateTrail",
    arrayKey: ["value", "another value"],
    objectList: [{ name: "a", id: 1 }, { name: "b", id: 2 }],
    coordinates: [[0, 1, 2], [4, 5, 6]],
    users: [1, 2, 3],
  };
  check([
    ['{ $.arrayKey[0] = "value" }', doc, true],
    ['{ $.arrayKey[1] = "value" }', doc, false],
    ['{ $.arrayKey[2] = "value" }', doc, false],
    ["{ $.objectList[1].id = 2 }", doc, true],
    ["{ $.objectList[0].id = 2 }", doc, false],
    ["{ $.coordinates[1][2] = 6 }", doc, true],
    ['{ $.eventType[0] = "U" }', doc, false],
    ["{ $.users = 1 }", doc, false],
    ["{ $.users != 1 }", doc, false],
    ["{ $.objectList.name = a }", doc, false],
  ]);
});

describe("&&, || and parentheses (examples from the CloudWatch Logs documentation)", () => {
  const doc = {
    user: { id: 1, email: "John.Stiles@example.com" },
    users: [{ id: 2, email: "John.Doe@example.com" }, { id: 3, email: "Jane.Doe@example.com" }],
    actions: ["GET", "PUT", "DELETE"],
    coordinates: [[0, 1, 2], [4, 5, 6], [7, 8, 9]],
  };
  check([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', doc, true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', doc, false],
    ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', doc, true],
    ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', doc, false],
    ["{ $.user.id = 1 && $.user.id = 2 || $.actions[0] = GET }", doc, true],
    ["{ $.user.id = 1 && ($.user.id = 2 || $.actions[0] = PUT) }", doc, false],
    ["{ (($.user.id = 1)) }", doc, true],
    ["{$.user.id=1&&$.actions[1]=PUT}", doc, true],
  ]);
});

describe("%regex% values", () => {
  check([
    ["{ $.eventName = %^Delete% }", { eventName: "DeleteTrail" }, true],
    ["{ $.eventName = %^Delete% }", { eventName: "UndeleteTrail" }, false],
    ["{ $.eventName = %Trail$% }", { eventName: "DeleteTrail" }, true],
    ["{ $.m = %[Ee]rror|[Ff]ail% }", { m: "request failed" }, true],
    ["{ $.m = %[Ee]rror|[Ff]ail% }", { m: "all good" }, false],
    ["{ $.ip = %^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$% }", { ip: "10.0.0.1" }, true],
    ["{ $.ip = %^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$% }", { ip: "signin.amazonaws.com" }, false],
    ["{ $.ip != %^10\\.% }", { ip: "192.0.2.1" }, true],
    ["{ $.ip != %^10\\.% }", { ip: "10.1.2.3" }, false],
    ["{ $.code = %^4% }", { code: 404 }, true],
    ["{ $.code = %4% }", {}, false],
  ]);
});

describe("parse errors", () => {
  const errors: [string, string][] = [
    ["{ $.eventName ~ \"x\" }", "column 15: expected an operator (=, !=, <, <=, >, >=, IS, EXISTS or NOT EXISTS) after $.eventName, found \"~\" (near: { $.eventName ~ \"x\" })"],
    ["{ $.eventName = }", "column 17: expected a value after \"=\", found \"}\" (near: { $.eventName = })"],
    ["{ $.a > \"x\" }", "column 9: expected a number after \">\" (only = and != compare text), found \"\\\"\" (near: { $.a > \"x\" })"],
    ["{ $.a < abc }", "column 9: expected a number after \"<\" (only = and != compare text), found \"a\" (near: { $.a < abc })"],
    ["{ ($.a = 1 }", "column 12: expected \")\" to close the \"(\" at column 3, found \"}\" (near: { ($.a = 1 })"],
    ["{ $.a = 1 ", "column 11: expected \"&&\", \"||\" or \"}\", found the end of the pattern (near: { $.a = 1)"],
    ["{ $.a = 1 $.b = 2 }", "column 11: expected \"&&\", \"||\" or \"}\", found \"$\" (near: { $.a = 1 $.b = 2 })"],
    ["{ $.a = 1 } x", "column 13: unexpected text after the closing \"}\", found \"x\" (near: { $.a = 1 } x)"],
    ["ERROR", "column 1: expected \"{\": only JSON filter patterns of the form { $.field = value } are supported, found \"E\" (near: ERROR)"],
    ["{ }", "column 3: expected a selector such as $.eventName, or \"(\", found \"}\" (near: { })"],
    ["{ $ = 1 }", "column 4: expected \".\" and a property name after \"$\", found \" \" (near: { $ = 1 })"],
    ["{ $. = 1 }", "column 5: expected a property name (letters, digits, \"-\" or \"_\") after \".\", found \" \" (near: { $. = 1 })"],
    ["{ $.a[x] = 1 }", "column 7: expected an array index such as [0], found \"x\" (near: { $.a[x] = 1 })"],
    ["{ $.a IS MAYBE }", "column 10: expected TRUE, FALSE or NULL after IS, found \"M\" (near: { $.a IS MAYBE })"],
    ["{ $.a NOT THERE }", "column 11: expected EXISTS after NOT, found \"T\" (near: { $.a NOT THERE })"],
    ["{ $.a = \"abc }", "column 9: unterminated string: no closing '\"', found \"\\\"\" (near: { $.a = \"abc })"],
    ["{ $.a = %abc }", "column 9: unterminated regex: no closing \"%\", found \"%\" (near: { $.a = %abc })"],
    ["{ $.a = %ab(c% }", "column 12: invalid regex: parentheses are not supported in CloudWatch regex, found \"(\" (near: { $.a = %ab(c% })"],
    ["{ $.a == b }", "column 8: expected a value after \"=\", found \"=\" (near: { $.a == b })"],
  ];
  it.each(errors)("%s", (pattern, message) => {
    let error: unknown;
    try {
      compileMetricFilter(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatternError);
    expect((error as PatternError).message).toBe(message);
  });

  it("quotes 20 characters either side of the error in long patterns", () => {
    const pattern = `{ ${Array.from({ length: 6 }, (_, i) => `($.eventName = Name${i})`).join(" || ")} ~ }`;
    expect(() => compileMetricFilter(pattern)).toThrow(
      `column ${pattern.indexOf("~") + 1}: expected "&&", "||" or "}", found "~" (near: ….eventName = Name5) ~ })`,
    );
  });
});
