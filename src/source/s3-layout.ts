// Parses where a file sits in a CloudTrail S3 export:
// [prefix/]AWSLogs/[o-org/]ACCOUNT/CloudTrail|CloudTrail-Digest|CloudTrail-Insight/REGION/YYYY/MM/DD/name.
// Pure string work on paths; it never touches the file system and never guesses from content.

export type LayoutKind = "CloudTrail" | "CloudTrail-Digest" | "CloudTrail-Insight";

export interface S3Location {
  /** Key prefix before `AWSLogs/` (without trailing slash), "" when there is none or it is unknown. */
  prefix: string;
  orgId: string | undefined;
  accountId: string;
  /** The service folder: one of the CloudTrail kinds, or another AWS service's folder (Config, vpcflowlogs ...). */
  service: string;
  kind: LayoutKind | undefined;
  region: string | undefined;
  /** `YYYY-MM-DD` from the date folders. */
  day: string | undefined;
  /** Epoch ms of the time in the file name: delivery time for logs, digest end time for digests. */
  fileTime: number | undefined;
  /** The key from `AWSLogs/` on (the prefix, if any, is not known from a local path). */
  keyFromAWSLogs: string;
}

const ORG_RE = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_RE = /^\d{12}$/;
const KINDS: ReadonlySet<string> = new Set(["CloudTrail", "CloudTrail-Digest", "CloudTrail-Insight"]);
/** `..._20260301T1005Z_...` (logs, minute precision) or `..._20260301T100504Z...` (digests, seconds). */
const NAME_TIME_RE = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z(?:_|\.|$)/;

/** Parses the S3 layout from a path (either separator); undefined when the path has no `AWSLogs/<account>` part. */
export function parseS3Location(path: string): S3Location | undefined {
  const parts = path.split(/[\\/]+/).filter((p) => p.length > 0);
  // The last AWSLogs segment wins: Control Tower nests `o-id/AWSLogs/o-id/...` under an outer AWSLogs.
  const at = parts.lastIndexOf("AWSLogs");
  if (at < 0) return undefined;
  let i = at + 1;
  let orgId: string | undefined;
  if (parts[i] !== undefined && ORG_RE.test(parts[i]!)) orgId = parts[i++];
  const accountId = parts[i++];
  if (accountId === undefined || !ACCOUNT_RE.test(accountId)) return undefined;
  const service = parts[i++] ?? "";
  const kind = KINDS.has(service) ? (service as LayoutKind) : undefined;
  // The last part is the file name: a file directly in the service folder has no region.
  const region = kind && i < parts.length - 1 ? parts[i] : undefined;
  let day: string | undefined;
  const [y, m, d] = [parts[i + 1], parts[i + 2], parts[i + 3]];
  if (region && i + 3 < parts.length - 1 && y && m && d && /^\d{4}$/.test(y) && /^\d{2}$/.test(m) && /^\d{2}$/.test(d))
    day = `${y}-${m}-${d}`;
  const name = parts[parts.length - 1] ?? "";
  return {
    prefix: "",
    orgId,
    accountId,
    service,
    kind,
    region,
    day,
    fileTime: kind ? fileNameTime(name) : undefined,
    keyFromAWSLogs: parts.slice(at).join("/"),
  };
}

/** The UTC time in a CloudTrail file name, in epoch ms. */
export function fileNameTime(name: string): number | undefined {
  const m = NAME_TIME_RE.exec(name);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  // Date.UTC rolls impossible values over (month 13 is next January): such a name has no time.
  if (h > 23 || mi > 59 || s > 59 || !isCalendarDay(y, mo, d)) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function isCalendarDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * What the layout says about a directory while walking it, so whole subtrees can be skipped
 * before they are listed: the account, region and day a directory is limited to, if any.
 */
export interface DirScope {
  accountId?: string;
  kind?: LayoutKind;
  service?: string;
  region?: string;
  /** Inclusive day range covered, as epoch ms [start, end). */
  dayStart?: number;
  dayEnd?: number;
}

/** Scope of a directory path inside the layout (e.g. `.../CloudTrail/us-east-1/2026/03`). */
export function dirScope(path: string): DirScope | undefined {
  const parts = path.split(/[\\/]+/).filter((p) => p.length > 0);
  const at = parts.lastIndexOf("AWSLogs");
  if (at < 0) return undefined;
  let i = at + 1;
  if (parts[i] !== undefined && ORG_RE.test(parts[i]!)) i++;
  const accountId = parts[i++];
  if (accountId === undefined) return {};
  if (!ACCOUNT_RE.test(accountId)) return undefined;
  const service = parts[i++];
  if (service === undefined) return { accountId };
  const kind = KINDS.has(service) ? (service as LayoutKind) : undefined;
  if (!kind) return { accountId, service };
  const region = parts[i++];
  if (region === undefined) return { accountId, service, kind };
  const rest = parts.slice(i, i + 3);
  // Only real date folders (YYYY/MM/DD) narrow the time: Date.UTC reads "12" as 1912.
  const shapes = [/^\d{4}$/, /^\d{2}$/, /^\d{2}$/];
  if (!rest.every((p, k) => shapes[k]!.test(p))) return { accountId, service, kind, region };
  const [y, m, d] = rest.map(Number);
  if (y === undefined) return { accountId, service, kind, region };
  if ((m !== undefined && (m < 1 || m > 12)) || (d !== undefined && !isCalendarDay(y, m!, d)))
    return { accountId, service, kind, region };
  const dayStart = Date.UTC(y, m === undefined ? 0 : m - 1, d ?? 1);
  const dayEnd =
    d !== undefined ? Date.UTC(y, m! - 1, d + 1) : m !== undefined ? Date.UTC(y, m, 1) : Date.UTC(y + 1, 0, 1);
  return { accountId, service, kind, region, dayStart, dayEnd };
}
