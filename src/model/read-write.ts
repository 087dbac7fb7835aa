// Read or write: `readOnly` when the record carries it, otherwise derived from eventType and
// eventName with the exceptions CloudTrail's own readOnly values show, each with the rule that
// decided. Pure; no I/O. The exceptions were checked against the readOnly field of ~3,600
// recorded events (real trails and AWS documentation examples).
import type { CloudTrailRecord } from "./event.js";
import { toBool } from "./record-fields.js";

export const READ_WRITE = ["read", "write", "unknown"] as const;
export type ReadWrite = (typeof READ_WRITE)[number];

/** How read/write was decided, most authoritative first. */
export type ReadWriteRule =
  | "readOnly"
  | "not-applicable"
  | "no-eventName"
  | "exception-table"
  | "console-sign-in"
  | "service-event"
  | "name-prefix"
  | "default";

export interface ReadWriteDecision {
  readWrite: ReadWrite;
  rule: ReadWriteRule;
}

/**
 * Calls whose name misleads: CloudTrail marks these readOnly the other way round from what the
 * name-prefix rule would say. Keyed `eventSource eventName`.
 */
export const READ_WRITE_EXCEPTIONS: ReadonlyMap<string, "read" | "write"> = new Map<string, "read" | "write">([
  // STS issues credentials here and CloudTrail records readOnly false, although they start with Get.
  ["sts.amazonaws.com GetFederationToken", "write"],
  ["sts.amazonaws.com GetSessionToken", "write"],
  // ...while it records AssumeRole and its variants as readOnly true.
  ["sts.amazonaws.com AssumeRole", "read"],
  ["sts.amazonaws.com AssumeRoleWithSAML", "read"],
  ["sts.amazonaws.com AssumeRoleWithWebIdentity", "read"],
  ["sts.amazonaws.com AssumeRoot", "read"],
  ["sts.amazonaws.com DecodeAuthorizationMessage", "read"],
  // KMS cryptographic operations use a key without changing it: readOnly true.
  ["kms.amazonaws.com Decrypt", "read"],
  ["kms.amazonaws.com DeriveSharedSecret", "read"],
  ["kms.amazonaws.com Encrypt", "read"],
  ["kms.amazonaws.com GenerateDataKey", "read"],
  ["kms.amazonaws.com GenerateDataKeyPair", "read"],
  ["kms.amazonaws.com GenerateDataKeyPairWithoutPlaintext", "read"],
  ["kms.amazonaws.com GenerateDataKeyWithoutPlaintext", "read"],
  ["kms.amazonaws.com GenerateMac", "read"],
  ["kms.amazonaws.com GenerateRandom", "read"],
  ["kms.amazonaws.com ReEncrypt", "read"],
  ["kms.amazonaws.com Sign", "read"],
  ["kms.amazonaws.com Verify", "read"],
  ["kms.amazonaws.com VerifyMac", "read"],
  // Model inference reads; CloudTrail records readOnly true.
  ["bedrock.amazonaws.com InvokeModel", "read"],
]);

/** Verbs AWS uses for calls that only read (Describe*, List*, Get* ...). */
const READ_PREFIX =
  /^(Get|Describe|List|Head|Lookup|Search|BatchGet|Query|Scan|Select|Check|Verify|Retrieve|Validate|Preview|Estimate|Download)(?![a-z])/;

const NOT_APPLICABLE: ReadonlySet<string> = new Set(["AwsCloudTrailInsight", "AwsAggregatedEvent"]);

/** Decides whether a record is a read or a write; see ReadWriteRule for the order of the rules. */
export function readWriteOf(r: CloudTrailRecord): ReadWriteDecision {
  const declared = toBool(r.readOnly);
  if (declared !== undefined) return { readWrite: declared ? "read" : "write", rule: "readOnly" };
  const eventType = typeof r.eventType === "string" ? r.eventType : "";
  // Insights and aggregated records summarise many calls; they are neither reads nor writes.
  if (NOT_APPLICABLE.has(eventType)) return { readWrite: "unknown", rule: "not-applicable" };
  const name = r.eventName;
  if (typeof name !== "string" || name === "") return { readWrite: "unknown", rule: "no-eventName" };
  const exception = READ_WRITE_EXCEPTIONS.get(`${r.eventSource ?? ""} ${name}`);
  if (exception) return { readWrite: exception, rule: "exception-table" };
  // Sign-ins (ConsoleLogin, CheckMfa, SwitchRole ...) change session state; CloudTrail records
  // readOnly false on them. The AWS user guide spells the type both AwsConsoleSignIn and -Signin.
  if (eventType.toLowerCase() === "awsconsolesignin") return { readWrite: "write", rule: "console-sign-in" };
  // Service events are AWS acting on the account's resources (rotation, deletion, state changes).
  if (eventType === "AwsServiceEvent") return { readWrite: "write", rule: "service-event" };
  if (READ_PREFIX.test(name)) return { readWrite: "read", rule: "name-prefix" };
  // AWS counts as a write anything that modifies or might modify a resource.
  return { readWrite: "write", rule: "default" };
}
