// `ct validate-logs`: the AWS CLI's `aws cloudtrail validate-logs`, offline, over a copied bucket.
// Declares the flags (ct's and the AWS CLI's spellings), lists the trees, gives the digest layer
// file access (digests with their saved S3 metadata, log files hashed with bounded concurrency)
// and writes the AWS-CLI-style text, json or ndjson. The validation itself is in src/digest.
import { existsSync, promises as fsp, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type Command, Option } from "commander";
import { z } from "zod";
import { type ChainOptions } from "../../digest/chain.js";
import { parseDigestName } from "../../digest/digest-key.js";
import type { ChainEvent, ChainSummary } from "../../digest/events.js";
import { headsAgree } from "../../digest/key-space.js";
import type { LogHash } from "../../digest/log-hash.js";
import { parsePublicKeys, PublicKeyRing } from "../../digest/public-keys.js";
import { JsonReportBuilder } from "../../digest/report-json.js";
import { TextReport, type TextChunk } from "../../digest/report.js";
import { summarizeRun } from "../../digest/summary.js";
import { parseHeadObject, sidecarPathOf, type DigestRead, type LogCheck, type TreeAccess } from "../../digest/tree-access.js";
import { planTree, type ChainSelector, type TreeListing } from "../../digest/tree-plan.js";
import { validateTree } from "../../digest/validate-tree.js";
import { AbortedError, InputError, UsageError } from "../../errors.js";
import type { Io } from "../../io.js";
import { sanitizeTerminal } from "../../output/sanitize.js";
import { Sink } from "../../output/sink.js";
import { fileSizeProblem } from "../../read/decode.js";
import { createFilePool, type FilePool } from "../../read/pool.js";
import { Reporter } from "../../report.js";
import { discoverFiles } from "../../source/discover.js";
import type { CommandContext } from "../context.js";
import {
  EXIT_CODES_HELP,
  type RawRun,
  type RawWindow,
  addRunOptions,
  addWindowOptions,
  collect,
  collectList,
  resolveRun,
  resolveWindow,
} from "../options.js";

const OUTPUTS = ["text", "json", "ndjson"] as const;
type ValidateFormat = (typeof OUTPUTS)[number];
/**
 * Log files submitted at once per thread: more than a worker holds (pool.ts), so that a worker
 * never waits for the chain walk between files. A submission is a path and its answer a hash.
 */
const READS_PER_THREAD = 16;

interface RawValidate extends RawWindow, RawRun {
  accountId?: string[];
  trail?: string[];
  trailArn?: string;
  s3Bucket?: string;
  s3Prefix?: string;
  publicKeys?: string[];
  signatures?: string[];
  requireSignatures?: boolean;
  verbose?: boolean;
  output: string;
}

export interface ValidateLogsOptions {
  inputs: string[];
  start: number | undefined;
  end: number | undefined;
  accounts: string[] | undefined;
  regions: string[] | undefined;
  trails: string[] | undefined;
  trailArn: { arn: string; homeRegion: string; accountId: string; name: string } | undefined;
  bucket: string | undefined;
  prefix: string | undefined;
  publicKeys: string[];
  signatures: string[];
  requireSignatures: boolean;
  verbose: boolean;
  format: ValidateFormat;
  run: ReturnType<typeof resolveRun>;
}

/** Turns raw flags into typed options; every problem is a UsageError naming its flag. */
export function resolveValidateLogs(inputs: string[], raw: RawValidate, io: Io): ValidateLogsOptions {
  const accountFlags = [...(raw.account ?? []), ...(raw.accountId ?? [])];
  const window = resolveWindow({ ...raw, ...(accountFlags.length > 0 ? { account: accountFlags } : {}) }, io.now());
  const run = resolveRun(raw, io);
  let trailArn: ValidateLogsOptions["trailArn"];
  if (raw.trailArn !== undefined) {
    // The AWS CLI's own check, and its message.
    const m = /^arn:[^:]+:cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/.exec(raw.trailArn);
    if (!/^arn:.+:cloudtrail:.+:\d{12}:trail\/.+/.test(raw.trailArn) || !m) {
      throw new UsageError(`Invalid trail ARN provided: ${raw.trailArn}`, "--trail-arn");
    }
    trailArn = { arn: raw.trailArn, homeRegion: m[1]!, accountId: m[2]!, name: m[3]! };
  }
  if (!(OUTPUTS as readonly string[]).includes(raw.output)) {
    throw new UsageError(`"${raw.output}" is not one of ${OUTPUTS.join(", ")}`, "--output");
  }
  const publicKeys = raw.publicKeys ?? [];
  if (raw.requireSignatures && publicKeys.length === 0) {
    throw new UsageError("signatures can only be verified with --public-keys FILE (aws cloudtrail list-public-keys output)", "--require-signatures");
  }
  const prefix = raw.s3Prefix?.replace(/^\/+|\/+$/g, "");
  return {
    inputs,
    start: window.since,
    end: window.until,
    accounts: window.accounts,
    regions: window.regions,
    trails: raw.trail,
    trailArn,
    bucket: raw.s3Bucket,
    prefix,
    publicKeys,
    signatures: raw.signatures ?? [],
    requireSignatures: raw.requireSignatures === true,
    verbose: raw.verbose === true,
    format: raw.output as ValidateFormat,
    run,
  };
}

/** Which chains the flags select: account, source region, trail name, trail ARN, key prefix. */
function chainSelector(opts: ValidateLogsOptions): ChainSelector {
  const keyHead = opts.prefix === undefined ? undefined : `${opts.prefix ? `${opts.prefix}/` : ""}AWSLogs/`;
  return (c) => {
    if (opts.accounts && !opts.accounts.includes(c.accountId)) return false;
    if (opts.regions && !opts.regions.includes(c.sourceRegion)) return false;
    if (opts.trails && !opts.trails.includes(c.trailName)) return false;
    const arn = opts.trailArn;
    // An organization trail's ARN names the management account, not the member in the path.
    if (arn && (c.trailName !== arn.name || c.homeRegion !== arn.homeRegion)) return false;
    if (arn && !c.orgId && !opts.accounts && c.accountId !== arn.accountId) return false;
    if (keyHead !== undefined && !headsAgree(c.localHead, keyHead)) return false;
    return true;
  };
}

/** A counting semaphore: at most `size` holders at a time. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = Math.max(1, size);
  }
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function readFailure(p: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "is a directory" : (err as Error).message;
  return new InputError("E_READ", `cannot read: ${why}`, p);
}

/** The exported tree on disk: digests with their sidecars or --signatures entries, hashed log files. */
class DiskTree implements TreeAccess {
  private readonly slots: Slots;
  private readonly pool: FilePool;
  /** What was read, for --stats. */
  readonly stats = { digests: 0, logs: 0, bytesRead: 0 };

  constructor(
    private readonly cwd: string,
    private readonly signatures: ReadonlyMap<string, string>,
    private readonly reporter: Reporter,
    threads: number,
    private readonly maxInflatedBytes: number,
    private readonly signal: AbortSignal,
  ) {
    this.slots = new Slots(threads * READS_PER_THREAD);
    this.pool = createFilePool(
      { filter: {}, processor: "hash-log", params: { maxOutputLength: maxInflatedBytes }, maxInflatedBytes },
      { threads, cwd },
    );
  }

  async readDigest(p: string): Promise<DigestRead> {
    // Digests are small and read one after another along the chain: synchronous reads avoid an
    // event-loop round trip per file (and per missing sidecar), which dominated the walk.
    const abs = path.resolve(this.cwd, p);
    let bytes: Buffer;
    try {
      // A digest is a few kilobytes: a file past --max-inflate is not one, and is not loaded.
      const tooBig = fileSizeProblem(statSync(abs).size, this.maxInflatedBytes, false);
      if (tooBig !== undefined) return this.unreadable(p, tooBig);
      bytes = readFileSync(abs);
      this.stats.digests++;
      this.stats.bytesRead += bytes.length;
    } catch (err) {
      // A digest that is not there is a finding; one that cannot be read is an error on that file
      // (the AWS CLI stops at such an S3 error; a copy on disk lets ct go on with the others).
      if (isMissing(err)) return { kind: "missing" };
      return this.unreadable(p, readFailure(p, err).message);
    }
    const sidecar = sidecarPathOf(p);
    let text: string | undefined;
    const sidecarAbs = path.resolve(this.cwd, sidecar);
    if (existsSync(sidecarAbs)) {
      try {
        text = readFileSync(sidecarAbs, "utf8");
      } catch (err) {
        if (!isMissing(err)) this.reporter.error(sidecar, `${readFailure(sidecar, err).message}; the digest is checked without it`);
      }
    }
    if (text !== undefined) {
      const head = parseHeadObject(text);
      if (head.kind === "ok") return { kind: "found", bytes, metadata: { source: "sidecar", values: head.values } };
      this.reporter.error(sidecar, `${head.reason}; the digest is checked without it`);
    }
    const tail = parseDigestName(p.split(path.sep).join("/"))?.tail;
    const signature = tail === undefined ? undefined : this.signatures.get(tail);
    return {
      kind: "found",
      bytes,
      metadata: signature === undefined ? undefined : { source: "signatures-file", values: { signature } },
    };
  }

  /** A digest that is there but cannot be used: an error on stderr, and INVALID in the chain. */
  private unreadable(p: string, message: string): DigestRead {
    this.reporter.error(p, message);
    return { kind: "unreadable", message };
  }

  /**
   * Hashes on the reader's worker pool: read, gunzip and SHA-256 happen off the main thread.
   * A log file that cannot be read or inflated within --max-inflate is an error naming it (exit 2)
   * and INVALID in the chain; the validation goes on with the other files.
   */
  async hashLog(p: string): Promise<LogCheck> {
    await this.slots.take();
    try {
      const r = await this.pool.submit(p);
      // Ctrl-C closes the pool: the files it was hashing are not errors, the run is over.
      if (this.signal.aborted) throw new AbortedError();
      if (r.status === "error") {
        if (r.errno === "ENOENT" || r.errno === "ENOTDIR") return { kind: "missing" };
        const message = r.message ?? "cannot read";
        this.reporter.error(p, message);
        return { kind: "invalid", message: message.startsWith("cannot read") ? message : `cannot read: ${message}`, unchecked: true };
      }
      this.stats.logs++;
      this.stats.bytesRead += r.bytesRead;
      const hash = r.output as LogHash;
      if (hash.kind === "invalid" && hash.unchecked) this.reporter.error(p, `${hash.detail ?? hash.message} (--max-inflate); not checked`);
      return hash;
    } finally {
      this.slots.give();
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Reads the --public-keys files into one ring, warning about keys whose fingerprint is not their MD5. */
function loadPublicKeys(files: readonly string[], io: Io, reporter: Reporter): PublicKeyRing | undefined {
  if (files.length === 0) return undefined;
  const ring = new PublicKeyRing(files.flatMap((f) => parsePublicKeys(readText(f, io), f)));
  for (const k of ring.fingerprintMismatches()) {
    reporter.warn(k.source, `key ${k.fingerprint}: its Fingerprint is not the MD5 of its DER (keys are still matched by Fingerprint)`);
  }
  return ring;
}

const SignaturesFileSchema = z.record(z.string(), z.string().regex(/^[0-9a-fA-F]+$/, "expected a hex signature"));

/** Reads --signatures files: JSON objects mapping digest keys (or paths) to hex signatures. */
function loadSignatures(files: readonly string[], io: Io): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    let json: unknown;
    try {
      json = JSON.parse(readText(f, io));
    } catch (err) {
      throw new InputError("E_SIGNATURES", `not JSON: ${(err as Error).message}`, f);
    }
    const parsed = SignaturesFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new InputError("E_SIGNATURES", 'expected {"<digest key>": "<hex signature>", ...}', f);
    }
    for (const [key, hex] of Object.entries(parsed.data)) {
      const tail = parseDigestName(key.split("\\").join("/"))?.tail;
      if (tail === undefined) throw new InputError("E_SIGNATURES", `not a digest file key: ${key}`, f);
      out.set(tail, hex);
    }
  }
  return out;
}

function readText(file: string, io: Io): string {
  try {
    return readFileSync(path.resolve(io.cwd, file), "utf8");
  } catch (err) {
    throw readFailure(file, err);
  }
}

/** Lists digest and log files of each directory argument, relative to it. */
async function listTrees(opts: ValidateLogsOptions, io: Io, reporter: Reporter): Promise<TreeListing[]> {
  const prune = {
    kinds: new Set(["CloudTrail", "CloudTrail-Digest"] as const),
    ...(opts.accounts ? { accounts: new Set(opts.accounts) } : {}),
    ...(opts.regions ? { regions: new Set(opts.regions) } : {}),
  };
  const listings: TreeListing[] = [];
  for (const input of opts.inputs) {
    const abs = path.resolve(io.cwd, input);
    try {
      if (!(await fsp.stat(abs)).isDirectory()) {
        reporter.error(input, "not a directory: validate-logs reads a copied bucket (aws s3 sync s3://bucket/AWSLogs ./bucket)");
        continue;
      }
    } catch (err) {
      reporter.error(input, isMissing(err) ? "no such file or directory" : (err as Error).message);
      continue;
    }
    const files: string[] = [];
    for await (const d of discoverFiles([input], { cwd: io.cwd, prune, signal: io.signal })) {
      if (d.type === "error") reporter.error(d.path, d.message);
      else if (d.type === "skipped") {
        if (opts.run.debug) reporter.warn(d.path, `skipped${d.isDir ? " directory" : ""}: ${d.reason}`);
      } else if (d.type === "file" && (d.file.role === "digest" || d.file.role === "log")) {
        files.push(path.relative(abs, path.resolve(io.cwd, d.file.path)).split(path.sep).join("/"));
      }
    }
    listings.push({ root: input, files });
  }
  return listings;
}

/** Runs a validation and returns the exit code. */
export async function runValidateLogs(opts: ValidateLogsOptions, io: Io): Promise<number> {
  const reporter = new Reporter(io, opts.run.quiet);
  const keys = loadPublicKeys(opts.publicKeys, io, reporter);
  const signatures = loadSignatures(opts.signatures, io);
  const listings = await listTrees(opts, io, reporter);
  // Listing stops quietly on an abort: a partial listing must not be reported as a finding.
  if (io.signal.aborted) throw new AbortedError();
  const plan = planTree(listings, chainSelector(opts));
  if (plan.unrecognised > 0) {
    reporter.warn(undefined, `${plan.unrecognised} files in CloudTrail-Digest folders do not have digest file names; they are not validated`);
  }
  if (plan.chains.length === 0) {
    const any = planTree(listings).chains.length > 0;
    if (any) throw new UsageError("no digest chain matches --account/--region/--trail/--trail-arn/--s3-prefix");
    if (listings.length > 0) {
      reporter.error(
        opts.inputs.join(" "),
        "no CloudTrail digest files found (validate-logs needs the CloudTrail-Digest folders that log file validation writes)",
      );
    }
    return 2;
  }

  const tree = new DiskTree(io.cwd, signatures, reporter, opts.run.threads, opts.run.maxInflatedBytes, io.signal);
  const stopHashing = () => void tree.close();
  io.signal.addEventListener("abort", stopHashing, { once: true });
  const chainOptions: ChainOptions = {
    start: opts.start,
    end: opts.end,
    keys,
    requireSignatures: opts.requireSignatures,
    bucket: opts.bucket,
    keyPrefix: opts.prefix,
    trailArn: opts.trailArn?.arn,
    maxInflatedBytes: opts.run.maxInflatedBytes,
  };
  const started = Date.now();
  const sink = new Sink(io.stdout);
  const text = new TextReport({ verbose: opts.verbose, escape: sanitizeTerminal });
  const json = new JsonReportBuilder();
  const summaries: ChainSummary[] = [];
  const write = async (chunks: TextChunk[]) => {
    for (const c of chunks) {
      if (c.stream === "stdout") await sink.write(c.text);
      else {
        // Keep the two streams in order on a terminal: what stdout holds goes out first.
        await sink.flush();
        io.stderr.write(c.text);
      }
    }
  };
  try {
    for await (const event of validateTree(plan, tree, chainOptions)) {
      // Ctrl-C or SIGTERM: stop walking; the finally below ends the worker pool.
      if (io.signal.aborted) throw new AbortedError();
      if (event.type === "chain-summary") summaries.push(event);
      if (opts.format === "text") await write(text.write(event));
      else if (opts.format === "ndjson") await sink.write(`${JSON.stringify(event satisfies ChainEvent)}\n`);
      else json.add(event);
      if (event.type === "chain-summary" || event.type === "digest") await sink.flush();
    }
  } finally {
    io.signal.removeEventListener("abort", stopHashing);
    await tree.close();
  }
  const run = summarizeRun(summaries, keys !== undefined);
  if (opts.format === "text") await write(text.end(run));
  else if (opts.format === "ndjson") await sink.write(`${JSON.stringify(run)}\n`);
  else await sink.write(`${JSON.stringify(json.finish(run), null, 2)}\n`);
  await sink.flush();
  if (opts.run.stats) {
    const secs = Math.max(Date.now() - started, 1) / 1000;
    reporter.note(
      `stats: ${plan.chains.length} chains, ${tree.stats.digests} digest files and ${tree.stats.logs} log files read ` +
        `(${(tree.stats.bytesRead / 1e6).toFixed(1)} MB) in ${secs.toFixed(2)} s`,
    );
  }
  if (reporter.errored) return 2;
  return run.failed ? 1 : 0;
}

const EXAMPLES = `
Examples:
  ct validate-logs ./bucket                                   every chain in the copy, everything present
  ct validate-logs --public-keys keys-us-east-1.json ./bucket   also verify signatures
  ct validate-logs --since 2026-03-01 --until 2026-03-02 --region us-east-1 --verbose ./bucket
  ct validate-logs --trail-arn arn:aws:cloudtrail:us-east-1:111122223333:trail/main --start-time 2026-03-01T00:00:00Z ./bucket
  ct validate-logs --public-keys keys.json --require-signatures --output ndjson ./bucket   for CI

Copy the bucket with its digests: aws s3 sync s3://BUCKET/AWSLogs ./bucket
Public keys (per region): aws cloudtrail list-public-keys --region REGION > keys-REGION.json
A digest's signature is read from <digest>.metadata.json (aws s3api head-object output) or
--signatures; otherwise from the next digest's previousDigestSignature, so every digest but the
newest can be verified from the tree alone.
Lines, messages and summary follow aws cloudtrail validate-logs; ct's extra findings (digests
missing from the hourly chain, a missing newest digest, broken previousDigestHashValue links, log
files listed by no digest) have their own lines and their own summary line.
A fresh copy's newest log files have no digest yet (CloudTrail digests each hour): they are
reported as a missing newest digest; leave that hour out with --until.
Exit 1 when anything checked is invalid or missing (or, with --require-signatures, unverified).`;

/** Declares `ct validate-logs`. */
export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("validate-logs")
    .description("check CloudTrail's digest chains offline: digest and log file integrity, signatures, gaps")
    .argument("[DIR...]", "copied buckets (the folder holding AWSLogs/, or what aws s3 sync s3://bucket/AWSLogs copied)", ["."])
    .option("--public-keys <FILE>", "aws cloudtrail list-public-keys output (repeatable: one per region)", collect)
    .option("--signatures <FILE>", 'JSON {"<digest key>": "<hex signature>"} for digests without a .metadata.json sidecar (repeatable)', collect)
    .option("--require-signatures", "fail when a digest's signature cannot be verified (needs --public-keys)")
    .option("--trail <NAME>", "only this trail (repeatable, or comma-separated)", collectList)
    .option("--trail-arn <ARN>", "only this trail (AWS CLI flag; its home region and account select the chains)")
    .addOption(new Option("--account-id <ID>", "same as --account (AWS CLI spelling)").hideHelp().argParser(collectList))
    .option("--s3-bucket <BUCKET>", "the bucket digests must name (default: the bucket the newest digest names)")
    .option("--s3-prefix <PREFIX>", "the trail's S3 key prefix (default: read from the digests)")
    .option("--verbose", "also print the valid files, as the AWS CLI's --verbose")
    .addOption(new Option("-o, --output <FORMAT>", `output format: ${OUTPUTS.join(", ")}`).default("text"));
  addWindowOptions(cmd);
  addRunOptions(cmd);
  cmd.addHelpText("after", `${EXAMPLES}\n${EXIT_CODES_HELP}`);
  cmd.action(async (dirs: string[], raw: RawValidate) => {
    const opts = resolveValidateLogs(dirs, raw, ctx.io);
    ctx.setExitCode(await runValidateLogs(opts, ctx.io));
  });
}
