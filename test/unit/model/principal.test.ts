import { describe, expect, it } from "vitest";
import { RecordSchema } from "../../../src/model/event.js";
import { principalOf, principalTypeOf, roleOf } from "../../../src/model/principal.js";

const withIdentity = (userIdentity: unknown) => RecordSchema.parse({ eventName: "X", userIdentity });

describe("principalOf", () => {
  it("names each documented identity type", () => {
    const cases: Array<[unknown, string]> = [
      [{ type: "Root", arn: "arn:aws:iam::111122223333:root", accountId: "111122223333" }, "root"],
      [{ type: "IAMUser", arn: "arn:aws:iam::111122223333:user/bob", userName: "bob" }, "bob"],
      [{ type: "IAMUser", arn: "arn:aws:iam::111122223333:user/ops/alice" }, "ops/alice"],
      [
        {
          type: "AssumedRole",
          principalId: "AROAEXAMPLE:my-session",
          arn: "arn:aws:sts::111122223333:assumed-role/my-role/my-session",
          sessionContext: { sessionIssuer: { type: "Role", userName: "my-role" } },
        },
        "my-role/my-session",
      ],
      [
        {
          type: "AssumedRole",
          principalId: "AROAEXAMPLE:sess",
          sessionContext: { sessionIssuer: { type: "Role", userName: "deployer" } },
        },
        "deployer/sess",
      ],
      [{ type: "Role", arn: "arn:aws:iam::111122223333:role/service-role/Runner" }, "Runner"],
      [
        {
          type: "FederatedUser",
          principalId: "123456789012:federated-user",
          arn: "arn:aws:sts::123456789012:federated-user/carol",
        },
        "carol",
      ],
      [{ type: "AWSService", invokedBy: "lambda.amazonaws.com" }, "lambda.amazonaws.com"],
      [{ type: "AWSAccount", principalId: "AROAEXAMPLE:session-name", accountId: "111111111111" }, "111111111111"],
      [
        {
          type: "IdentityCenterUser",
          userId: "d-12345abcde",
          arn: "arn:aws:iam::123456789012:user/identity-center-user",
        },
        "identity-center-user",
      ],
      [{ type: "SAMLUser", principalId: "idp:SamlExample", userName: "SamlExample" }, "SamlExample"],
      [{ type: "Unknown", principalId: "internal-id", userName: "display name" }, "display name"],
      // AwsServiceEvent records carry only {accountId, invokedBy}.
      [{ accountId: "123456789012", invokedBy: "s3.amazonaws.com" }, "s3.amazonaws.com"],
    ];
    for (const [identity, name] of cases) {
      expect(principalOf(withIdentity(identity)), JSON.stringify(identity)).toBe(name);
    }
  });

  it("says (none) when there is nothing to name", () => {
    expect(principalOf(RecordSchema.parse({ eventName: "X" }))).toBe("(none)");
    expect(principalOf(withIdentity(null))).toBe("(none)");
    expect(principalOf(withIdentity({ type: "AWSService" }))).toBe("(none)");
  });
});

describe("principalTypeOf", () => {
  it("returns userIdentity.type verbatim, including values it does not know", () => {
    expect(principalTypeOf(withIdentity({ type: "AssumedRole" }))).toBe("AssumedRole");
    expect(principalTypeOf(withIdentity({ type: "Directory" }))).toBe("Directory");
    expect(principalTypeOf(withIdentity({ invokedBy: "s3.amazonaws.com" }))).toBe("(none)");
    expect(principalTypeOf(RecordSchema.parse({ eventName: "X" }))).toBe("(none)");
  });
});

describe("roleOf", () => {
  it("gives the role behind a session, from the issuer or from the ARN", () => {
    expect(
      roleOf(
        withIdentity({
          type: "AssumedRole",
          arn: "arn:aws:sts::1:assumed-role/Admin/x",
          sessionContext: { sessionIssuer: { userName: "Admin" } },
        }),
      ),
    ).toBe("Admin");
    expect(roleOf(withIdentity({ type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/Admin/x" }))).toBe("Admin");
    expect(
      roleOf(withIdentity({ type: "AssumedRole", sessionContext: { sessionIssuer: { arn: "arn:aws:iam::1:role/path/Ops" } } })),
    ).toBe("Ops");
    expect(roleOf(withIdentity({ type: "Role", userName: "Runner" }))).toBe("Runner");
  });

  it("is undefined for principals that are not roles", () => {
    expect(roleOf(withIdentity({ type: "IAMUser", userName: "bob" }))).toBeUndefined();
    expect(roleOf(withIdentity({ type: "Root" }))).toBeUndefined();
    expect(roleOf(RecordSchema.parse({ eventName: "X" }))).toBeUndefined();
  });
});
