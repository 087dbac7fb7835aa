// Validates one digest chain offline: the AWS CLI's traversal (newest → oldest, links followed,
// "next older listed key" on failure, gap notices, a second pass over backfill digests; §3.3) and
// its per-file messages, plus ct's findings: holes in the hourly chain, broken hash/signature links,
// log files listed by no digest, and a missing newest digest. Yields events in output order.
// It reads nothing itself (TreeAccess does) and prints nothing (report.ts does).
import type { DigestFile } from "../model/digest.js";
import { checkDigest, MSG_NOT_FOUND, type DigestCheck, type KeyLookup } from "./digest-check.js";
import { decodeDigestFile } from "./digest-file.js";
import { digestKeyTime, digestNameAt, parseLogName, type DigestName } from "./digest-key.js";
import type {
  ChainEvent,
  ChainInfo,
  ChainSummary,
  DigestEvent,
  FileRef,
  LogEvent,
  UnverifiedReason,
} from "./events.js";
import { KeySpace } from "./key-space.js";
import { findLogFindings, mergeWindows, type Window } from "./coverage.js";
import type { PublicKeyRecord, PublicKeyRing } from "./public-keys.js";
import { formatDisplayDate, formatKeyStamp, HOUR, parseDateValue } from "./time.js";
import type { ChainPlan, ListedDigest, ListedLog } from "./tree-plan.js";
import type { TreeAccess } from "./tree-access.js";

export const MSG_HASH_MISMATCH = "hash value doesn't match";
/** Digests read, newest first, to learn the chain's bucket and key prefix before the walk. */
const LEARN_ATTEMPTS = 8;

export interface ChainOptions {
  /** Window start/end in epoch ms; undefined = everything present in the tree. */
  start: number | undefined;
  end: number | undefined;
  /** Undefined when no --public-keys were given. */
  keys: PublicKeyRing | undefined;
  requireSignatures: boolean;
  /** --s3-bucket: the bucket the digests must name (default: learned from the newest digest). */
  bucket?: string | undefined;
  /** --s3-prefix: the trail's S3KeyPrefix (default: learned from the newest digest). */
  keyPrefix?: string | undefined;
  /** --trail-arn, printed in the header when it names this chain's trail. */
  trailArn?: string | undefined;
}

export interface ChainContext {
  plan: ChainPlan;
  tree: TreeAccess;
  /** The log files of the folder this chain digests. */
  folderLogs: readonly ListedLog[];
  /** Log tails listed by other chains of the same log folder (two trails writing to one prefix). */
  listedElsewhere: ReadonlySet<string>;
  options: ChainOptions;
}

interface Cursor {
  key: string;
  path: string | null;
  time: number;
  /** The valid digest whose link led here, for ct's link checks. */
  linkedFrom?: { digest: DigestFile; ref: FileRef };
}

interface Tally {
  valid: number;
  invalid: number;
}

/** Validates one chain and yields its events, ending with its summary. */
export async function* validateChain(ctx: ChainContext): AsyncGenerator<ChainEvent> {
  yield* new ChainWalk(ctx).run();
}

class ChainWalk {
  private readonly plan: ChainPlan;
  private readonly space: KeySpace;
  private readonly info: ChainInfo;
  private start: number;
  private readonly end: number;
  private readonly digestTally: Tally = { valid: 0, invalid: 0 };
  private readonly backfillTally: Tally = { valid: 0, invalid: 0 };
  private readonly logTally: Tally = { valid: 0, invalid: 0 };
  private readonly findings = { missingDigests: 0, newestDigestMissing: 0, brokenLinks: 0, unlistedLogs: 0 };
  private readonly signatures = { verified: 0, notVerified: 0, reasons: new Set<UnverifiedReason>() };
  private gaps = 0;
  private foundStart: number | undefined;
  private foundEnd: number | undefined;
  private readonly validWindows: Window[] = [];
  private readonly listedTails = new Set<string>();
  /** previousDigestSignature recorded by any digest read, by the key it links to. */
  private readonly signatureOfKey = new Map<string, string>();
  /** The newest standard digest's end time seen (digestEndTime if read, else its file-name time). */
  private newestEnd: number | undefined;
  private newestName: DigestName | undefined;
  private readonly prefetched = new Map<string, Awaited<ReturnType<TreeAccess["readDigest"]>>>();

  constructor(private readonly ctx: ChainContext) {
    this.plan = ctx.plan;
    const o = ctx.options;
    this.space = new KeySpace(ctx.plan.root, ctx.plan.localHead, {
      bucket: o.bucket,
      keyHead: o.keyPrefix === undefined ? undefined : `${o.keyPrefix.replace(/\/+$/, "")}${o.keyPrefix ? "/" : ""}AWSLogs/`,
    });
    const all = [...ctx.plan.digests, ...ctx.plan.backfills];
    const newestKey = Math.max(...all.map((d) => d.name.time));
    const newestLog = ctx.folderLogs.length > 0 ? (ctx.folderLogs[ctx.folderLogs.length - 1] as ListedLog).time : -Infinity;
    // "Everything present" ends with the newest file of the chain, digest or log file.
    this.end = o.end ?? Math.max(newestKey, newestLog);
    this.start = o.start ?? Number.NaN;
    this.info = chainInfo(ctx.plan, o.trailArn);
  }

  async *run(): AsyncGenerator<ChainEvent> {
    if (Number.isNaN(this.start)) this.start = await this.startOfOldest();
    yield { type: "chain", chain: this.info, start: formatDisplayDate(this.start), end: formatDisplayDate(this.end) };
    await this.learnLocation();
    yield* this.pass(this.plan.digests, false);
    yield* this.pass(this.plan.backfills, true);
    yield* this.logFindings();
    yield this.summary();
  }

  /**
   * "Everything present" starts with the oldest digest: its digestStartTime, or an hour before
   * its file-name time (its usual start) when it cannot be read.
   */
  private async startOfOldest(): Promise<number> {
    const oldest = [...this.plan.digests, ...this.plan.backfills].reduce((a, b) => (b.name.time < a.name.time ? b : a));
    const fallback = oldest.name.time - HOUR;
    const read = await this.read(this.space.localPath(oldest.name.tail), true);
    if (read.kind !== "found") return fallback;
    const decoded = decodeDigestFile(read.bytes);
    const startText = decoded.kind === "ok" ? decoded.digest.json["digestStartTime"] : undefined;
    const start = typeof startText === "string" ? parseDateValue(startText) : undefined;
    return start === undefined ? fallback : Math.min(start, fallback);
  }

  /** Reads the newest digests until one names a bucket and key that agree with where it lies. */
  private async learnLocation(): Promise<void> {
    if (this.space.bucket !== undefined && this.space.keyHead !== undefined) return;
    const candidates = [...this.plan.digests, ...this.plan.backfills].sort((a, b) => b.name.time - a.name.time);
    // A few tries suffice: when the newest digests all claim other places, the walk reports them.
    for (const listed of candidates.slice(0, LEARN_ATTEMPTS)) {
      const path = this.space.localPath(listed.name.tail);
      const read = await this.read(path, true);
      if (read.kind !== "found") continue;
      const decoded = decodeDigestFile(read.bytes);
      if (decoded.kind !== "ok") continue;
      const json = decoded.digest.json;
      const bucket = json["digestS3Bucket"];
      const key = json["digestS3Object"];
      if (typeof bucket === "string" && typeof key === "string" && this.space.learnFrom(bucket, key, listed.name.tail)) return;
    }
  }

  /**
   * Reads a digest once: a read made before the walk (the oldest digest for the window, the newest
   * for the location) is kept until the walk reaches that digest, so no file is read twice.
   */
  private async read(path: string, keep = false) {
    const hit = this.prefetched.get(path);
    if (hit) {
      if (!keep) this.prefetched.delete(path);
      return hit;
    }
    const read = await this.ctx.tree.readDigest(path);
    if (keep) this.prefetched.set(path, read);
    return read;
  }

  private listWindow(listed: readonly ListedDigest[], endMs: number): ListedDigest[] {
    const from = formatKeyStamp(this.start);
    const to = formatKeyStamp(endMs + HOUR);
    return listed.filter((d) => d.name.stamp >= from && d.name.stamp <= to);
  }

  private cursorOf(d: ListedDigest): Cursor {
    return { key: this.space.keyOf(d.name.tail), path: this.space.localPath(d.name.tail), time: d.name.time };
  }

  /** The AWS CLI's "next older listed key": pops keys until one is strictly older than `time`. */
  private nextOlder(list: ListedDigest[], time: number): ListedDigest | undefined {
    while (list.length > 0) {
      const d = list.pop() as ListedDigest;
      if (d.name.time < time) return d;
    }
    return undefined;
  }

  private async *pass(listed: readonly ListedDigest[], backfill: boolean): AsyncGenerator<ChainEvent> {
    let list = this.listWindow(listed, this.end);
    const newest = list.pop();
    if (!newest) return;
    if (!backfill) {
      this.newestName = newest.name;
      this.newestEnd = newest.name.time;
    }
    const lookup = this.keyLookup(backfill);
    let cursor: Cursor | undefined = this.cursorOf(newest);
    let lastStart = newest.name.time;
    const tally = backfill ? this.backfillTally : this.digestTally;

    while (cursor && this.start <= lastStart) {
      const ref: FileRef = { bucket: this.space.bucket ?? null, key: cursor.key, uri: this.space.uriOf(cursor.key, cursor.path), path: cursor.path };
      const read = cursor.path === null ? ({ kind: "missing" } as const) : await this.read(cursor.path);
      if (read.kind === "missing") {
        tally.invalid++;
        yield this.digestEvent(ref, backfill, { kind: "invalid", message: MSG_NOT_FOUND });
        const next = this.nextOlder(list, cursor.time);
        yield* this.holes(cursor, next, backfill, undefined);
        cursor = next ? this.cursorOf(next) : undefined;
        continue;
      }
      const check = checkDigest({
        bytes: read.bytes,
        metadata: read.metadata,
        bucket: this.space.bucket,
        key: cursor.key,
        backfill,
        homeRegion: this.plan.homeRegion,
        signatureFromNextDigest: this.signatureOfKey.get(cursor.key),
        keys: lookup,
        requireSignatures: this.ctx.options.requireSignatures,
      });
      const json = check.decoded?.json;
      if (json) this.remember(json);
      if (cursor.linkedFrom && check.decoded) {
        yield* this.linkFindings(cursor.linkedFrom, ref, check, read.metadata?.values["signature"], backfill);
      }
      if (check.kind === "invalid") {
        tally.invalid++;
        yield this.digestEvent(ref, backfill, check);
        const next = this.nextOlder(list, cursor.time);
        const chainStart = json !== undefined && (json["previousDigestS3Bucket"] === null || json["previousDigestS3Object"] === null);
        yield* this.holes(cursor, next, backfill, chainStart);
        cursor = next ? this.cursorOf(next) : undefined;
        continue;
      }

      const digest = check.digest;
      lastStart = check.startTime;
      tally.valid++;
      this.validWindows.push({ start: check.startTime, end: check.endTime });
      this.foundStart = Math.min(this.foundStart ?? Infinity, Math.max(check.startTime, this.start));
      this.foundEnd = Math.max(this.foundEnd ?? -Infinity, Math.min(check.endTime, this.end));
      if (check.signature.status === "verified") this.signatures.verified++;
      else {
        this.signatures.notVerified++;
        this.signatures.reasons.add(check.signature.reason);
      }
      if (!backfill && this.newestEnd !== undefined && cursor.time === this.newestName?.time) {
        this.newestEnd = Math.max(this.newestEnd, check.endTime);
      }
      yield this.digestEvent(ref, backfill, check);
      yield* this.logs(digest, cursor.key);

      if (digest.previousDigestS3Bucket == null || digest.previousDigestS3Object == null) {
        const next = this.nextOlder(list, cursor.time);
        if (next) {
          this.gaps++;
          yield {
            type: "gap",
            chainId: this.plan.id,
            backfill,
            from: formatDisplayDate(next.name.time),
            to: formatDisplayDate(check.startTime),
          };
        }
        cursor = next ? this.cursorOf(next) : undefined;
        continue;
      }
      const previousKey = digest.previousDigestS3Object;
      if (digest.previousDigestS3Bucket !== this.space.bucket) {
        // The AWS CLI re-lists the new bucket up to an hour after this digest's end.
        this.space.bucket = digest.previousDigestS3Bucket;
        list = this.listWindow(listed, check.endTime);
      }
      const path = this.space.pathOf(previousKey) ?? null;
      cursor = {
        key: previousKey,
        path,
        time: digestKeyTime(previousKey) ?? check.startTime,
        linkedFrom: { digest, ref: { ...ref } },
      };
    }
  }

  /** Records what a digest says about its predecessor and which log files it lists. */
  private remember(json: Record<string, unknown>): void {
    const previousKey = json["previousDigestS3Object"];
    const previousSignature = json["previousDigestSignature"];
    if (typeof previousKey === "string" && typeof previousSignature === "string" && !this.signatureOfKey.has(previousKey)) {
      this.signatureOfKey.set(previousKey, previousSignature);
    }
    const logFiles = json["logFiles"];
    if (!Array.isArray(logFiles)) return;
    for (const entry of logFiles as unknown[]) {
      const key = (entry as { s3Object?: unknown } | null)?.s3Object;
      const tail = typeof key === "string" ? parseLogName(key)?.tail : undefined;
      if (tail !== undefined) this.listedTails.add(tail);
    }
  }

  /** One ListPublicKeys window per pass: [start, end + 2h] for standard digests (§2.6). */
  private keyLookup(backfill: boolean) {
    const ring = this.ctx.options.keys;
    if (!ring) return undefined;
    const standard = ring.inWindow(this.start, this.end + 2 * HOUR);
    if (!backfill) {
      return { ring, lookup: (fp: string): KeyLookup => found(standard.get(fp)) };
    }
    // Backfill digests fetch keys lazily around their generation time, caching what they get.
    const cache = new Map<string, PublicKeyRecord>();
    return {
      ring,
      lookup: (fp: string, generatedAt: number | undefined): KeyLookup => {
        const hit = cache.get(fp);
        if (hit) return found(hit);
        if (generatedAt === undefined) return found(standard.get(fp));
        const from = generatedAt - HOUR;
        const to = generatedAt + HOUR;
        const window = ring.inWindow(from, to);
        if (window.size === 0) {
          return {
            kind: "none-in-window",
            message: `No public keys found between ${formatDisplayDate(from)} and ${formatDisplayDate(to)}`,
          };
        }
        for (const [k, v] of window) cache.set(k, v);
        return found(cache.get(fp));
      },
    };
  }

  private digestEvent(ref: FileRef, backfill: boolean, check: DigestCheck | { kind: "invalid"; message: string }): DigestEvent {
    const valid = check.kind === "valid";
    return {
      type: "digest",
      ...ref,
      chainId: this.plan.id,
      backfill,
      status: valid ? "valid" : "invalid",
      message: valid ? null : check.message,
      detail: !valid && "detail" in check && check.detail !== undefined ? check.detail : null,
      signature: valid ? check.signature : null,
      digestStartTime: valid ? check.digest.digestStartTime : null,
      digestEndTime: valid ? check.digest.digestEndTime : null,
      logFiles: valid ? check.digest.logFiles.length : null,
    };
  }

  /** Validates the log files a valid digest lists, hashing them concurrently, reporting in order. */
  private async *logs(digest: DigestFile, digestKey: string): AsyncGenerator<LogEvent> {
    const pending = new Map<string, ReturnType<TreeAccess["hashLog"]>>();
    const jobs = digest.logFiles.map((entry) => {
      const path = this.space.pathOf(entry.s3Object) ?? null;
      if (path !== null && !pending.has(path)) pending.set(path, this.ctx.tree.hashLog(path));
      return { entry, path, result: path === null ? undefined : pending.get(path) };
    });
    for (const { entry, path, result } of jobs) {
      const outcome = result === undefined ? ({ kind: "missing" } as const) : await result;
      let message: string | null = null;
      let detail: string | null = null;
      if (outcome.kind === "missing") message = MSG_NOT_FOUND;
      else if (outcome.kind === "invalid") {
        message = outcome.message;
        detail = outcome.detail ?? null;
      } else if (outcome.sha256 !== entry.hashValue) message = MSG_HASH_MISMATCH;
      if (message === null) this.logTally.valid++;
      else this.logTally.invalid++;
      yield {
        type: "log",
        bucket: entry.s3Bucket,
        key: entry.s3Object,
        uri: `s3://${entry.s3Bucket}/${entry.s3Object}`,
        path,
        chainId: this.plan.id,
        status: message === null ? "valid" : "invalid",
        message,
        detail,
        digestKey,
      };
    }
  }

  /**
   * ct: the hourly digests that should lie between a digest that failed and the next older one the
   * walk resumes at (the AWS CLI reports only the newer end of such a hole). No hole is inferred
   * when the failed digest is a chain start: logging was off before it.
   */
  private *holes(failed: Cursor, next: ListedDigest | undefined, backfill: boolean, chainStart: boolean | undefined): Generator<ChainEvent> {
    if (!next || chainStart) return;
    const count = Math.round((failed.time - next.name.time) / HOUR) - 1;
    for (let i = count; i >= 1; i--) {
      const time = next.name.time + i * HOUR;
      const key = this.space.keyOf(digestNameAt({ ...next.name, head: "" }, time));
      const path = this.space.pathOf(key) ?? null;
      this.findings.missingDigests++;
      yield {
        type: "missing-digest",
        bucket: this.space.bucket ?? null,
        key,
        uri: this.space.uriOf(key, path),
        path,
        chainId: this.plan.id,
        backfill,
        expectedEndTime: formatDisplayDate(time),
        newerKey: failed.key,
        olderKey: this.space.keyOf(next.name.tail),
      };
    }
  }

  /** ct: the link from a newer digest must carry this digest's hash and (if saved) signature. */
  private *linkFindings(
    from: { digest: DigestFile; ref: FileRef },
    previous: FileRef,
    check: DigestCheck,
    ownSignature: string | undefined,
    backfill: boolean,
  ): Generator<ChainEvent> {
    const sha256 = check.decoded?.sha256;
    const claimedHash = from.digest.previousDigestHashValue;
    const base = { ...from.ref, type: "broken-link" as const, chainId: this.plan.id, backfill, previous };
    if (sha256 !== undefined && claimedHash !== sha256) {
      this.findings.brokenLinks++;
      yield { ...base, field: "previousDigestHashValue", expected: sha256, actual: String(claimedHash) };
    }
    const claimedSignature = from.digest.previousDigestSignature;
    if (ownSignature !== undefined && claimedSignature !== ownSignature) {
      this.findings.brokenLinks++;
      yield { ...base, field: "previousDigestSignature", expected: ownSignature, actual: String(claimedSignature) };
    }
  }

  private *logFindings(): Generator<ChainEvent> {
    const result = findLogFindings({
      logs: this.ctx.folderLogs,
      isListed: (tail) => this.listedTails.has(tail) || this.ctx.listedElsewhere.has(tail),
      validWindows: this.validWindows,
      newestEnd: this.newestEnd,
      start: this.start,
      end: this.end,
    });
    for (const log of result.unlisted) {
      const key = this.space.keyOf(log.tail);
      const path = this.space.localPath(log.tail);
      this.findings.unlistedLogs++;
      yield {
        type: "unlisted-log",
        bucket: this.space.bucket ?? null,
        key,
        uri: this.space.uriOf(key, path),
        path,
        chainId: this.plan.id,
        deliveryTime: formatDisplayDate(log.time),
      };
    }
    if (result.afterNewest.length > 0 && this.newestEnd !== undefined && this.newestName) {
      const first = result.afterNewest[0] as ListedLog;
      const last = result.afterNewest[result.afterNewest.length - 1] as ListedLog;
      const key = this.space.keyOf(digestNameAt({ ...this.newestName, head: "" }, this.newestName.time + HOUR));
      const path = this.space.pathOf(key) ?? null;
      this.findings.newestDigestMissing++;
      yield {
        type: "newest-digest-missing",
        bucket: this.space.bucket ?? null,
        key,
        uri: this.space.uriOf(key, path),
        path,
        chainId: this.plan.id,
        after: formatDisplayDate(this.newestEnd),
        logFiles: result.afterNewest.length,
        firstLogTime: formatDisplayDate(first.time),
        lastLogTime: formatDisplayDate(last.time),
        logKeys: result.afterNewest.map((l) => this.space.keyOf(l.tail)),
      };
    }
  }

  private summary(): ChainSummary {
    const merged = mergeWindows(this.validWindows);
    const invalid = this.digestTally.invalid + this.backfillTally.invalid + this.logTally.invalid;
    const extra = this.findings.missingDigests + this.findings.newestDigestMissing + this.findings.brokenLinks + this.findings.unlistedLogs;
    const first = merged[0];
    const last = merged[merged.length - 1];
    return {
      type: "chain-summary",
      chainId: this.plan.id,
      start: formatDisplayDate(this.start),
      end: formatDisplayDate(this.end),
      digests: { ...this.digestTally },
      backfillDigests: { ...this.backfillTally },
      logs: { ...this.logTally },
      resultsFound:
        this.foundStart === undefined || this.foundEnd === undefined
          ? null
          : { start: formatDisplayDate(this.foundStart), end: formatDisplayDate(this.foundEnd) },
      signatures: {
        verified: this.signatures.verified,
        notVerified: this.signatures.notVerified,
        reasons: [...this.signatures.reasons].sort(),
      },
      findings: { ...this.findings },
      gaps: this.gaps,
      coverage:
        first && last
          ? {
              first: formatDisplayDate(first.start),
              last: formatDisplayDate(last.end),
              holes: merged.slice(1).map((w, i) => ({
                from: formatDisplayDate((merged[i] as Window).end),
                to: formatDisplayDate(w.start),
              })),
            }
          : null,
      failed: invalid > 0 || extra > 0,
    };
  }
}

function found(record: PublicKeyRecord | undefined): KeyLookup {
  return record ? { kind: "found", record } : { kind: "not-found" };
}

/** Identity of a chain for headers and JSON; the ARN only where it can be known. */
export function chainInfo(plan: ChainPlan, givenArn: string | undefined): ChainInfo {
  const org = plan.orgId ? `${plan.orgId}/` : "";
  let trailArn: string | null = null;
  const arn = givenArn === undefined ? undefined : /^arn:([^:]+):cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/.exec(givenArn);
  if (arn && arn[2] === plan.homeRegion && arn[4] === plan.trailName) trailArn = givenArn ?? null;
  else if (!plan.orgId) {
    // An organization trail belongs to the management account, which the tree does not name.
    trailArn = `arn:${partitionOf(plan.homeRegion)}:cloudtrail:${plan.homeRegion}:${plan.accountId}:trail/${plan.trailName}`;
  }
  return {
    id: plan.id,
    root: plan.root,
    trailName: plan.trailName,
    homeRegion: plan.homeRegion,
    sourceRegion: plan.sourceRegion,
    accountId: plan.accountId,
    orgId: plan.orgId ?? null,
    trailArn,
    digestFolder: `${plan.localHead}${org}${plan.accountId}/CloudTrail-Digest/${plan.sourceRegion}`,
  };
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
