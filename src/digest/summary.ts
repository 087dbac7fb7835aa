// Totals over every chain of a run, the final object of the json/ndjson outputs, and the answer a
// CI job acts on (any INVALID file, ct finding or, with --require-signatures, unverified signature).
// It does not print anything.
import type { ChainSummary } from "./events.js";

/** The last object of ndjson output and the `summary` of the json document. */
export interface RunSummary {
  type: "summary";
  chains: number;
  chainsFailed: number;
  digests: { valid: number; invalid: number };
  backfillDigests: { valid: number; invalid: number };
  logs: { valid: number; invalid: number };
  signatures: { verified: number; notVerified: number };
  findings: { missingDigests: number; newestDigestMissing: number; brokenLinks: number; unlistedLogs: number };
  gaps: number;
  /** Whether the public keys were given, i.e. whether "verified" could be reached at all. */
  publicKeys: boolean;
  /** True when anything checked was invalid, missing or otherwise a finding: exit status 1. */
  failed: boolean;
}

/** Adds up the chain summaries of a run. */
export function summarizeRun(chains: readonly ChainSummary[], publicKeys: boolean): RunSummary {
  const add = (a: { valid: number; invalid: number }, b: { valid: number; invalid: number }) => {
    a.valid += b.valid;
    a.invalid += b.invalid;
  };
  const out: RunSummary = {
    type: "summary",
    chains: chains.length,
    chainsFailed: 0,
    digests: { valid: 0, invalid: 0 },
    backfillDigests: { valid: 0, invalid: 0 },
    logs: { valid: 0, invalid: 0 },
    signatures: { verified: 0, notVerified: 0 },
    findings: { missingDigests: 0, newestDigestMissing: 0, brokenLinks: 0, unlistedLogs: 0 },
    gaps: 0,
    publicKeys,
    failed: false,
  };
  for (const c of chains) {
    add(out.digests, c.digests);
    add(out.backfillDigests, c.backfillDigests);
    add(out.logs, c.logs);
    out.signatures.verified += c.signatures.verified;
    out.signatures.notVerified += c.signatures.notVerified;
    out.findings.missingDigests += c.findings.missingDigests;
    out.findings.newestDigestMissing += c.findings.newestDigestMissing;
    out.findings.brokenLinks += c.findings.brokenLinks;
    out.findings.unlistedLogs += c.findings.unlistedLogs;
    out.gaps += c.gaps;
    if (c.failed) out.chainsFailed++;
  }
  out.failed = out.chainsFailed > 0;
  return out;
}
