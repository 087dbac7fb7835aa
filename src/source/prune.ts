// Decides from paths alone which files and directories can hold no wanted event, so they are
// never opened (or never listed). Conservative: when in doubt a file is kept; content decides later.
// The file-name time is the delivery time, so the window is widened by DELIVERY_SLACK_MS past --until.
import { type DirScope, type LayoutKind, type S3Location } from "./s3-layout.js";

/** Events reach a log file up to about 15 minutes after they happen; the AWS CLI allows one hour. */
export const DELIVERY_SLACK_MS = 60 * 60 * 1000;
/** File names carry minutes only (and digests seconds): an event may be later than the name by < 1 minute. */
const NAME_PRECISION_MS = 60 * 1000;

export interface PruneSpec {
  accounts?: ReadonlySet<string>;
  regions?: ReadonlySet<string>;
  /** Epoch ms, inclusive. */
  since?: number;
  until?: number;
  /** Which layout folders are wanted (lookup: CloudTrail, plus CloudTrail-Insight when insights are asked for). */
  kinds: ReadonlySet<LayoutKind>;
}

export type PruneVerdict = { keep: true } | { keep: false; reason: string };

const KEEP: PruneVerdict = { keep: true };

/** Whether a file at this S3 location can hold a wanted event. */
export function pruneFile(loc: S3Location, spec: PruneSpec): PruneVerdict {
  if (!loc.kind) return { keep: false, reason: `${loc.service || "unknown"} folder: not a CloudTrail file` };
  if (!spec.kinds.has(loc.kind)) return { keep: false, reason: `${loc.kind} folder not requested` };
  if (spec.accounts && !spec.accounts.has(loc.accountId)) return { keep: false, reason: `account ${loc.accountId}` };
  if (spec.regions && loc.region !== undefined && !spec.regions.has(loc.region))
    return { keep: false, reason: `region ${loc.region}` };
  if (loc.fileTime !== undefined) {
    // A file delivered before the window starts holds only older events.
    if (spec.since !== undefined && loc.fileTime + NAME_PRECISION_MS < spec.since)
      return { keep: false, reason: "delivered before --since" };
    // Files delivered long after the window ends hold only newer events, with slack for late delivery.
    if (spec.until !== undefined && loc.fileTime > spec.until + DELIVERY_SLACK_MS)
      return { keep: false, reason: "delivered more than 1h after --until" };
  }
  return KEEP;
}

/** Whether a directory can contain any wanted file, judged from its place in the layout. */
export function pruneDir(scope: DirScope, spec: PruneSpec): PruneVerdict {
  if (scope.accountId !== undefined && spec.accounts && !spec.accounts.has(scope.accountId))
    return { keep: false, reason: `account ${scope.accountId}` };
  if (scope.service !== undefined && !scope.kind)
    return { keep: false, reason: `${scope.service} folder: not CloudTrail` };
  if (scope.kind !== undefined && !spec.kinds.has(scope.kind))
    return { keep: false, reason: `${scope.kind} folder not requested` };
  if (scope.region !== undefined && spec.regions && !spec.regions.has(scope.region))
    return { keep: false, reason: `region ${scope.region}` };
  if (scope.dayStart !== undefined && scope.dayEnd !== undefined) {
    if (spec.since !== undefined && scope.dayEnd + NAME_PRECISION_MS <= spec.since)
      return { keep: false, reason: "dates before --since" };
    if (spec.until !== undefined && scope.dayStart > spec.until + DELIVERY_SLACK_MS)
      return { keep: false, reason: "dates after --until" };
  }
  return KEEP;
}
