// The resources a record names, for --resource-type and --resource-name: `resources[]` (type and
// ARN, and the name at the end of the ARN) plus the common names and ids in `requestParameters`.
// Pure; it does not look inside responseElements (results are not what a request was about).
import type { CloudTrailRecord } from "../model/event.js";
import { resourcesOf } from "../model/record-fields.js";

/** requestParameters keys that name or identify a resource, across services. */
const NAME_KEY_RE = /(Name|Id|Ids|Arn|ARN|Identifier|Url)$/;
const EXTRA_KEYS: ReadonlySet<string> = new Set(["key", "name", "bucket", "Bucket", "Key", "resource", "resourceArn"]);
const MAX_DEPTH = 5;
const MAX_VALUES = 200;

/** Names and ARNs of the resources the record refers to. */
export function resourceNamesOf(r: CloudTrailRecord): string[] {
  const out = new Set<string>();
  for (const res of resourcesOf(r)) {
    const arn = res.ARN ?? res.arn;
    if (typeof arn === "string" && arn) {
      out.add(arn);
      const name = arnResourceName(arn);
      if (name) out.add(name);
    }
  }
  collect((r as Record<string, unknown>)["requestParameters"], out, 0, false);
  return [...out];
}

/** The resource types in `resources[]`. */
export function resourceTypesOf(r: CloudTrailRecord): string[] {
  const out: string[] = [];
  for (const res of resourcesOf(r)) if (typeof res.type === "string" && !out.includes(res.type)) out.push(res.type);
  return out;
}

/**
 * The part of an ARN after the service-specific resource type, which ends at the first `/` or `:`
 * (`role/Admin` → `Admin`, `function:my-fn` → `my-fn`). S3 bucket and object ARNs have no type:
 * `arn:aws:s3:::bucket/key` → `bucket/key`.
 */
export function arnResourceName(arn: string): string | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const resource = parts.slice(5).join(":");
  if (parts[2] === "s3" && parts[3] === "" && parts[4] === "") return resource || undefined;
  const slash = resource.indexOf("/");
  const colon = resource.indexOf(":");
  const cut = slash < 0 ? colon : colon < 0 ? slash : Math.min(slash, colon);
  return cut >= 0 && !resource.startsWith("arn") ? resource.slice(cut + 1) || undefined : resource || undefined;
}

function collect(v: unknown, out: Set<string>, depth: number, named: boolean): void {
  if (out.size >= MAX_VALUES || depth > MAX_DEPTH || v === null || v === undefined) return;
  if (typeof v === "string") {
    if (named && v.length > 0 && v.length <= 2048) out.add(v);
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v) collect(item, out, depth + 1, named);
    return;
  }
  if (typeof v === "object") {
    for (const [k, child] of Object.entries(v)) collect(child, out, depth + 1, NAME_KEY_RE.test(k) || EXTRA_KEYS.has(k));
  }
}
