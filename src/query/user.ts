// Who a record's caller is, as the names `ct lookup --user` matches: LookupEvents' "user name or
// role name of the requester", extended so that root, roles, sessions and services are found the way
// users ask for them. Pure; the matching rule is documented in the README (lookup --user).
import type { CloudTrailRecord } from "../model/event.js";

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/**
 * The names a record answers to, for --user:
 * - `userIdentity.userName` (IAM users, SAML/web-identity users, Identity Center user names);
 * - the role name `sessionContext.sessionIssuer.userName` and the role session name, the last part of
 *   an `assumed-role/ROLE/SESSION` ARN (LookupEvents reports the session name for assumed roles);
 * - the federated user's name from a `federated-user/NAME` ARN;
 * - `root` for the root user (any case of "root" is not matched: names are case-sensitive);
 * - for AWS services, `userIdentity.invokedBy` (e.g. `ec2.amazonaws.com`) and its short form (`ec2`);
 * - `userIdentity.onBehalfOf.userId` for IAM Identity Center.
 * Each name is handed to `test` in this order until it returns true (a name may come twice).
 * The scan calls this on every record a --user filter rejects, so it builds nothing: no list, and
 * a pattern runs only on an ARN that holds its marker.
 */
export function someUserName(r: CloudTrailRecord, test: (name: string) => boolean): boolean {
  const ui = r.userIdentity;
  if (!ui || typeof ui !== "object") return false;
  const name = (v: unknown) => typeof v === "string" && v.length > 0 && test(v);
  if (name(ui.userName) || name(ui.sessionContext?.sessionIssuer?.userName)) return true;
  const arn = ui.arn;
  if (typeof arn === "string" && arn.length > 0) {
    if (arn.includes(":assumed-role/")) {
      const assumed = ASSUMED_ROLE.exec(arn);
      if (assumed && (name(assumed[1]) || name(assumed[2]))) return true;
    }
    if (arn.includes(":federated-user/")) {
      const federated = FEDERATED_USER.exec(arn);
      if (federated && name(federated[1])) return true;
    }
    if (arn.endsWith(":root") && test("root")) return true;
  }
  if (ui.type === "Root" && test("root")) return true;
  const invokedBy = ui.invokedBy;
  if (ui.type === "AWSService" && typeof invokedBy === "string" && invokedBy.length > 0) {
    if (test(invokedBy) || name(invokedBy.replace(/\.amazonaws\.com$/, ""))) return true;
  }
  const onBehalfOf = (ui as Record<string, unknown>)["onBehalfOf"];
  return onBehalfOf !== null && typeof onBehalfOf === "object" && name((onBehalfOf as Record<string, unknown>)["userId"]);
}

const ASSUMED_ROLE = /:assumed-role\/([^/]+)\/(.+)$/;
const FEDERATED_USER = /:federated-user\/(.+)$/;

/** The names a record answers to (see someUserName), each once, in that order. */
export function userNamesOf(r: CloudTrailRecord): string[] {
  const out: string[] = [];
  someUserName(r, (n) => {
    if (!out.includes(n)) out.push(n);
    return false;
  });
  return out;
}

/** The one name shown in the `user` column: session or user name, `root`, or the service. */
export function displayUserOf(r: CloudTrailRecord): string {
  const ui = r.userIdentity;
  if (!ui || typeof ui !== "object") return "";
  if (ui.type === "Root") return "root";
  const arn = str(ui.arn);
  const assumed = arn ? /:assumed-role\/([^/]+)\/(.+)$/.exec(arn) : null;
  if (assumed) return `${assumed[1]}/${assumed[2]}`;
  return str(ui.userName) ?? str(ui.sessionContext?.sessionIssuer?.userName) ?? str(ui.invokedBy) ?? str(ui.principalId) ?? str(ui.type) ?? "";
}
