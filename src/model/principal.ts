// Who made a call, for display and grouping: the principal type (userIdentity.type verbatim),
// a readable principal name, and the role behind a role session.
// Pure; no I/O. Not for matching user input (`--user`): see query/user.ts for that.
import type { CloudTrailRecord } from "./event.js";

/** Placeholder when a record names no principal at all (Insights events, stubs). */
export const NO_PRINCIPAL = "(none)";

type Identity = NonNullable<CloudTrailRecord["userIdentity"]>;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The resource part of an ARN after `kind/` (e.g. `user/path/bob` → `bob` for kind "user"). */
function arnResource(arn: string | undefined, kind: string): string | undefined {
  if (!arn) return undefined;
  const at = arn.indexOf(`:${kind}/`);
  if (at < 0) return undefined;
  return arn.slice(at + kind.length + 2) || undefined;
}

/** What follows the last `/`, or the whole string when it has none. */
function lastSegment(s: string | undefined): string | undefined {
  if (!s) return undefined;
  return str(s.slice(s.lastIndexOf("/") + 1));
}

/** The part of a principalId after its `:` (`AROA...:session` → `session`). */
function afterColon(principalId: string | undefined): string | undefined {
  if (!principalId) return undefined;
  const colon = principalId.indexOf(":");
  return colon >= 0 ? str(principalId.slice(colon + 1)) : undefined;
}

/** `userIdentity.type` verbatim, or `(none)` when the record has no identity type. */
export function principalTypeOf(r: CloudTrailRecord): string {
  return str(r.userIdentity?.type) ?? NO_PRINCIPAL;
}

/** The role name behind an AssumedRole session or a Role identity, undefined for other principals. */
export function roleOf(r: CloudTrailRecord): string | undefined {
  const ui = r.userIdentity;
  if (!ui) return undefined;
  if (ui.type === "AssumedRole") {
    const issuer = ui.sessionContext?.sessionIssuer;
    const fromIssuer = str(issuer?.userName) ?? lastSegment(arnResource(str(issuer?.arn), "role"));
    if (fromIssuer) return fromIssuer;
    const session = arnResource(str(ui.arn), "assumed-role");
    const slash = session?.indexOf("/") ?? -1;
    return session && slash > 0 ? session.slice(0, slash) : session;
  }
  if (ui.type === "Role") return str(ui.userName) ?? lastSegment(arnResource(str(ui.arn), "role"));
  return undefined;
}

function assumedRoleName(ui: Identity): string | undefined {
  // arn:aws:sts::123456789012:assumed-role/RoleName/SessionName → RoleName/SessionName
  const fromArn = arnResource(str(ui.arn), "assumed-role");
  if (fromArn) return fromArn;
  const role = str(ui.sessionContext?.sessionIssuer?.userName);
  const session = afterColon(str(ui.principalId));
  if (role && session) return `${role}/${session}`;
  return role ?? str(ui.principalId);
}

/**
 * A readable principal name: the IAM user name, `role/session` for role sessions, the service
 * for AWS services, `root` for the root user, the account id for another account.
 */
export function principalOf(r: CloudTrailRecord): string {
  const ui = r.userIdentity;
  if (!ui) return NO_PRINCIPAL;
  const arn = str(ui.arn);
  switch (ui.type) {
    case "Root":
      return "root";
    case "IAMUser":
      return str(ui.userName) ?? arnResource(arn, "user") ?? str(ui.principalId) ?? NO_PRINCIPAL;
    case "AssumedRole":
      return assumedRoleName(ui) ?? NO_PRINCIPAL;
    case "Role":
      return roleOf(r) ?? str(ui.principalId) ?? NO_PRINCIPAL;
    case "FederatedUser":
      return arnResource(arn, "federated-user") ?? afterColon(str(ui.principalId)) ?? NO_PRINCIPAL;
    case "AWSService":
      return str(ui.invokedBy) ?? NO_PRINCIPAL;
    case "AWSAccount":
      return str(ui.accountId) ?? str(ui.principalId) ?? NO_PRINCIPAL;
    case "IdentityCenterUser":
      return str(ui.userName) ?? lastSegment(arn) ?? str(ui["userId"]) ?? NO_PRINCIPAL;
    default:
      // SAMLUser, WebIdentityUser, Unknown, Directory, and identities without a type (service
      // events carry only {accountId, invokedBy}).
      return (
        str(ui.userName) ?? lastSegment(arn) ?? str(ui.invokedBy) ?? str(ui.principalId) ?? str(ui.accountId) ?? NO_PRINCIPAL
      );
  }
}
