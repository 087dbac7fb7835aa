import { describe, expect, it } from "vitest";
import { addMatch, finishFinding, newFindingAcc, sampleOf } from "../../../../src/rules/alarm.js";
import { compileRules } from "../../../../src/rules/evaluate.js";
import { SECURITY_RULES } from "../../../../src/rules/packs/security.js";
import { compileRule, RuleSchema } from "../../../../src/rules/rule.js";
import { apiCall, consoleLogin, failedLogin, root } from "../records.js";

const byId = new Map(SECURITY_RULES.map((r) => [r.id, r]));
const matches = (id: string, record: unknown): boolean => {
  const rule = byId.get(id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return compileRule(rule)(record);
};

const denied = { errorCode: "AccessDenied", errorMessage: "User is not authorized to perform this action" };
const pab = (v: boolean | string) => ({
  bucketName: "reports",
  PublicAccessBlockConfiguration: {
    xmlns: "http://s3.amazonaws.com/doc/2006-03-01/",
    BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: v, RestrictPublicBuckets: true,
  },
});
const allUsersGrant = {
  bucketName: "reports",
  AccessControlPolicy: {
    AccessControlList: {
      Grant: [
        { Grantee: { "xsi:type": "CanonicalUser", ID: "d25639fbe9c19cd30a4c0f43fbf00e2d3f96400a9aa8dabfbbebe1906Example" }, Permission: "FULL_CONTROL" },
        { Grantee: { "xsi:type": "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
      ],
    },
    Owner: { ID: "d25639fbe9c19cd30a4c0f43fbf00e2d3f96400a9aa8dabfbbebe1906Example" },
  },
};
const ownerOnlyGrant = {
  bucketName: "reports",
  AccessControlPolicy: { AccessControlList: { Grant: { Grantee: { "xsi:type": "CanonicalUser", ID: "d25639fbe9c1Example" }, Permission: "FULL_CONTROL" } } },
};
const policy = (statement: Record<string, unknown>) => ({
  bucketName: "reports",
  bucketPolicy: { Version: "2012-10-17", Statement: [{ Sid: "Trail", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::reports/*" }, statement] },
});

/** [rule id, what the record is, record, expected] */
const cases: [string, string, Record<string, unknown>, boolean][] = [
  ["cloudtrail-logging-stopped", "StopLogging", apiCall("cloudtrail.amazonaws.com", "StopLogging", { requestParameters: { name: "management-events" } }), true],
  ["cloudtrail-logging-stopped", "DeleteTrail", apiCall("cloudtrail.amazonaws.com", "DeleteTrail"), true],
  ["cloudtrail-logging-stopped", "StopLogging refused", apiCall("cloudtrail.amazonaws.com", "StopLogging", { errorCode: "TrailNotFoundException" }), false],
  ["cloudtrail-logging-stopped", "StartLogging", apiCall("cloudtrail.amazonaws.com", "StartLogging"), false],

  ["cloudtrail-trail-weakened", "trail made single-region", apiCall("cloudtrail.amazonaws.com", "UpdateTrail", { requestParameters: { name: "org", isMultiRegionTrail: false } }), true],
  ["cloudtrail-trail-weakened", "log file validation turned off", apiCall("cloudtrail.amazonaws.com", "UpdateTrail", { requestParameters: { name: "org", enableLogFileValidation: false } }), true],
  ["cloudtrail-trail-weakened", "trail made multi-region", apiCall("cloudtrail.amazonaws.com", "UpdateTrail", { requestParameters: { name: "org", isMultiRegionTrail: true } }), false],
  [
    "cloudtrail-trail-weakened", "management events dropped",
    apiCall("cloudtrail.amazonaws.com", "PutEventSelectors", {
      requestParameters: { trailName: "org", eventSelectors: [{ readWriteType: "ReadOnly", includeManagementEvents: false, dataResources: [{ type: "AWS::S3::Object", values: [] }], excludeManagementEventSources: [] }] },
    }),
    true,
  ],
  [
    "cloudtrail-trail-weakened", "KMS events excluded",
    apiCall("cloudtrail.amazonaws.com", "PutEventSelectors", {
      requestParameters: { trailName: "org", eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [], excludeManagementEventSources: ["kms.amazonaws.com"] }] },
    }),
    true,
  ],
  [
    "cloudtrail-trail-weakened", "all management events kept",
    apiCall("cloudtrail.amazonaws.com", "PutEventSelectors", {
      requestParameters: { trailName: "org", eventSelectors: [{ readWriteType: "All", includeManagementEvents: true, dataResources: [], excludeManagementEventSources: [] }] },
    }),
    false,
  ],

  ["guardduty-disabled", "detector deleted", apiCall("guardduty.amazonaws.com", "DeleteDetector", { requestParameters: { detectorId: "12abc34d567e8fa901bc2d34e56789f0" } }), true],
  ["guardduty-disabled", "detector disabled", apiCall("guardduty.amazonaws.com", "UpdateDetector", { requestParameters: { detectorId: "12abc34d", enable: false } }), true],
  ["guardduty-disabled", "detector publishing frequency changed", apiCall("guardduty.amazonaws.com", "UpdateDetector", { requestParameters: { detectorId: "12abc34d", enable: true, findingPublishingFrequency: "SIX_HOURS" } }), false],
  ["guardduty-disabled", "detached from administrator", apiCall("guardduty.amazonaws.com", "DisassociateFromAdministratorAccount"), true],
  ["guardduty-disabled", "DeleteDetector refused", apiCall("guardduty.amazonaws.com", "DeleteDetector", denied), false],

  ["guardduty-findings-suppressed", "archive filter created", apiCall("guardduty.amazonaws.com", "CreateFilter", { requestParameters: { detectorId: "12abc34d", name: "quiet", action: "ARCHIVE" } }), true],
  ["guardduty-findings-suppressed", "trusted IP list created", apiCall("guardduty.amazonaws.com", "CreateIPSet", { requestParameters: { detectorId: "12abc34d", name: "ok", format: "TXT", activate: true } }), true],
  ["guardduty-findings-suppressed", "noop filter created", apiCall("guardduty.amazonaws.com", "CreateFilter", { requestParameters: { detectorId: "12abc34d", name: "view", action: "NOOP" } }), false],

  ["securityhub-disabled", "Security Hub disabled", apiCall("securityhub.amazonaws.com", "DisableSecurityHub"), true],
  ["securityhub-disabled", "standards disabled", apiCall("securityhub.amazonaws.com", "BatchDisableStandards"), true],
  ["securityhub-disabled", "findings read", apiCall("securityhub.amazonaws.com", "GetFindings", { readOnly: true }), false],

  ["config-recorder-stopped", "recorder stopped", apiCall("config.amazonaws.com", "StopConfigurationRecorder", { requestParameters: { configurationRecorderName: "default" } }), true],
  ["config-recorder-stopped", "recorder deleted", apiCall("config.amazonaws.com", "DeleteConfigurationRecorder"), true],
  ["config-recorder-stopped", "recorder started", apiCall("config.amazonaws.com", "StartConfigurationRecorder"), false],

  ["root-access-key-created", "root creates its own key", apiCall("iam.amazonaws.com", "CreateAccessKey", { userIdentity: root, responseElements: { accessKey: { accessKeyId: "AKIAI44QH8DHBEXAMPLE", status: "Active", userName: "root" } } }), true],
  ["root-access-key-created", "root creates a key for an IAM user", apiCall("iam.amazonaws.com", "CreateAccessKey", { userIdentity: root, requestParameters: { userName: "deploy" } }), false],
  ["root-access-key-created", "IAM user creates its own key", apiCall("iam.amazonaws.com", "CreateAccessKey"), false],
  ["root-access-key-created", "refused", apiCall("iam.amazonaws.com", "CreateAccessKey", { userIdentity: root, errorCode: "LimitExceededException" }), false],

  ["iam-login-profile-created", "console password created", apiCall("iam.amazonaws.com", "CreateLoginProfile", { requestParameters: { userName: "svc-backup", passwordResetRequired: false } }), true],
  ["iam-login-profile-created", "console password reset by an admin", apiCall("iam.amazonaws.com", "UpdateLoginProfile", { requestParameters: { userName: "svc-backup" } }), true],
  ["iam-login-profile-created", "login profile read", apiCall("iam.amazonaws.com", "GetLoginProfile", { readOnly: true }), false],

  ["s3-block-public-access-removed", "bucket setting deleted", apiCall("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", { requestParameters: { bucketName: "reports", publicAccessBlock: "" } }), true],
  ["s3-block-public-access-removed", "account setting deleted", apiCall("s3.amazonaws.com", "DeleteAccountPublicAccessBlock"), true],
  ["s3-block-public-access-removed", "one flag set false", apiCall("s3.amazonaws.com", "PutBucketPublicAccessBlock", { requestParameters: pab(false) }), true],
  ["s3-block-public-access-removed", "one flag set \"false\" as text", apiCall("s3.amazonaws.com", "PutBucketPublicAccessBlock", { requestParameters: pab("false") }), true],
  ["s3-block-public-access-removed", "all flags true", apiCall("s3.amazonaws.com", "PutBucketPublicAccessBlock", { requestParameters: pab(true) }), false],
  ["s3-block-public-access-removed", "delete refused", apiCall("s3.amazonaws.com", "DeleteBucketPublicAccessBlock", denied), false],

  ["s3-bucket-made-public", "ACL grants AllUsers", apiCall("s3.amazonaws.com", "PutBucketAcl", { requestParameters: allUsersGrant }), true],
  ["s3-bucket-made-public", "ACL grants the owner only", apiCall("s3.amazonaws.com", "PutBucketAcl", { requestParameters: ownerOnlyGrant }), false],
  ["s3-bucket-made-public", "canned public-read ACL", apiCall("s3.amazonaws.com", "PutBucketAcl", { requestParameters: { bucketName: "reports", acl: [""], "x-amz-acl": ["public-read"] } }), true],
  ["s3-bucket-made-public", "canned private ACL", apiCall("s3.amazonaws.com", "PutBucketAcl", { requestParameters: { bucketName: "reports", acl: [""], "x-amz-acl": ["private"] } }), false],
  ["s3-bucket-made-public", "policy allows Principal \"*\"", apiCall("s3.amazonaws.com", "PutBucketPolicy", { requestParameters: policy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }) }), true],
  ["s3-bucket-made-public", "policy allows Principal {AWS: \"*\"}", apiCall("s3.amazonaws.com", "PutBucketPolicy", { requestParameters: policy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }) }), true],
  ["s3-bucket-made-public", "policy denies Principal \"*\"", apiCall("s3.amazonaws.com", "PutBucketPolicy", { requestParameters: policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::reports/*" }) }), false],
  ["s3-bucket-made-public", "policy allows one account", apiCall("s3.amazonaws.com", "PutBucketPolicy", { requestParameters: policy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }) }), false],
  ["s3-bucket-made-public", "public policy refused", apiCall("s3.amazonaws.com", "PutBucketPolicy", { ...denied, requestParameters: policy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }) }), false],

  ["kms-key-policy-changed", "key policy replaced", apiCall("kms.amazonaws.com", "PutKeyPolicy", { requestParameters: { keyId: "1234abcd", policyName: "default" } }), true],
  ["kms-key-policy-changed", "key policy read", apiCall("kms.amazonaws.com", "GetKeyPolicy", { readOnly: true }), false],

  ["ec2-user-data-read", "user data read", apiCall("ec2.amazonaws.com", "DescribeInstanceAttribute", { readOnly: true, requestParameters: { instanceId: "i-0abcdef1234567890", attribute: "userData" } }), true],
  ["ec2-user-data-read", "user data read refused (still reported)", apiCall("ec2.amazonaws.com", "DescribeInstanceAttribute", { ...denied, readOnly: true, requestParameters: { instanceId: "i-0abcdef1234567890", attribute: "userData" } }), true],
  ["ec2-user-data-read", "instance type read", apiCall("ec2.amazonaws.com", "DescribeInstanceAttribute", { readOnly: true, requestParameters: { instanceId: "i-0abcdef1234567890", attribute: "instanceType" } }), false],

  ["vpc-flow-logs-deleted", "flow logs deleted", apiCall("ec2.amazonaws.com", "DeleteFlowLogs", { requestParameters: { DeleteFlowLogsRequest: { FlowLogId: { tag: 1, content: "fl-064ed3a785e4a37ef" } } } }), true],
  ["vpc-flow-logs-deleted", "flow logs created", apiCall("ec2.amazonaws.com", "CreateFlowLogs"), false],

  ["ebs-default-encryption-disabled", "disabled", apiCall("ec2.amazonaws.com", "DisableEbsEncryptionByDefault"), true],
  ["ebs-default-encryption-disabled", "enabled", apiCall("ec2.amazonaws.com", "EnableEbsEncryptionByDefault"), false],

  ["console-login-brute-force", "wrong password", failedLogin(), true],
  ["console-login-brute-force", "successful sign-in", consoleLogin(), false],
];

describe("each security rule fires on its events and not on near misses", () => {
  it.each(cases)("%s: %s → %s", (id, _what, record, expected) => {
    expect(matches(id, record)).toBe(expected);
  });

  it("has a firing case and a near miss for every rule", () => {
    for (const rule of SECURITY_RULES) {
      expect(cases.some(([id, , , e]) => id === rule.id && e), `${rule.id} fires`).toBe(true);
      expect(cases.some(([id, , , e]) => id === rule.id && !e), `${rule.id} near miss`).toBe(true);
    }
  });

  it("holds only valid rules with unique ids and descriptions", () => {
    for (const rule of SECURITY_RULES) {
      expect(RuleSchema.parse(rule)).toEqual(rule);
      expect(rule.description.length).toBeGreaterThan(20);
    }
    expect(new Set(SECURITY_RULES.map((r) => r.id)).size).toBe(SECURITY_RULES.length);
  });
});

describe("console-login-brute-force threshold", () => {
  const rule = byId.get("console-login-brute-force")!;
  const run = (times: string[]) => {
    const match = compileRules([rule]);
    const acc = newFindingAcc(rule.threshold);
    for (const eventTime of times) {
      const record = failedLogin({ eventTime });
      if (match(record).length > 0) addMatch(acc, Date.parse(eventTime), sampleOf(record));
    }
    return finishFinding(acc, rule);
  };

  it("fires on five failures within one 5-minute period", () => {
    const f = run(["2024-05-02T10:00:10Z", "2024-05-02T10:01:00Z", "2024-05-02T10:02:00Z", "2024-05-02T10:03:00Z", "2024-05-02T10:04:59Z"]);
    expect(f.fired).toBe(true);
    expect(f.alarmPeriods).toEqual([{ start: "2024-05-02T10:00:00.000Z", end: "2024-05-02T10:05:00.000Z", count: 5 }]);
  });

  it("does not fire on five failures spread over two periods", () => {
    const f = run(["2024-05-02T10:03:00Z", "2024-05-02T10:04:00Z", "2024-05-02T10:04:30Z", "2024-05-02T10:05:00Z", "2024-05-02T10:06:00Z"]);
    expect(f.fired).toBe(false);
    expect(f.matches).toBe(5);
    expect(f.peakCount).toBe(3);
  });
});
