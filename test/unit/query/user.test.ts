// Tests for the names --user matches and the one name the `user` column shows, one rule at a
// time, on userIdentity shapes as CloudTrail writes them (IAM users, roles, federation, root,
// services, Identity Center).
import { describe, expect, it } from "vitest";
import type { CloudTrailRecord } from "../../../src/model/event.js";
import { displayUserOf, someUserName, userNamesOf } from "../../../src/query/user.js";

const ACCT = "111122223333";
const withIdentity = (userIdentity: unknown) => ({ eventTime: "2026-03-01T10:00:00Z", userIdentity }) as CloudTrailRecord;

const IAM_USER = { type: "IAMUser", principalId: "AIDAEXAMPLE", arn: `arn:aws:iam::${ACCT}:user/ops/alice`, accountId: ACCT, userName: "alice" };
const ASSUMED = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLE:carol@example.com",
  arn: `arn:aws:sts::${ACCT}:assumed-role/Admin/carol@example.com`,
  accountId: ACCT,
  sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCT}:role/Admin`, userName: "Admin" } },
};
const FEDERATED = {
  type: "FederatedUser",
  principalId: `${ACCT}:Bob`,
  arn: `arn:aws:sts::${ACCT}:federated-user/Bob`,
  sessionContext: { sessionIssuer: { type: "IAMUser", userName: "broker" } },
};
const ROOT = { type: "Root", principalId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, accountId: ACCT };
const SERVICE = { type: "AWSService", invokedBy: "ec2.amazonaws.com" };
const IDENTITY_CENTER = {
  type: "IdentityCenterUser",
  accountId: ACCT,
  onBehalfOf: { userId: "906754a8-1234-5678-9abc-def012345678", identityStoreArn: "arn:aws:identitystore::111122223333:identitystore/d-1" },
};

describe("userNamesOf", () => {
  it.each<[string, unknown, string[]]>([
    ["an IAM user: its user name", IAM_USER, ["alice"]],
    ["an assumed role: role name and session name", ASSUMED, ["Admin", "carol@example.com"]],
    ["a federated user: the name in its ARN and the issuing user", FEDERATED, ["broker", "Bob"]],
    ["the root user, by type and ARN", ROOT, ["root"]],
    ["the root user, by ARN alone", { arn: `arn:aws:iam::${ACCT}:root` }, ["root"]],
    ["the root user, by type alone", { type: "Root" }, ["root"]],
    ["an AWS service: invokedBy and its short form", SERVICE, ["ec2.amazonaws.com", "ec2"]],
    ["a service without the amazonaws.com suffix", { type: "AWSService", invokedBy: "AWS Internal" }, ["AWS Internal"]],
    ["an Identity Center user: onBehalfOf.userId", IDENTITY_CENTER, ["906754a8-1234-5678-9abc-def012345678"]],
    ["an IAM user acting through a service: not the service", { ...IAM_USER, invokedBy: "cloudformation.amazonaws.com" }, ["alice"]],
    ["a role session without a session issuer", { type: "AssumedRole", arn: `arn:aws:sts::${ACCT}:assumed-role/R/s` }, ["R", "s"]],
    ["empty strings and nulls", { userName: "", arn: null, sessionContext: { sessionIssuer: { userName: null } } }, []],
    ["a record without userIdentity", undefined, []],
    ["userIdentity null", null, []],
  ])("%s", (_label, ui, expected) => {
    expect(userNamesOf(withIdentity(ui))).toEqual(expected);
  });

  it("hands the names to a test in order and stops at the first it accepts", () => {
    const seen: string[] = [];
    expect(someUserName(withIdentity(ASSUMED), (n) => (seen.push(n), n === "carol@example.com"))).toBe(true);
    expect(seen).toEqual(["Admin", "Admin", "carol@example.com"]);
    expect(someUserName(withIdentity(FEDERATED), (n) => n === "carol@example.com")).toBe(false);
    // ARNs that only look like a session or a root ARN give no name from their tail.
    expect(userNamesOf(withIdentity({ arn: `arn:aws:sts::${ACCT}:assumed-role/NoSession` }))).toEqual([]);
    expect(userNamesOf(withIdentity({ arn: `arn:aws:iam::${ACCT}:root/x` }))).toEqual([]);
  });

  it("lists each name once", () => {
    const same = { type: "AssumedRole", arn: `arn:aws:sts::${ACCT}:assumed-role/Admin/Admin`, sessionContext: { sessionIssuer: { userName: "Admin" } } };
    expect(userNamesOf(withIdentity(same))).toEqual(["Admin"]);
  });

  it("is case-sensitive: Root is not the root user's name", () => {
    expect(userNamesOf(withIdentity(ROOT))).not.toContain("Root");
    expect(userNamesOf(withIdentity({ type: "IAMUser", userName: "Root" }))).toEqual(["Root"]);
  });
});

describe("displayUserOf", () => {
  it.each<[string, unknown, string]>([
    ["an IAM user", IAM_USER, "alice"],
    ["an assumed role: role/session", ASSUMED, "Admin/carol@example.com"],
    ["a federated user without a user name: the issuer", FEDERATED, "broker"],
    ["the root user", ROOT, "root"],
    ["a service", SERVICE, "ec2.amazonaws.com"],
    ["only a principal id", { principalId: "AIDAONLY" }, "AIDAONLY"],
    ["only a type", { type: "AWSAccount" }, "AWSAccount"],
    ["an Identity Center user: its type", IDENTITY_CENTER, "IdentityCenterUser"],
    ["no userIdentity", undefined, ""],
  ])("%s", (_label, ui, expected) => {
    expect(displayUserOf(withIdentity(ui))).toBe(expected);
  });
});
