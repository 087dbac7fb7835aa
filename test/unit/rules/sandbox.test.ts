import { describe, expect, it } from "vitest";
import { PatternError } from "../../../src/rules/errors.js";
import { compileSandboxPattern, sandboxMatch } from "../../../src/rules/sandbox.js";
import { apiCall, consoleLogin } from "./records.js";

const stop = apiCall("cloudtrail.amazonaws.com", "StopLogging");

describe("compileSandboxPattern and sandboxMatch", () => {
  it.each([
    ["EventBridge pattern on a CloudTrail record", '{"source":["aws.cloudtrail"],"detail":{"eventName":["StopLogging"]}}', stop, true],
    ["EventBridge pattern, other event", '{"detail":{"eventName":["DeleteTrail"]}}', stop, false],
    ["EventBridge pattern on an EventBridge event", '{"detail":{"eventName":["StopLogging"]}}', { "detail-type": "AWS API Call via CloudTrail", source: "aws.cloudtrail", detail: stop }, true],
    ["documented sign-in spelling", '{"detail-type":["AWS Console Signin via CloudTrail"]}', consoleLogin(), true],
    ["filter pattern on a CloudTrail record", '{ $.eventName = "StopLogging" }', stop, true],
    ["filter pattern on an EventBridge event sees its detail", '{ $.eventName = "StopLogging" }', { "detail-type": "x", detail: stop }, true],
    ["filter pattern, other event", "{ $.eventName = DeleteTrail }", stop, false],
  ])("%s", (_name, pattern, event, expected) => {
    expect(sandboxMatch(compileSandboxPattern(pattern), event)).toBe(expected);
  });

  it("says which kind of pattern it compiled", () => {
    expect(compileSandboxPattern('{"source":["aws.iam"]}').kind).toBe("eventbridge");
    expect(compileSandboxPattern("  { $.a = 1 }").kind).toBe("metricFilter");
  });

  it("rejects text that is neither", () => {
    expect(() => compileSandboxPattern("eventName = x")).toThrow(
      new PatternError("the pattern is neither JSON (an EventBridge event pattern) nor a filter pattern ({ $.field = value })"),
    );
    expect(() => compileSandboxPattern('["x"]')).toThrow("the event pattern must be a JSON object");
  });
});
