// The counts of one chain as the AWS CLI keeps them (digests, backfill digests, log files, the
// "Results found" span) and ct's own (signatures, findings, gaps, coverage), turned into the
// chain's summary event at the end. It does not decide validity; it only counts what it is told.
import { mergeWindows, type Window } from "./coverage.js";
import type { ChainSummary, UnverifiedReason } from "./events.js";
import { formatDisplayDate } from "./time.js";

interface Tally {
  valid: number;
  invalid: number;
}

export type FindingKind = keyof ChainSummary["findings"];

/** Everything a chain's summary reports, filled in as the walk goes. */
export class ChainTally {
  readonly digests: Tally = { valid: 0, invalid: 0 };
  readonly backfillDigests: Tally = { valid: 0, invalid: 0 };
  readonly logs: Tally = { valid: 0, invalid: 0 };
  readonly findings: ChainSummary["findings"] = { missingDigests: 0, newestDigestMissing: 0, brokenLinks: 0, unlistedLogs: 0 };
  /** [digestStartTime, digestEndTime] of every valid digest, standard and backfill. */
  readonly validWindows: Window[] = [];
  private readonly signatures = { verified: 0, notVerified: 0, reasons: new Set<UnverifiedReason>() };
  private gaps = 0;
  private foundStart: number | undefined;
  private foundEnd: number | undefined;

  constructor(
    private readonly chainId: string,
    private readonly start: () => number,
    private readonly end: number,
  ) {}

  /** A digest that failed (missing or invalid). */
  invalidDigest(backfill: boolean): void {
    (backfill ? this.backfillDigests : this.digests).invalid++;
  }

  /**
   * A valid digest. "Results found" follows current AWS CLIs: the earliest start and latest end
   * over all valid digests, each clipped to the requested window.
   */
  validDigest(backfill: boolean, startTime: number, endTime: number, unverified: UnverifiedReason | undefined): void {
    (backfill ? this.backfillDigests : this.digests).valid++;
    this.validWindows.push({ start: startTime, end: endTime });
    this.foundStart = Math.min(this.foundStart ?? Infinity, Math.max(startTime, this.start()));
    this.foundEnd = Math.max(this.foundEnd ?? -Infinity, Math.min(endTime, this.end));
    if (unverified === undefined) this.signatures.verified++;
    else {
      this.signatures.notVerified++;
      this.signatures.reasons.add(unverified);
    }
  }

  log(valid: boolean): void {
    if (valid) this.logs.valid++;
    else this.logs.invalid++;
  }

  gap(): void {
    this.gaps++;
  }

  finding(kind: FindingKind): void {
    this.findings[kind]++;
  }

  /** The chain's summary event. */
  summary(): ChainSummary {
    const merged = mergeWindows(this.validWindows);
    const invalid = this.digests.invalid + this.backfillDigests.invalid + this.logs.invalid;
    const extra = Object.values(this.findings).reduce((a, b) => a + b, 0);
    const first = merged[0];
    const last = merged[merged.length - 1];
    return {
      type: "chain-summary",
      chainId: this.chainId,
      start: formatDisplayDate(this.start()),
      end: formatDisplayDate(this.end),
      digests: { ...this.digests },
      backfillDigests: { ...this.backfillDigests },
      logs: { ...this.logs },
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
