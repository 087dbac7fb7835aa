import { describe, expect, it } from "vitest";
import { CIS_RULES } from "../../../../src/rules/packs/cis.js";
import { compileRule, RuleSchema } from "../../../../src/rules/rule.js";
import { apiCall, assumedRole, consoleLogin, failedLogin, root } from "../records.js";

const byId = new Map(CIS_RULES.map((r) => [r.id, r]));
const matches = (id: string, record: unknown): boolean => {
  const rule = byId.get(id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return compileRule(rule)(record);
};

/** [rule id, what the record is, record, expected] */
const cases: [string, string, Record<string, unknown>, boolean][] = [
  ["cis-4.1", "EC2 call refused with Client.UnauthorizedOperation", apiCall("ec2.amazonaws.com", "GetPasswordData", { errorCode: "Client.UnauthorizedOperation", errorMessage: "You are not authorized to perform this operation." }), true],
  ["cis-4.1", "S3 call refused with AccessDenied", apiCall("s3.amazonaws.com", "GetObject", { errorCode: "AccessDenied", errorMessage: "Access Denied" }), true],
  ["cis-4.1", "AccessDeniedException (prefix wildcard)", apiCall("kms.amazonaws.com", "Decrypt", { errorCode: "AccessDeniedException" }), true],
  ["cis-4.1", "throttled call", apiCall("ec2.amazonaws.com", "DescribeInstances", { errorCode: "Client.RequestLimitExceeded" }), false],
  ["cis-4.1", "successful call", apiCall("ec2.amazonaws.com", "DescribeInstances"), false],

  ["cis-4.2", "IAM user signs in without MFA", consoleLogin(), true],
  ["cis-4.2", "IAM user signs in with MFA", consoleLogin({ additionalEventData: { MFAUsed: "Yes" } }), false],
  ["cis-4.2", "failed sign-in without MFA", failedLogin(), false],
  ["cis-4.2", "federated role sign-in", consoleLogin({ userIdentity: assumedRole }), false],
  ["cis-3.2-v1.2", "IAM user signs in without MFA", consoleLogin(), true],
  ["cis-3.2-v1.2", "failed sign-in without MFA (v1.2 counts it)", failedLogin(), true],
  ["cis-3.2-v1.2", "federated role sign-in without MFA (v1.2 counts it)", consoleLogin({ userIdentity: assumedRole }), true],
  ["cis-3.2-v1.2", "sign-in with MFA", consoleLogin({ additionalEventData: { MFAUsed: "Yes" } }), false],
  ["cis-3.2-v1.2", "sign-in record without additionalEventData", consoleLogin({ additionalEventData: undefined }), false],

  ["cis-4.3", "root signs in to the console", consoleLogin({ userIdentity: root, additionalEventData: { MFAUsed: "Yes" } }), true],
  ["cis-4.3", "root creates an access key", apiCall("iam.amazonaws.com", "CreateAccessKey", { userIdentity: root }), true],
  ["cis-4.3", "AWS service acting as root (invokedBy set)", apiCall("s3.amazonaws.com", "PutObject", { userIdentity: { ...root, invokedBy: "support.amazonaws.com" } }), false],
  ["cis-4.3", "service event attributed to root", apiCall("health.amazonaws.com", "AWSHealthEvent", { userIdentity: root, eventType: "AwsServiceEvent" }), false],
  ["cis-4.3", "IAM user", apiCall("iam.amazonaws.com", "CreateAccessKey"), false],

  ["cis-4.4", "inline user policy put", apiCall("iam.amazonaws.com", "PutUserPolicy", { requestParameters: { userName: "alice", policyName: "all", policyDocument: "{}" } }), true],
  ["cis-4.4", "managed policy attached to a role", apiCall("iam.amazonaws.com", "AttachRolePolicy"), true],
  ["cis-4.4", "policies listed", apiCall("iam.amazonaws.com", "ListPolicies", { readOnly: true }), false],

  ["cis-4.5", "logging stopped", apiCall("cloudtrail.amazonaws.com", "StopLogging", { requestParameters: { name: "management-events" } }), true],
  ["cis-4.5", "trail deleted", apiCall("cloudtrail.amazonaws.com", "DeleteTrail"), true],
  ["cis-4.5", "trails described", apiCall("cloudtrail.amazonaws.com", "DescribeTrails", { readOnly: true }), false],

  ["cis-4.6", "wrong password", failedLogin(), true],
  ["cis-4.6", "successful sign-in", consoleLogin(), false],
  ["cis-4.6", "failure with another message", consoleLogin({ responseElements: { ConsoleLogin: "Failure" }, errorMessage: "No username found in supplied account" }), false],

  ["cis-4.7", "key scheduled for deletion", apiCall("kms.amazonaws.com", "ScheduleKeyDeletion", { requestParameters: { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", pendingWindowInDays: 7 } }), true],
  ["cis-4.7", "key disabled", apiCall("kms.amazonaws.com", "DisableKey"), true],
  ["cis-4.7", "key enabled", apiCall("kms.amazonaws.com", "EnableKey"), false],
  ["cis-4.7", "DisableKey name from another service", apiCall("payment-cryptography.amazonaws.com", "DisableKey"), false],

  ["cis-4.8", "bucket policy put", apiCall("s3.amazonaws.com", "PutBucketPolicy", { requestParameters: { bucketName: "reports" } }), true],
  ["cis-4.8", "bucket lifecycle deleted", apiCall("s3.amazonaws.com", "DeleteBucketLifecycle"), true],
  ["cis-4.8", "bucket policy read", apiCall("s3.amazonaws.com", "GetBucketPolicy", { readOnly: true }), false],

  ["cis-4.9", "recorder stopped", apiCall("config.amazonaws.com", "StopConfigurationRecorder"), true],
  ["cis-4.9", "delivery channel deleted", apiCall("config.amazonaws.com", "DeleteDeliveryChannel"), true],
  ["cis-4.9", "recorders described", apiCall("config.amazonaws.com", "DescribeConfigurationRecorders", { readOnly: true }), false],

  ["cis-4.10", "ingress opened", apiCall("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"), true],
  ["cis-4.10", "security group deleted", apiCall("ec2.amazonaws.com", "DeleteSecurityGroup"), true],
  ["cis-4.10", "security groups described", apiCall("ec2.amazonaws.com", "DescribeSecurityGroups", { readOnly: true }), false],

  ["cis-4.11", "NACL entry created", apiCall("ec2.amazonaws.com", "CreateNetworkAclEntry"), true],
  ["cis-4.11", "NACLs described", apiCall("ec2.amazonaws.com", "DescribeNetworkAcls", { readOnly: true }), false],

  ["cis-4.12", "internet gateway attached", apiCall("ec2.amazonaws.com", "AttachInternetGateway"), true],
  ["cis-4.12", "internet gateways described", apiCall("ec2.amazonaws.com", "DescribeInternetGateways", { readOnly: true }), false],

  ["cis-4.13", "route created", apiCall("ec2.amazonaws.com", "CreateRoute"), true],
  ["cis-4.13", "route tables described", apiCall("ec2.amazonaws.com", "DescribeRouteTables", { readOnly: true }), false],

  ["cis-4.14", "VPC attribute modified", apiCall("ec2.amazonaws.com", "ModifyVpcAttribute"), true],
  ["cis-4.14", "peering accepted", apiCall("ec2.amazonaws.com", "AcceptVpcPeeringConnection"), true],
  ["cis-4.14", "VPCs described", apiCall("ec2.amazonaws.com", "DescribeVpcs", { readOnly: true }), false],

  ["cis-4.15", "account created in the organization", apiCall("organizations.amazonaws.com", "CreateAccount"), true],
  ["cis-4.15", "account leaves the organization", apiCall("organizations.amazonaws.com", "LeaveOrganization"), true],
  ["cis-4.15", "accounts listed", apiCall("organizations.amazonaws.com", "ListAccounts", { readOnly: true }), false],
  ["cis-4.15", "IAM CreatePolicy (same name, other service)", apiCall("iam.amazonaws.com", "CreatePolicy"), false],
];

describe("each CIS control fires on its events and not on near misses", () => {
  it.each(cases)("%s: %s → %s", (id, _what, record, expected) => {
    expect(matches(id, record)).toBe(expected);
  });

  it("has a firing case and a near miss for every control", () => {
    for (const rule of CIS_RULES) {
      expect(cases.some(([id, , , e]) => id === rule.id && e), `${rule.id} fires`).toBe(true);
      expect(cases.some(([id, , , e]) => id === rule.id && !e), `${rule.id} near miss`).toBe(true);
    }
  });
});

describe("the cis pack", () => {
  it("holds the fifteen controls plus the v1.2 form of 3.2, each a valid rule", () => {
    expect(CIS_RULES.map((r) => r.id)).toEqual([
      "cis-4.1", "cis-4.2", "cis-3.2-v1.2", "cis-4.3", "cis-4.4", "cis-4.5", "cis-4.6", "cis-4.7", "cis-4.8",
      "cis-4.9", "cis-4.10", "cis-4.11", "cis-4.12", "cis-4.13", "cis-4.14", "cis-4.15",
    ]);
    for (const rule of CIS_RULES) expect(RuleSchema.parse(rule)).toEqual(rule);
  });

  it("uses the benchmark's alarm: Sum over 5 minutes >= 1", () => {
    for (const rule of CIS_RULES) expect(rule.threshold).toEqual({ count: 1, periodMinutes: 5 });
  });

  it("maps each control to its v1.4+ and v1.2 numbers and Security Hub control", () => {
    expect(CIS_RULES.map((r) => [r.id, r.references?.cis, r.references?.securityHub, r.variant])).toEqual([
      ["cis-4.1", ["v1.4+ 4.1", "v1.2 3.1"], ["CloudWatch.2"], undefined],
      ["cis-4.2", ["v1.4+ 4.2", "v1.2 3.2"], ["CloudWatch.3"], "v1.4+"],
      ["cis-3.2-v1.2", ["v1.4+ 4.2", "v1.2 3.2"], ["CloudWatch.3"], "v1.2"],
      ["cis-4.3", ["v1.4+ 4.3", "v1.2 3.3"], ["CloudWatch.1"], undefined],
      ["cis-4.4", ["v1.4+ 4.4", "v1.2 3.4"], ["CloudWatch.4"], undefined],
      ["cis-4.5", ["v1.4+ 4.5", "v1.2 3.5"], ["CloudWatch.5"], undefined],
      ["cis-4.6", ["v1.4+ 4.6", "v1.2 3.6"], ["CloudWatch.6"], undefined],
      ["cis-4.7", ["v1.4+ 4.7", "v1.2 3.7"], ["CloudWatch.7"], undefined],
      ["cis-4.8", ["v1.4+ 4.8", "v1.2 3.8"], ["CloudWatch.8"], undefined],
      ["cis-4.9", ["v1.4+ 4.9", "v1.2 3.9"], ["CloudWatch.9"], undefined],
      ["cis-4.10", ["v1.4+ 4.10", "v1.2 3.10"], ["CloudWatch.10"], undefined],
      ["cis-4.11", ["v1.4+ 4.11", "v1.2 3.11"], ["CloudWatch.11"], undefined],
      ["cis-4.12", ["v1.4+ 4.12", "v1.2 3.12"], ["CloudWatch.12"], undefined],
      ["cis-4.13", ["v1.4+ 4.13", "v1.2 3.13"], ["CloudWatch.13"], undefined],
      ["cis-4.14", ["v1.4+ 4.14", "v1.2 3.14"], ["CloudWatch.14"], undefined],
      ["cis-4.15", ["v1.4+ 4.15"], undefined, undefined],
    ]);
  });

  it("carries the published filter patterns verbatim", () => {
    const pattern = (id: string): string => {
      const p = byId.get(id)!.pattern;
      return "metricFilter" in p ? p.metricFilter : "";
    };
    expect(pattern("cis-4.1")).toBe('{ ($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*") }');
    expect(pattern("cis-4.2")).toBe(
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    );
    expect(pattern("cis-3.2-v1.2")).toBe('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }');
    expect(pattern("cis-4.3")).toBe('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }');
    expect(pattern("cis-4.6")).toBe('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }');
    expect(pattern("cis-4.7")).toBe("{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }");
  });
});
