import { describe, expect, it } from "vitest";
import { normalizeCloudTrailPattern, toEventBridgeEvent } from "../../../src/rules/envelope.js";
import { compileRule, type Rule } from "../../../src/rules/rule.js";

const apiCall = {
  eventVersion: "1.08",
  userIdentity: { type: "IAMUser", accountId: "111122223333", arn: "arn:aws:iam::111122223333:user/alice" },
  eventTime: "2023-07-10T12:05:31Z",
  eventSource: "iam.amazonaws.com",
  eventName: "CreateUser",
  awsRegion: "us-east-1",
  eventID: "6d1d2a5c-0000-4000-8000-000000000001",
  eventType: "AwsApiCall",
  recipientAccountId: "444455556666",
};

const signIn = {
  eventVersion: "1.08",
  userIdentity: { type: "IAMUser", accountId: "111122223333", userName: "alice" },
  eventTime: "2023-07-10T12:06:00Z",
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  awsRegion: "us-east-1",
  eventID: "6d1d2a5c-0000-4000-8000-000000000002",
  eventType: "AwsConsoleSignIn",
  responseElements: { ConsoleLogin: "Success" },
  additionalEventData: { MFAUsed: "No" },
};

describe("toEventBridgeEvent", () => {
  it("wraps an API call as EventBridge delivers it", () => {
    expect(toEventBridgeEvent(apiCall)).toEqual({
      version: "0",
      id: "6d1d2a5c-0000-4000-8000-000000000001",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.iam",
      account: "444455556666",
      time: "2023-07-10T12:05:31Z",
      region: "us-east-1",
      resources: [],
      detail: apiCall,
    });
  });

  it("takes the account from userIdentity when recipientAccountId is absent", () => {
    const e = toEventBridgeEvent(signIn);
    expect(e.account).toBe("111122223333");
    expect(e.source).toBe("aws.signin");
    expect(e["detail-type"]).toBe("AWS Console Sign In via CloudTrail");
  });

  it.each([
    ["AwsConsoleAction", "AWS Console Action via CloudTrail"],
    ["AwsServiceEvent", "AWS Service Event via CloudTrail"],
    ["AwsCloudTrailInsight", "AWS Insight via CloudTrail"],
  ])("maps eventType %s to %s", (eventType, detailType) => {
    expect(toEventBridgeEvent({ ...apiCall, eventType })["detail-type"]).toBe(detailType);
  });

  it("leaves detail-type and source out when the record has no usable eventType or eventSource", () => {
    const e = toEventBridgeEvent({ eventName: "X", eventType: "AwsVpceEvent", eventSource: 5 });
    expect("detail-type" in e).toBe(false);
    expect("source" in e).toBe(false);
  });

  it("keeps an eventSource without the amazonaws.com suffix whole", () => {
    expect(toEventBridgeEvent({ eventSource: "custom.example" }).source).toBe("aws.custom.example");
  });
});

describe("sign-in detail-type spellings", () => {
  const rule = (detailType: unknown[]): Rule => ({
    id: "r", title: "t", severity: "low", description: "",
    pattern: { eventbridge: { "detail-type": detailType, detail: { eventName: ["ConsoleLogin"] } } },
  });

  it.each([
    ["documented spelling", ["AWS Console Signin via CloudTrail"], true],
    ["delivered spelling", ["AWS Console Sign In via CloudTrail"], true],
    ["ignore-case of the documented spelling", [{ "equals-ignore-case": "aws console signin via cloudtrail" }], true],
    ["API call detail-type", ["AWS API Call via CloudTrail"], false],
  ])("%s", (_name, detailType, expected) => {
    expect(compileRule(rule(detailType))(signIn)).toBe(expected);
  });

  it("adds the other spelling, also inside top-level $or branches, without modifying the input", () => {
    const input = {
      $or: [{ "detail-type": ["AWS Console Signin via CloudTrail"] }, { source: ["aws.iam"] }],
      "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
    };
    const copy = structuredClone(input);
    expect(normalizeCloudTrailPattern(input)).toEqual({
      $or: [
        { "detail-type": ["AWS Console Signin via CloudTrail", "AWS Console Sign In via CloudTrail"] },
        { source: ["aws.iam"] },
      ],
      "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail", "AWS Console Signin via CloudTrail"],
    });
    expect(input).toEqual(copy);
  });

  it("leaves other detail-type lists alone", () => {
    const input = { "detail-type": ["AWS API Call via CloudTrail"] };
    expect(normalizeCloudTrailPattern(input)).toEqual(input);
  });
});
