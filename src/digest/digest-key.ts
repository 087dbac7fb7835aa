// Parses and builds the names of digest files and log files, as S3 keys or as local paths:
// [head][o-id/]<account>/CloudTrail-Digest/<src-region>/YYYY/MM/DD/<account>_CloudTrail-Digest_
// <src-region>_<trail>_<home-region>_<YYYYMMDDTHHMMSSZ>[_backfill].json.gz, and the log file layout.
// Pure string work: it never touches the file system and never reads file contents.
import { formatKeyStamp, parseKeyStamp } from "./time.js";

/** What a digest file's name and folders say about it. */
export interface DigestName {
  /** Everything before `[o-id/]<account>/`: "" or a path ending in "/" (e.g. `prefix/AWSLogs/`). */
  head: string;
  orgId: string | undefined;
  accountId: string;
  sourceRegion: string;
  trailName: string;
  homeRegion: string;
  /** The `YYYYMMDDTHHMMSSZ` stamp: the digest's end time, compared as text when listing. */
  stamp: string;
  /** The stamp as epoch ms. */
  time: number;
  /** True for `_backfill.json.gz` names (the exact suffix only). */
  backfill: boolean;
  /** From `[o-id/]<account>/` to the end: the part that is the same in the key and the local path. */
  tail: string;
}

/** What a log file's name and folders say about it. */
export interface LogName {
  head: string;
  orgId: string | undefined;
  accountId: string;
  region: string;
  /** Delivery time from the name (minute precision), epoch ms. */
  time: number;
  tail: string;
}

const DIGEST_RE =
  /^(.*?\/)?((?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail-Digest\/([^/]+)\/\d+\/\d+\/\d+\/\4_CloudTrail-Digest_\5_([^/]+)_([^_/]+)_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz)$/;
const LOG_RE =
  /^(.*?\/)?((?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail\/([^/]+)\/\d{4}\/\d{2}\/\d{2}\/\4_CloudTrail_\5_(\d{8}T\d{4}Z)_[A-Za-z0-9]+\.json\.gz)$/;

/** Parses a `/`-separated digest key or path; undefined when it is not a digest file name. */
export function parseDigestName(path: string): DigestName | undefined {
  const m = DIGEST_RE.exec(path);
  if (!m) return undefined;
  const [, head, tail, orgId, accountId, sourceRegion, trailName, homeRegion, stamp, backfill] = m;
  const time = parseKeyStamp(stamp!);
  if (time === undefined) return undefined;
  return {
    head: head ?? "",
    orgId,
    accountId: accountId!,
    sourceRegion: sourceRegion!,
    trailName: trailName!,
    homeRegion: homeRegion!,
    stamp: stamp!,
    time,
    backfill: backfill !== undefined,
    tail: tail!,
  };
}

/** Parses a `/`-separated CloudTrail log file key or path; undefined for anything else. */
export function parseLogName(path: string): LogName | undefined {
  const m = LOG_RE.exec(path);
  if (!m) return undefined;
  const [, head, tail, orgId, accountId, region, stamp] = m;
  const time = parseKeyStamp(stamp!);
  if (time === undefined) return undefined;
  return { head: head ?? "", orgId, accountId: accountId!, region: region!, time, tail: tail! };
}

/** The name the digest of the same chain ending at `time` would have (same head and kind). */
export function digestNameAt(like: DigestName, time: number): string {
  const stamp = formatKeyStamp(time);
  const day = `${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}`;
  const org = like.orgId ? `${like.orgId}/` : "";
  return (
    `${like.head}${org}${like.accountId}/CloudTrail-Digest/${like.sourceRegion}/${day}/` +
    `${like.accountId}_CloudTrail-Digest_${like.sourceRegion}_${like.trailName}_${like.homeRegion}_` +
    `${stamp}${like.backfill ? "_backfill" : ""}.json.gz`
  );
}

/** The file-name time of a digest key as the traversal needs it, or undefined for a malformed key. */
export function digestKeyTime(key: string): number | undefined {
  return parseDigestName(key)?.time;
}
