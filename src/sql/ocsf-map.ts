// CloudTrail record → OCSF 1.1 event, following the published CloudTrail mapping (the OCSF
// project's Event Dossiers): API Activity (6003) by default, Authentication (3002) for sign-ins
// and role assumption, Account Change (3001) for IAM identity changes. Fields the mapping does not
// place stay under `unmapped` (top-level key → value or JSON text), as Security Lake keeps them.
// Pure; no I/O. The column types of the result are in ocsf-schema.ts.
import type { CloudTrailRecord } from "../model/event.js";
import { eventIdOf, eventMillisOf } from "../model/record-fields.js";

export const OCSF_VERSION = "1.1.0";

export type OcsfClass = 6003 | 3002 | 3001;

/** Folder (Security Lake custom source) per class: each custom source holds one class. */
export const OCSF_CLASS_FOLDERS: Readonly<Record<OcsfClass, string>> = {
  6003: "api_activity",
  3002: "authentication",
  3001: "account_change",
};

const AUTHENTICATION_EVENTS = new Set([
  "ConsoleLogin", "ExternalIdPDirectoryLogin", "CheckMfa", "CredentialChallenge", "CredentialVerification",
  "UserAuthentication", "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
]);

const ACCOUNT_CHANGE_EVENTS = new Set([
  "UpdateRole", "AttachUserPolicy", "PutRolePermissionsBoundary", "DeletePolicy", "RemoveUserFromGroup", "ChangePassword",
  "CreateAccessKey", "AttachGroupPolicy", "ResyncMFADevice", "DeleteRolePolicy", "PutUserPermissionsBoundary", "CreateUser",
  "CreateServiceLinkedRole", "PutRolePolicy", "DetachGroupPolicy", "UpdateAccessKey", "CreateInstanceProfile", "CreateRole",
  "DeleteUserPermissionsBoundary", "DeleteAccountAlias", "PutGroupPolicy", "CreateLoginProfile", "DeleteGroupPolicy",
  "DeleteLoginProfile", "DeleteUserPolicy", "DeactivateMFADevice", "RemoveRoleFromInstanceProfile", "UpdateUser",
  "EnableMFADevice", "DeleteUser", "AddRoleToInstanceProfile", "UpdateAccountEmailAddress", "UpdateRoleDescription",
  "DetachUserPolicy", "UpdateAssumeRolePolicy", "DeleteGroup", "DeleteServiceLinkedRole", "DeleteAccessKey", "AddUserToGroup",
  "DeleteVirtualMFADevice", "FinalizeSmsMfaRegistration", "DeleteRolePermissionsBoundary", "DetachRolePolicy",
  "DeleteInstanceProfile", "UpdateGroup", "UpdateLoginProfile", "RequestSmsMfaRegistration", "DeleteRole", "PutUserPolicy",
  "CreateVirtualMFADevice", "AttachRolePolicy", "EmailUpdated", "AccountNameUpdated", "PasswordUpdated",
  "DeleteAccountPasswordPolicy", "UpdateAccountPasswordPolicy", "UpdateAccountName", "TagInstanceProfile", "TagRole", "TagUser",
  "UntagInstanceProfile", "UntagRole", "UntagUser", "CreateAccountAlias",
]);

/** The OCSF class a record maps to. */
export function ocsfClassOf(r: CloudTrailRecord): OcsfClass {
  const name = typeof r.eventName === "string" ? r.eventName : "";
  if (AUTHENTICATION_EVENTS.has(name)) return 3002;
  if (ACCOUNT_CHANGE_EVENTS.has(name)) return 3001;
  return 6003;
}

const CLASS_INFO: Readonly<Record<OcsfClass, { name: string; category: number; categoryName: string }>> = {
  6003: { name: "API Activity", category: 6, categoryName: "Application Activity" },
  3002: { name: "Authentication", category: 3, categoryName: "Identity & Access Management" },
  3001: { name: "Account Change", category: 3, categoryName: "Identity & Access Management" },
};

type Activity = [id: number, name: string];

const API_VERBS: readonly [RegExp, Activity][] = [
  [/^(Create|Run|Generate|Allocate|Import|Copy)/, [1, "Create"]],
  [/^(Get|List|Describe|Search|Lookup|BatchGet|Head|Query|Scan|Select|Check|Verify|Decrypt|Estimate|Preview)/, [2, "Read"]],
  [/^(Delete|Terminate|Release|Purge)/, [4, "Delete"]],
  [
    /^(Update|Put|Modify|Add|Remove|Start|Stop|Attach|Detach|Associate|Disassociate|Tag|Untag|Enable|Disable|Register|Deregister|Set|Reset|Change|Replace|Reboot|Restore|Authorize|Revoke|Rotate|Encrypt|Invoke|Send|Publish|Apply|Cancel|Accept|Reject)/,
    [3, "Update"],
  ],
];

function apiActivity(name: string): Activity {
  for (const [re, activity] of API_VERBS) if (re.test(name)) return activity;
  return name ? [99, "Other"] : [0, "Unknown"];
}

function authenticationActivity(name: string): Activity {
  return name === "ConsoleLogin" || name === "ExternalIdPDirectoryLogin" || name === "UserAuthentication" || name.startsWith("AssumeRole")
    ? [1, "Logon"]
    : [99, "Other"];
}

const POLICY_ATTACH = /^(Attach|Put\w*Policy$|Put\w*PermissionsBoundary$|AddUserToGroup$|AddRoleToInstanceProfile$)/;
const POLICY_DETACH = /^(Detach|Remove|Delete(Role|User|Group)Policy$|Delete\w*PermissionsBoundary$)/;

function accountChangeActivity(name: string): Activity {
  if (name === "ChangePassword" || name === "PasswordUpdated") return [3, "Password Change"];
  if (name === "UpdateLoginProfile") return [4, "Password Reset"];
  if (name === "DeactivateMFADevice") return [5, "Disable"];
  if (POLICY_ATTACH.test(name)) return [7, "Attach Policy"];
  if (POLICY_DETACH.test(name)) return [8, "Detach Policy"];
  if (name.startsWith("Create") || name === "EnableMFADevice" || name === "ResyncMFADevice") return [1, "Create"];
  if (name.startsWith("Delete")) return [6, "Delete"];
  return [99, "Other"];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : null);
const at = (v: unknown, ...path: string[]): unknown => {
  let cur = v;
  for (const k of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
};
const bool = (v: unknown): boolean | null => {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = v.toLowerCase();
    if (s === "true" || s === "yes") return true;
    if (s === "false" || s === "no") return false;
  }
  return null;
};
const millis = (v: unknown): number | null => {
  if (typeof v !== "string") return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
};
const jsonText = (v: unknown): string | null => (v === undefined || v === null ? null : typeof v === "string" ? v : JSON.stringify(v));

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]*)$/;

/** Dotted paths of the record the mapping places; everything else goes to `unmapped`. */
const MAPPED_PATHS = [
  "eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode",
  "errorMessage", "requestParameters", "responseElements", "requestID", "eventID", "eventId", "eventType", "apiVersion",
  "recipientAccountId", "vpcEndpointId", "eventCategory", "resources",
  "userIdentity.type", "userIdentity.principalId", "userIdentity.arn", "userIdentity.accountId", "userIdentity.accessKeyId",
  "userIdentity.userName", "userIdentity.invokedBy", "userIdentity.sessionContext.attributes.mfaAuthenticated",
  "userIdentity.sessionContext.attributes.creationDate", "userIdentity.sessionContext.sessionIssuer.arn",
  "userIdentity.sessionContext.webIdFederationData.federatedProvider", "userIdentity.identityProvider",
];
const AUTH_MAPPED_PATHS = ["additionalEventData.MFAUsed", "additionalEventData.LoginTo"];

/** A copy of `v` without the given dotted paths; objects left empty are dropped. */
function without(v: Obj, paths: readonly string[][]): Obj {
  const out: Obj = {};
  for (const [k, value] of Object.entries(v)) {
    const here = paths.filter((p) => p[0] === k);
    if (here.some((p) => p.length === 1)) continue;
    if (here.length > 0 && isObj(value)) {
      const rest = without(value, here.map((p) => p.slice(1)));
      if (Object.keys(rest).length > 0) out[k] = rest;
    } else out[k] = value;
  }
  return out;
}

const SPLIT_MAPPED = MAPPED_PATHS.map((p) => p.split("."));
const SPLIT_AUTH_MAPPED = [...SPLIT_MAPPED, ...AUTH_MAPPED_PATHS.map((p) => p.split("."))];

/** `unmapped`: each top-level key the mapping did not place, its value as text (JSON for objects). */
function unmappedOf(r: Obj, cls: OcsfClass): Record<string, string> {
  const rest = without(r, cls === 3002 ? SPLIT_AUTH_MAPPED : SPLIT_MAPPED);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rest)) {
    const text = jsonText(v);
    if (text !== null) out[k] = text;
  }
  return out;
}

function statusOf(r: CloudTrailRecord, cls: OcsfClass): { status_id: number; status: string } {
  if (cls === 3002 && r.eventName === "ConsoleLogin") {
    const result = at(r.responseElements, "ConsoleLogin");
    if (result === "Success") return { status_id: 1, status: "Success" };
    if (result === "Failure") return { status_id: 2, status: "Failure" };
  }
  return typeof r.errorCode === "string" && r.errorCode !== "" ? { status_id: 2, status: "Failure" } : { status_id: 1, status: "Success" };
}

/** The OCSF event for one record, as a plain object whose keys are the OCSF attribute names. */
export function toOcsf(r: CloudTrailRecord): Obj {
  const cls = ocsfClassOf(r);
  const info = CLASS_INFO[cls];
  const name = typeof r.eventName === "string" ? r.eventName : "";
  const [activityId, activityName] = cls === 3002 ? authenticationActivity(name) : cls === 3001 ? accountChangeActivity(name) : apiActivity(name);
  const ui: Obj = isObj(r.userIdentity) ? (r.userIdentity as Obj) : {};
  const created = millis(at(ui, "sessionContext", "attributes", "creationDate"));
  const time = eventMillisOf(r);
  const source = str(r.sourceIPAddress);
  const isIp = source !== null && IP.test(source);
  const resources = (Array.isArray(r.resources) ? r.resources : []).filter(isObj).map((x) => ({
    uid: str(x["ARN"] ?? x["arn"]),
    type: str(x["type"]),
    account: { uid: str(x["accountId"]) },
  }));
  const event: Obj = {
    activity_id: activityId,
    activity_name: activityName,
    category_uid: info.category,
    category_name: info.categoryName,
    class_uid: cls,
    class_name: info.name,
    type_uid: cls * 100 + activityId,
    type_name: `${info.name}: ${activityName}`,
    severity_id: 1,
    severity: "Informational",
    ...statusOf(r, cls),
    status_code: str(r.errorCode),
    status_detail: str(r.errorMessage),
    time: Number.isNaN(time) ? null : time,
    time_dt: Number.isNaN(time) ? null : new Date(time).toISOString(),
    metadata: {
      uid: eventIdOf(r) ?? null,
      version: OCSF_VERSION,
      event_code: str(r.eventType),
      profiles: ["cloud", "datetime"],
      product: { name: "CloudTrail", vendor_name: "AWS", version: str(r.eventVersion), feature: { name: str(r.eventCategory) } },
    },
    actor: {
      user: {
        type: str(ui["type"]),
        uid: str(ui["arn"]),
        uid_alt: str(ui["principalId"]),
        name: str(ui["userName"]),
        credential_uid: str(ui["accessKeyId"]),
        account: { uid: str(ui["accountId"]) },
      },
      session: {
        created_time: created,
        created_time_dt: created === null ? null : new Date(created).toISOString(),
        is_mfa: bool(at(ui, "sessionContext", "attributes", "mfaAuthenticated")),
        issuer: str(at(ui, "sessionContext", "sessionIssuer", "arn")),
      },
      invoked_by: str(ui["invokedBy"]),
      idp: { name: str(at(ui, "sessionContext", "webIdFederationData", "federatedProvider") ?? ui["identityProvider"]) },
    },
    api: {
      operation: str(r.eventName),
      version: str((r as Obj)["apiVersion"]),
      service: { name: str(r.eventSource) },
      request: { uid: str(r.requestID), data: jsonText((r as Obj)["requestParameters"]) },
      response: { error: str(r.errorCode), message: str(r.errorMessage), data: jsonText((r as Obj)["responseElements"]) },
    },
    cloud: { provider: "AWS", region: str(r.awsRegion), account: { uid: str(r.recipientAccountId) } },
    src_endpoint: { ip: isIp ? source : null, domain: isIp ? null : source, uid: str(r.vpcEndpointId) },
    http_request: { user_agent: str(r.userAgent) },
    resources,
    unmapped: unmappedOf(r as Obj, cls),
  };
  if (cls === 3002) {
    event["is_mfa"] = bool(at((r as Obj)["additionalEventData"], "MFAUsed"));
    event["dst_endpoint"] = { svc_name: str(at((r as Obj)["additionalEventData"], "LoginTo")) };
    const roleSession = str(at((r as Obj)["requestParameters"], "roleSessionName"));
    event["user"] = {
      uid: str(at((r as Obj)["requestParameters"], "roleArn")) ?? str(ui["arn"]),
      name: roleSession ?? str(ui["userName"]) ?? (str(ui["arn"])?.split("/").pop() || null),
    };
  } else if (cls === 3001) {
    const req = (r as Obj)["requestParameters"];
    const resp = (r as Obj)["responseElements"];
    event["user"] = {
      uid: str(at(resp, "user", "userId") ?? at(resp, "role", "roleId")) ?? null,
      name: str(at(req, "userName") ?? at(resp, "user", "userName") ?? at(req, "roleName") ?? at(resp, "role", "roleName")) ?? null,
    };
  }
  return event;
}
