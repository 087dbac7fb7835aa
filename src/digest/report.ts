// Lays validation events out as the AWS CLI's validate-logs text (§3.6): the header, `valid` lines
// on stdout only when verbose, INVALID lines and gap notices on stderr, one blank-line flag shared by
// both streams, the "Results requested/found" summary and its ratio lines. ct's own findings use
// the same line shape, and its extra summary lines follow the AWS CLI's block, which stays intact.
// It does not compute anything: every value comes from the events.
import type { ChainEvent, ChainStartEvent, ChainSummary, UnverifiedReason } from "./events.js";
import type { RunSummary } from "./summary.js";

export type Stream = "stdout" | "stderr";

/** A piece of text for one stream; chunks must be written in order. */
export interface TextChunk {
  stream: Stream;
  text: string;
}

export interface TextReportOptions {
  /** Print the `valid` lines too (the AWS CLI's --verbose). */
  verbose: boolean;
  /**
   * Applied to every value taken from the files (keys, buckets, messages): keys come from digests
   * an attacker may have written, so a terminal printer passes its escaping function here.
   */
  escape?: (text: string) => string;
}

/** Stateful text layout: feed it events in order, write what it returns. */
export class TextReport {
  private lastWasBlank = true;
  private chains = 0;
  private readonly esc: (text: string) => string;

  constructor(private readonly options: TextReportOptions) {
    this.esc = options.escape ?? ((t) => t);
  }

  /** The text for one event. */
  write(event: ChainEvent): TextChunk[] {
    const esc = this.esc;
    switch (event.type) {
      case "chain":
        return this.header(event);
      case "digest": {
        const line = `${prefix(event.backfill)}Digest file\t${esc(event.uri)}\t`;
        if (event.status === "invalid") return this.error(`${line}INVALID: ${esc(event.message ?? "")}`);
        const note =
          event.signature?.status === "not-verified"
            ? ` (signature not verified: ${event.signature.reason === "no-public-keys" ? "no public keys" : "no signature saved"})`
            : "";
        return this.status(`${line}valid${note}`);
      }
      case "log":
        return event.status === "valid"
          ? this.status(`Log file\t${esc(event.uri)}\tvalid`)
          : this.error(`Log file\t${esc(event.uri)}\tINVALID: ${esc(event.message ?? "")}`);
      case "gap":
        return this.error(`${prefix(event.backfill)}No log files were delivered by CloudTrail between ${event.from} and ${event.to}`);
      case "missing-digest":
        return this.error(`${prefix(event.backfill)}Digest file\t${esc(event.uri)}\tINVALID: not found (inferred from the hourly chain)`);
      case "newest-digest-missing":
        return this.error(
          `Digest file\t${esc(event.uri)}\tINVALID: not found (inferred: ${count(event.logFiles, "log file")} delivered after ` +
            `${event.after}, the end of the newest digest file, ${event.logFiles === 1 ? "is" : "are"} listed by no digest file)`,
        );
      case "broken-link":
        return this.error(
          `${prefix(event.backfill)}Digest file\t${esc(event.uri)}\tINVALID: ${event.field} does not match the previous digest file ${esc(event.previous.uri)}`,
        );
      case "unlisted-log":
        return this.error(`Log file\t${esc(event.uri)}\tINVALID: listed by no digest file (possibly injected)`);
      case "chain-summary":
        return this.summary(event);
    }
  }

  /** A closing line when several chains were validated. */
  end(run: RunSummary): TextChunk[] {
    if (run.chains < 2) return [];
    const ok = run.chains - run.chainsFailed;
    return [
      {
        stream: "stdout",
        text: `\n${count(run.chains, "digest chain")} validated: ${ok} without findings, ${run.chainsFailed} with INVALID files or findings\n`,
      },
    ];
  }

  private header(event: ChainStartEvent): TextChunk[] {
    const c = event.chain;
    const about: string[] = [];
    if (c.orgId) about.push(`organization ${c.orgId}, account ${c.accountId}`);
    if (c.sourceRegion !== c.homeRegion) about.push(`source region ${c.sourceRegion}`);
    // The source region is a folder name: as attacker-chosen as a key.
    const trail = `${this.esc(c.trailArn ?? c.trailName)}${about.length > 0 ? ` (${this.esc(about.join(", "))})` : ""}`;
    // Each chain is one AWS CLI run: the blank-line flag starts afresh.
    this.lastWasBlank = true;
    const separator = this.chains++ > 0 ? "\n" : "";
    return [{ stream: "stdout", text: `${separator}Validating log files for trail ${trail} between ${event.start} and ${event.end}\n\n` }];
  }

  private status(message: string): TextChunk[] {
    if (!this.options.verbose) return [];
    this.lastWasBlank = false;
    return [{ stream: "stdout", text: `${message}\n` }];
  }

  private error(message: string): TextChunk[] {
    const text = this.lastWasBlank ? `${message}\n\n` : `\n${message}\n\n`;
    this.lastWasBlank = true;
    return [{ stream: "stderr", text }];
  }

  private summary(s: ChainSummary): TextChunk[] {
    let out = this.lastWasBlank ? "" : "\n";
    out += `Results requested for ${s.start} to ${s.end}\n`;
    const counted = s.digests.valid + s.digests.invalid + s.backfillDigests.valid + s.backfillDigests.invalid;
    if (counted === 0) return [{ stream: "stdout", text: `${out}No digests found\n` }];
    out += s.resultsFound ? `Results found for ${s.resultsFound.start} to ${s.resultsFound.end}:\n` : "No valid digests found in range\n";
    out += ratio(s.digests, "digest") + ratio(s.backfillDigests, "backfill digest") + ratio(s.logs, "log");
    out += "\n";
    out += `\n${signaturesLine(s)}`;
    out += `${findingsLine(s)}`;
    if (s.coverage) {
      const holes = s.coverage.holes.map((h) => `${h.from} to ${h.to}`);
      out += `Coverage: ${s.coverage.first} to ${s.coverage.last}${holes.length > 0 ? `, ${count(holes.length, "hole")}: ${holes.join(", ")}` : ""}\n`;
    }
    return [{ stream: "stdout", text: out }];
  }
}

function prefix(backfill: boolean): string {
  return backfill ? "(backfill) " : "";
}

function ratio(t: { valid: number; invalid: number }, name: string): string {
  const total = t.valid + t.invalid;
  if (total === 0) return "";
  return `\n${t.valid}/${total} ${name} files valid${t.invalid > 0 ? `, ${t.invalid}/${total} ${name} files INVALID` : ""}`;
}

function reasonText(reason: UnverifiedReason): string {
  return reason === "no-public-keys"
    ? "no public keys given (--public-keys)"
    : "no signature saved (S3 metadata of the digest file, or a newer digest linking to it)";
}

function signaturesLine(s: ChainSummary): string {
  const { verified, notVerified, reasons } = s.signatures;
  const total = verified + notVerified;
  if (total === 0) return "Signatures: no valid digest file to verify\n";
  if (notVerified === 0) return `Signatures: ${verified}/${total} digest signatures verified\n`;
  if (reasons.length === 1 && reasons[0] === "no-public-keys") {
    return `Signatures: NOT VERIFIED: no public keys given (--public-keys FILE, from aws cloudtrail list-public-keys)\n`;
  }
  return `Signatures: ${verified}/${total} digest signatures verified, ${notVerified}/${total} NOT VERIFIED: ${reasons.map(reasonText).join("; ")}\n`;
}

function findingsLine(s: ChainSummary): string {
  const f = s.findings;
  const parts: string[] = [];
  if (f.missingDigests > 0) parts.push(`${count(f.missingDigests, "digest file")} missing from the chain`);
  if (f.newestDigestMissing > 0) parts.push("newest digest file missing");
  if (f.brokenLinks > 0) parts.push(count(f.brokenLinks, "broken digest link"));
  if (f.unlistedLogs > 0) parts.push(`${count(f.unlistedLogs, "log file")} listed by no digest file`);
  return `Additional findings: ${parts.length > 0 ? parts.join(", ") : "none"}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
