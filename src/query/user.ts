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
 */
export function userNamesOf(r: CloudTrailRecord): string[] {
  const out: string[] = [];
  const ui = r.userIdentity;
  if (!ui || typeof ui !== "object") return out;
  const add = (v: unknown) => {
    const s = str(v);
    if (s !== undefined && !out.includes(s)) out.push(s);
  };
  add(ui.userName);
  add(ui.sessionContext?.sessionIssuer?.userName);
  const arn = str(ui.arn);
  if (arn) {
    const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
    if (assumed) {
      add(assumed[1]);
      add(assumed[2]);
    }
    const federated = /:federated-user\/(.+)$/.exec(arn);
    if (federated) add(federated[1]);
    if (/:root$/.test(arn)) add("root");
  }
  if (ui.type === "Root") add("root");
  const invokedBy = str(ui.invokedBy);
  if (ui.type === "AWSService" && invokedBy) {
    add(invokedBy);
    add(invokedBy.replace(/\.amazonaws\.com$/, ""));
  }
  const onBehalfOf = (ui as Record<string, unknown>)["onBehalfOf"];
  if (onBehalfOf && typeof onBehalfOf === "object") add((onBehalfOf as Record<string, unknown>)["userId"]);
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
