// ct's findings beyond the AWS CLI, as events: hourly digests missing between two that exist,
// links whose previousDigestHashValue or previousDigestSignature disagree with the previous
// digest, log files listed by no digest, and log files newer than the newest digest.
// Pure: the walk (chain.ts) decides when to ask and counts what comes back.
import type { DigestFile } from "../model/digest.js";
import { findLogFindings, type LogFindingsInput } from "./coverage.js";
import { digestNameAt, type DigestName } from "./digest-key.js";
import type { BrokenLinkEvent, FileRef, MissingDigestEvent, NewestDigestMissingEvent, UnlistedLogEvent } from "./events.js";
import type { KeySpace } from "./key-space.js";
import { formatDisplayDate, HOUR } from "./time.js";

/** A file reference for a key of the chain, with its local path when it maps into the tree. */
function refOf(space: KeySpace, key: string, path: string | null): FileRef {
  return { bucket: space.bucket ?? null, key, uri: space.uriOf(key, path), path };
}

/**
 * The hourly digests that should lie between a digest that failed (`newer`) and the next older one
 * the walk resumes at (the AWS CLI reports only the newer end of such a hole), newest first.
 */
export function missingBetween(
  space: KeySpace,
  chainId: string,
  newer: { key: string; time: number },
  older: DigestName,
  backfill: boolean,
): MissingDigestEvent[] {
  const count = Math.round((newer.time - older.time) / HOUR) - 1;
  const out: MissingDigestEvent[] = [];
  for (let i = count; i >= 1; i--) {
    const time = older.time + i * HOUR;
    const key = space.keyOf(digestNameAt({ ...older, head: "" }, time));
    out.push({
      type: "missing-digest",
      ...refOf(space, key, space.pathOf(key) ?? null),
      chainId,
      backfill,
      expectedEndTime: formatDisplayDate(time),
      newerKey: newer.key,
      olderKey: space.keyOf(older.tail),
    });
  }
  return out;
}

/** Checks the link a newer digest (`from`) holds to the digest just read (`previous`). */
export function brokenLinks(
  chainId: string,
  from: { digest: DigestFile; ref: FileRef },
  previous: FileRef,
  previousSha256: string,
  previousOwnSignature: string | undefined,
  backfill: boolean,
): BrokenLinkEvent[] {
  const out: BrokenLinkEvent[] = [];
  const base = { ...from.ref, type: "broken-link" as const, chainId, backfill, previous };
  const claimedHash = from.digest.previousDigestHashValue;
  if (claimedHash !== previousSha256) {
    out.push({ ...base, field: "previousDigestHashValue", expected: previousSha256, actual: String(claimedHash) });
  }
  // Only a signature saved with the previous digest can contradict the link; otherwise the link is its source.
  const claimedSignature = from.digest.previousDigestSignature;
  if (previousOwnSignature !== undefined && claimedSignature !== previousOwnSignature) {
    out.push({ ...base, field: "previousDigestSignature", expected: previousOwnSignature, actual: String(claimedSignature) });
  }
  return out;
}

/** Log files listed by no digest: inside the valid coverage, and after the newest digest. */
export function logFileFindings(
  space: KeySpace,
  chainId: string,
  input: LogFindingsInput,
  newest: DigestName | undefined,
): (UnlistedLogEvent | NewestDigestMissingEvent)[] {
  const result = findLogFindings(input);
  const out: (UnlistedLogEvent | NewestDigestMissingEvent)[] = result.unlisted.map((log) => ({
    type: "unlisted-log",
    ...refOf(space, space.keyOf(log.tail), space.localPath(log.tail)),
    chainId,
    deliveryTime: formatDisplayDate(log.time),
  }));
  const first = result.afterNewest[0];
  const last = result.afterNewest[result.afterNewest.length - 1];
  if (first && last && newest && input.newestEnd !== undefined) {
    // Named after the digest that would come next, an hour after the newest one present.
    const key = space.keyOf(digestNameAt({ ...newest, head: "" }, newest.time + HOUR));
    out.push({
      type: "newest-digest-missing",
      ...refOf(space, key, space.pathOf(key) ?? null),
      chainId,
      after: formatDisplayDate(input.newestEnd),
      logFiles: result.afterNewest.length,
      firstLogTime: formatDisplayDate(first.time),
      lastLogTime: formatDisplayDate(last.time),
      logKeys: result.afterNewest.map((l) => space.keyOf(l.tail)),
    });
  }
  return out;
}
