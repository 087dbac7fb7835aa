// Validates one digest chain offline: the AWS CLI's traversal (newest → oldest, links followed,
// "next older listed key" on failure, gap notices, a second pass over backfill digests; §3.3) and
// its per-file messages, plus ct's findings: holes in the hourly chain, broken hash/signature links,
// log files listed by no digest, and a missing newest digest. Yields events in output order.
// It reads nothing itself (TreeAccess does) and prints nothing (report.ts does).
import type { DigestFile } from "../model/digest.js";
import { checkDigest, inflateOptions, MSG_NOT_FOUND, type DigestCheck } from "./digest-check.js";
import { decodeDigestFile } from "./digest-file.js";
import { digestKeyTime, parseLogName, type DigestName } from "./digest-key.js";
import { chainInfo } from "./chain-info.js";
import { ChainTally } from "./chain-tally.js";
import { brokenLinks, logFileFindings, missingBetween } from "./chain-findings.js";
import type { ChainEvent, ChainInfo, DigestEvent, FileRef, LogEvent } from "./events.js";
import { passKeys } from "./key-lookup.js";
import { KeySpace } from "./key-space.js";
import type { PublicKeyRing } from "./public-keys.js";
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
  /** --max-inflate: no digest is inflated beyond it. */
  maxInflatedBytes?: number | undefined;
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
  private readonly tally: ChainTally;
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
    // Lists are ascending, so the newest of each is its last entry.
    const newestKey = Math.max(ctx.plan.digests.at(-1)?.name.time ?? -Infinity, ctx.plan.backfills.at(-1)?.name.time ?? -Infinity);
    const newestLog = ctx.folderLogs.length > 0 ? (ctx.folderLogs[ctx.folderLogs.length - 1] as ListedLog).time : -Infinity;
    // "Everything present" ends with the newest file of the chain, digest or log file.
    this.end = o.end ?? Math.max(newestKey, newestLog);
    this.start = o.start ?? Number.NaN;
    this.info = chainInfo(ctx.plan, o.trailArn);
    this.tally = new ChainTally(ctx.plan.id, () => this.start, this.end);
  }

  async *run(): AsyncGenerator<ChainEvent> {
    if (Number.isNaN(this.start)) this.start = await this.startOfOldest();
    yield { type: "chain", chain: this.info, start: formatDisplayDate(this.start), end: formatDisplayDate(this.end) };
    await this.learnLocation();
    yield* this.pass(this.plan.digests, false);
    yield* this.pass(this.plan.backfills, true);
    yield* this.logFindings();
    yield this.tally.summary();
  }

  /**
   * "Everything present" starts with the oldest digest: its digestStartTime, or an hour before
   * its file-name time (its usual start) when it cannot be read.
   */
  private async startOfOldest(): Promise<number> {
    const firsts = [this.plan.digests[0], this.plan.backfills[0]].filter((d): d is ListedDigest => d !== undefined);
    const oldest = firsts.reduce((a, b) => (b.name.time < a.name.time ? b : a));
    const fallback = oldest.name.time - HOUR;
    const read = await this.read(this.space.localPath(oldest.name.tail), true);
    if (read.kind !== "found") return fallback;
    const decoded = decodeDigestFile(read.bytes, inflateOptions(this.ctx.options.maxInflatedBytes));
    const startText = decoded.kind === "ok" ? decoded.digest.json["digestStartTime"] : undefined;
    const start = typeof startText === "string" ? parseDateValue(startText) : undefined;
    return start === undefined ? fallback : Math.min(start, fallback);
  }

  /** Reads the newest digests until one names a bucket and key that agree with where it lies. */
  private async learnLocation(): Promise<void> {
    if (this.space.bucket !== undefined && this.space.keyHead !== undefined) return;
    const candidates = [...this.plan.digests.slice(-LEARN_ATTEMPTS), ...this.plan.backfills.slice(-LEARN_ATTEMPTS)].sort(
      (a, b) => b.name.time - a.name.time,
    );
    // A few tries suffice: when the newest digests all claim other places, the walk reports them.
    for (const listed of candidates.slice(0, LEARN_ATTEMPTS)) {
      const path = this.space.localPath(listed.name.tail);
      const read = await this.read(path, true);
      if (read.kind !== "found") continue;
      const decoded = decodeDigestFile(read.bytes, inflateOptions(this.ctx.options.maxInflatedBytes));
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
    const ring = this.ctx.options.keys;
    const lookup = ring ? passKeys(ring, this.start, this.end, backfill) : undefined;
    let cursor: Cursor | undefined = this.cursorOf(newest);
    let lastStart = newest.name.time;
    // Events wait in a queue so the walk can run ahead of the log hashes it started: hashing of
    // the next digests' logs overlaps with this one's on the worker pool, and output order is kept.
    const queue: Queued[] = [];

    while (cursor && this.start <= lastStart) {
      yield* drain(queue, LOOKAHEAD);
      const ref: FileRef = { bucket: this.space.bucket ?? null, key: cursor.key, uri: this.space.uriOf(cursor.key, cursor.path), path: cursor.path };
      const read = cursor.path === null ? ({ kind: "missing" } as const) : await this.read(cursor.path);
      if (read.kind !== "found") {
        this.tally.invalidDigest(backfill);
        queue.push(this.digestEvent(ref, backfill, { kind: "invalid", message: read.kind === "missing" ? MSG_NOT_FOUND : read.message }));
        const next = this.nextOlder(list, cursor.time);
        queue.push(...this.holes(cursor, next, backfill, undefined));
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
        maxInflatedBytes: this.ctx.options.maxInflatedBytes,
      });
      const json = check.decoded?.json;
      if (json) this.remember(json);
      if (cursor.linkedFrom && check.decoded) {
        const links = brokenLinks(this.plan.id, cursor.linkedFrom, ref, check.decoded.sha256, read.metadata?.values["signature"], backfill);
        for (const e of links) {
          this.tally.finding("brokenLinks");
          queue.push(e);
        }
      }
      if (check.kind === "invalid") {
        this.tally.invalidDigest(backfill);
        queue.push(this.digestEvent(ref, backfill, check));
        const next = this.nextOlder(list, cursor.time);
        const chainStart = json !== undefined && (json["previousDigestS3Bucket"] === null || json["previousDigestS3Object"] === null);
        queue.push(...this.holes(cursor, next, backfill, chainStart));
        cursor = next ? this.cursorOf(next) : undefined;
        continue;
      }

      const digest = check.digest;
      lastStart = check.startTime;
      this.tally.validDigest(
        backfill,
        check.startTime,
        check.endTime,
        check.signature.status === "verified" ? undefined : check.signature.reason,
      );
      if (!backfill && this.newestEnd !== undefined && cursor.time === this.newestName?.time) {
        this.newestEnd = Math.max(this.newestEnd, check.endTime);
      }
      queue.push(this.digestEvent(ref, backfill, check));
      queue.push(this.logs(digest, cursor.key));

      if (digest.previousDigestS3Bucket == null || digest.previousDigestS3Object == null) {
        const next = this.nextOlder(list, cursor.time);
        if (next) {
          this.tally.gap();
          queue.push({
            type: "gap",
            chainId: this.plan.id,
            backfill,
            from: formatDisplayDate(next.name.time),
            to: formatDisplayDate(check.startTime),
          });
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
    yield* drain(queue, 0);
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
  private logs(digest: DigestFile, digestKey: string): AsyncGenerator<LogEvent> {
    // Hashing starts now; the events come out when the queue reaches them.
    const pending = new Map<string, ReturnType<TreeAccess["hashLog"]>>();
    const jobs = digest.logFiles.map((entry) => {
      const path = this.space.pathOf(entry.s3Object) ?? null;
      if (path !== null && !pending.has(path)) {
        const p = this.ctx.tree.hashLog(path);
        p.catch(() => undefined); // awaited in order below; this only stops an early rejection being reported as unhandled
        pending.set(path, p);
      }
      return { entry, path, result: path === null ? undefined : pending.get(path) };
    });
    return this.logEvents(jobs, digestKey);
  }

  private async *logEvents(
    jobs: { entry: DigestFile["logFiles"][number]; path: string | null; result: ReturnType<TreeAccess["hashLog"]> | undefined }[],
    digestKey: string,
  ): AsyncGenerator<LogEvent> {
    for (const { entry, path, result } of jobs) {
      const outcome = result === undefined ? ({ kind: "missing" } as const) : await result;
      let message: string | null = null;
      let detail: string | null = null;
      if (outcome.kind === "missing") message = MSG_NOT_FOUND;
      else if (outcome.kind === "invalid") {
        message = outcome.message;
        detail = outcome.detail ?? null;
      } else if (outcome.sha256 !== entry.hashValue) message = MSG_HASH_MISMATCH;
      this.tally.log(message === null);
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

  /** ct: hourly digests missing between a failed digest and the next older one (none after a chain start). */
  private *holes(failed: Cursor, next: ListedDigest | undefined, backfill: boolean, chainStart: boolean | undefined): Generator<ChainEvent> {
    if (!next || chainStart) return;
    for (const e of missingBetween(this.space, this.plan.id, failed, next.name, backfill)) {
      this.tally.finding("missingDigests");
      yield e;
    }
  }

  private *logFindings(): Generator<ChainEvent> {
    const input = {
      logs: this.ctx.folderLogs,
      isListed: (tail: string) => this.listedTails.has(tail) || this.ctx.listedElsewhere.has(tail),
      validWindows: this.tally.validWindows,
      newestEnd: this.newestEnd,
      start: this.start,
      end: this.end,
    };
    for (const e of logFileFindings(this.space, this.plan.id, input, this.newestName)) {
      this.tally.finding(e.type === "unlisted-log" ? "unlistedLogs" : "newestDigestMissing");
      yield e;
    }
  }
}

type Queued = ChainEvent | AsyncIterable<ChainEvent>;

/** Events (or log generators) the walk may hold before it waits for the oldest to be emitted. */
const LOOKAHEAD = 64;

/** Emits queued items, oldest first, until at most `keep` remain. */
async function* drain(queue: Queued[], keep: number): AsyncGenerator<ChainEvent> {
  while (queue.length > keep) {
    const item = queue.shift()!;
    if (typeof (item as AsyncIterable<ChainEvent>)[Symbol.asyncIterator] === "function") yield* item as AsyncIterable<ChainEvent>;
    else yield item as ChainEvent;
  }
}
