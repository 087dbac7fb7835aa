// The CloudTrail → OCSF mapping on hand-made records: class routing, activities, status,
// endpoints, sessions, and what is left in `unmapped`.
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { ocsfClassOf, toOcsf } from "../../../src/sql/ocsf-map.js";

const rec = (r: Record<string, unknown>) => r as CloudTrailRecord;
const base = {
  eventVersion: "1.11",
  eventTime: "2026-03-01T10:00:00Z",
  eventSource: "ec2.amazonaws.com",
  awsRegion: "eu-west-1",
  sourceIPAddress: "198.51.100.7",
  userAgent: "aws-cli/2.15.30",
  requestID: "req-1",
  eventID: "ev-1",
  eventType: "AwsApiCall",
  recipientAccountId: "111122223333",
  eventCategory: "Management",
  userIdentity: {
    type: "AssumedRole",
    principalId: "AROAEXAMPLE:alice",
    arn: "arn:aws:sts::111122223333:assumed-role/Admin/alice",
    accountId: "111122223333",
    accessKeyId: "ASIAEXAMPLE",
    sessionContext: {
      sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/Admin", userName: "Admin" },
      attributes: { creationDate: "2026-03-01T09:00:00Z", mfaAuthenticated: "true" },
    },
  },
};

describe("ocsfClassOf and activities", () => {
  it("routes sign-ins and role assumption to Authentication, IAM identity changes to Account Change", () => {
    expect(ocsfClassOf(rec({ eventName: "ConsoleLogin" }))).toBe(3002);
    expect(ocsfClassOf(rec({ eventName: "AssumeRoleWithSAML" }))).toBe(3002);
    expect(ocsfClassOf(rec({ eventName: "CreateUser" }))).toBe(3001);
    expect(ocsfClassOf(rec({ eventName: "AttachRolePolicy" }))).toBe(3001);
    expect(ocsfClassOf(rec({ eventName: "RunInstances" }))).toBe(6003);
    expect(ocsfClassOf(rec({}))).toBe(6003);
  });

  it("API Activity activities follow the verb at the start of eventName", () => {
    const act = (eventName: string) => [toOcsf(rec({ ...base, eventName }))["activity_id"], toOcsf(rec({ ...base, eventName }))["activity_name"]];
    expect(act("RunInstances")).toEqual([1, "Create"]);
    expect(act("DescribeInstances")).toEqual([2, "Read"]);
    expect(act("ModifyInstanceAttribute")).toEqual([3, "Update"]);
    expect(act("TerminateInstances")).toEqual([4, "Delete"]);
    expect(act("SwitchRole")).toEqual([99, "Other"]);
    // A name containing a verb elsewhere does not count: only the start does.
    expect(act("BatchDeleteImage")).toEqual([99, "Other"]);
  });

  it("Account Change activities", () => {
    const act = (eventName: string) => toOcsf(rec({ ...base, eventSource: "iam.amazonaws.com", eventName }))["activity_name"];
    expect(act("CreateUser")).toBe("Create");
    expect(act("DeleteUser")).toBe("Delete");
    expect(act("AttachUserPolicy")).toBe("Attach Policy");
    expect(act("PutRolePolicy")).toBe("Attach Policy");
    expect(act("DetachRolePolicy")).toBe("Detach Policy");
    expect(act("DeleteUserPolicy")).toBe("Detach Policy");
    expect(act("ChangePassword")).toBe("Password Change");
    expect(act("UpdateLoginProfile")).toBe("Password Reset");
    expect(act("DeactivateMFADevice")).toBe("Disable");
  });
});

describe("toOcsf", () => {
  it("maps the fields of the published mapping", () => {
    const e = toOcsf(rec({ ...base, eventName: "DescribeInstances", requestParameters: { maxResults: 5 }, resources: [{ ARN: "arn:x", type: "AWS::EC2::Instance", accountId: "111122223333" }] }));
    expect(e).toMatchObject({
      class_uid: 6003,
      category_uid: 6,
      type_uid: 600302,
      type_name: "API Activity: Read",
      severity_id: 1,
      status_id: 1,
      status: "Success",
      time: Date.parse("2026-03-01T10:00:00Z"),
      time_dt: "2026-03-01T10:00:00.000Z",
      metadata: { uid: "ev-1", version: "1.1.0", event_code: "AwsApiCall", product: { name: "CloudTrail", vendor_name: "AWS", version: "1.11", feature: { name: "Management" } } },
      actor: {
        user: { type: "AssumedRole", uid: "arn:aws:sts::111122223333:assumed-role/Admin/alice", uid_alt: "AROAEXAMPLE:alice", credential_uid: "ASIAEXAMPLE", account: { uid: "111122223333" } },
        session: { is_mfa: true, issuer: "arn:aws:iam::111122223333:role/Admin", created_time: Date.parse("2026-03-01T09:00:00Z") },
      },
      api: { operation: "DescribeInstances", service: { name: "ec2.amazonaws.com" }, request: { uid: "req-1", data: '{"maxResults":5}' } },
      cloud: { provider: "AWS", region: "eu-west-1", account: { uid: "111122223333" } },
      src_endpoint: { ip: "198.51.100.7", domain: null },
      http_request: { user_agent: "aws-cli/2.15.30" },
      resources: [{ uid: "arn:x", type: "AWS::EC2::Instance", account: { uid: "111122223333" } }],
    });
  });

  it("failures, service host names and what stays unmapped", () => {
    const e = toOcsf(rec({ ...base, eventName: "GetObject", sourceIPAddress: "s3.amazonaws.com", errorCode: "AccessDenied", errorMessage: "no", tlsDetails: { tlsVersion: "TLSv1.3" }, managementEvent: false }));
    expect(e).toMatchObject({ status_id: 2, status: "Failure", status_code: "AccessDenied", status_detail: "no", src_endpoint: { ip: null, domain: "s3.amazonaws.com" } });
    const unmapped = e["unmapped"] as Record<string, string>;
    expect(unmapped).toEqual({
      managementEvent: "false",
      tlsDetails: '{"tlsVersion":"TLSv1.3"}',
      // Only the sessionIssuer's userName and type are not placed by the mapping.
      userIdentity: '{"sessionContext":{"sessionIssuer":{"type":"Role","userName":"Admin"}}}',
    });
  });

  it("ConsoleLogin: status from responseElements, MFA from additionalEventData", () => {
    const login = (result: string, mfa: string) =>
      toOcsf(rec({ ...base, eventName: "ConsoleLogin", eventSource: "signin.amazonaws.com", userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/bob", userName: "bob" }, responseElements: { ConsoleLogin: result }, additionalEventData: { MFAUsed: mfa, LoginTo: "https://console.aws.amazon.com/" } }));
    expect(login("Success", "No")).toMatchObject({ class_uid: 3002, activity_name: "Logon", status: "Success", is_mfa: false, user: { name: "bob" }, dst_endpoint: { svc_name: "https://console.aws.amazon.com/" } });
    expect(login("Failure", "Yes")).toMatchObject({ status_id: 2, status: "Failure", is_mfa: true });
    expect(login("Success", "No")["unmapped"]).not.toHaveProperty("additionalEventData");
  });

  it("Account Change names the user changed", () => {
    const e = toOcsf(rec({ ...base, eventSource: "iam.amazonaws.com", eventName: "CreateUser", requestParameters: { userName: "intern" }, responseElements: { user: { userId: "AIDAX", userName: "intern" } } }));
    expect(e).toMatchObject({ class_uid: 3001, user: { uid: "AIDAX", name: "intern" } });
  });
});
