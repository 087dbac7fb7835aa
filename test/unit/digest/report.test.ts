// The AWS CLI text layout for events the scenarios do not produce: backfill prefixes on INVALID
// lines and gap notices, a chain without valid digests, headers of chains without an ARN.
import { describe, expect, it } from "vitest";
import type { ChainEvent, ChainSummary } from "../../../src/digest/events.js";
import { TextReport } from "../../../src/digest/report.js";
import { summarizeRun } from "../../../src/digest/summary.js";

const ref = { bucket: "1", key: "k", uri: "s3://1/k", path: "root/k" };
const summary = (over: Partial<ChainSummary> = {}): ChainSummary => ({
  type: "chain-summary",
  chainId: "c",
  start: "2014-08-10T00:00:00Z",
  end: "2015-08-10T00:00:00Z",
  digests: { valid: 0, invalid: 0 },
  backfillDigests: { valid: 0, invalid: 0 },
  logs: { valid: 0, invalid: 0 },
  resultsFound: null,
  signatures: { verified: 0, notVerified: 0, reasons: [] },
  findings: { missingDigests: 0, newestDigestMissing: 0, brokenLinks: 0, unlistedLogs: 0 },
  gaps: 0,
  coverage: null,
  failed: false,
  ...over,
});

function render(events: ChainEvent[], verbose = false) {
  const report = new TextReport({ verbose });
  let stdout = "";
  let stderr = "";
  for (const e of events)
    for (const c of report.write(e)) {
      if (c.stream === "stdout") stdout += c.text;
      else stderr += c.text;
    }
  return { stdout, stderr };
}

describe("TextReport", () => {
  it("prefixes backfill digest lines and gap notices, never log lines", () => {
    const r = render([
      { type: "digest", ...ref, chainId: "c", backfill: true, status: "invalid", message: "not found", detail: null, signature: null, digestStartTime: null, digestEndTime: null, logFiles: null },
      { type: "gap", chainId: "c", backfill: true, from: "2014-08-10T00:00:00Z", to: "2014-08-10T01:00:00Z" },
      { type: "log", ...ref, chainId: "c", status: "invalid", message: "not found", detail: null, digestKey: "d" },
    ]);
    expect(r.stderr).toBe(
      "(backfill) Digest file\ts3://1/k\tINVALID: not found\n\n" +
        "(backfill) No log files were delivered by CloudTrail between 2014-08-10T00:00:00Z and 2014-08-10T01:00:00Z\n\n" +
        "Log file\ts3://1/k\tINVALID: not found\n\n",
    );
  });

  it("prints No valid digests found and the INVALID ratio without a log line (upstream 27)", () => {
    const r = render([summary({ digests: { valid: 0, invalid: 1 }, failed: true })]);
    expect(r.stdout).toBe(
      "Results requested for 2014-08-10T00:00:00Z to 2015-08-10T00:00:00Z\nNo valid digests found in range\n\n0/1 digest files valid, 1/1 digest files INVALID\n" +
        "\nSignatures: no valid digest file to verify\nAdditional findings: none\n",
    );
  });

  it("prints backfill ratios and both kinds of INVALID counts (upstream 37)", () => {
    const r = render([
      summary({
        digests: { valid: 0, invalid: 1 },
        backfillDigests: { valid: 0, invalid: 1 },
        failed: true,
      }),
    ]);
    expect(r.stdout).toContain("\n0/1 digest files valid, 1/1 digest files INVALID\n0/1 backfill digest files valid, 1/1 backfill digest files INVALID\n");
  });

  it("names every finding and reason in ct's own summary lines", () => {
    const r = render([
      summary({
        digests: { valid: 3, invalid: 0 },
        resultsFound: { start: "2014-08-10T00:00:00Z", end: "2014-08-10T03:00:00Z" },
        signatures: { verified: 1, notVerified: 2, reasons: ["no-public-keys", "no-signature"] },
        findings: { missingDigests: 2, newestDigestMissing: 1, brokenLinks: 1, unlistedLogs: 3 },
        coverage: { first: "2014-08-10T00:00:00Z", last: "2014-08-10T03:00:00Z", holes: [] },
        failed: true,
      }),
    ]);
    expect(r.stdout).toContain(
      "\nSignatures: 1/3 digest signatures verified, 2/3 NOT VERIFIED: no public keys given (--public-keys); " +
        "no signature saved (S3 metadata of the digest file, or a newer digest linking to it)\n" +
        "Additional findings: 2 digest files missing from the chain, newest digest file missing, 1 broken digest link, 3 log files listed by no digest file\n" +
        "Coverage: 2014-08-10T00:00:00Z to 2014-08-10T03:00:00Z\n",
    );
  });

  it("separates chain blocks, names organization chains without an ARN, and closes a multi-chain run", () => {
    const chain = (id: string, orgId: string | null, arn: string | null): ChainEvent => ({
      type: "chain",
      chain: { id, root: "r", trailName: "org", homeRegion: "us-east-1", sourceRegion: "us-east-1", accountId: "444455556666", orgId, trailArn: arn, digestFolder: "f" },
      start: "2014-08-10T00:00:00Z",
      end: "2014-08-10T01:00:00Z",
    });
    const report = new TextReport({ verbose: false });
    const texts = [
      chain("a", "o-abcdefghij", null),
      summary({ chainId: "a" }),
      chain("b", null, "arn:aws:cloudtrail:us-east-1:444455556666:trail/org"),
      summary({ chainId: "b", failed: true, digests: { valid: 0, invalid: 1 } }),
    ].flatMap((e) => report.write(e).map((c) => c.text));
    const run = summarizeRun([summary({ chainId: "a" }), summary({ chainId: "b", failed: true, digests: { valid: 0, invalid: 1 } })], true);
    const out = texts.join("") + report.end(run).map((c) => c.text).join("");
    expect(out).toContain("Validating log files for trail org (organization o-abcdefghij, account 444455556666) between 2014-08-10T00:00:00Z and 2014-08-10T01:00:00Z\n\n");
    expect(out).toContain("No digests found\n\nValidating log files for trail arn:aws:cloudtrail:us-east-1:444455556666:trail/org between");
    expect(out.endsWith("\n2 digest chains validated: 1 without findings, 1 with INVALID files or findings\n")).toBe(true);
    expect(run).toMatchObject({ chains: 2, chainsFailed: 1, failed: true, digests: { valid: 0, invalid: 1 } });
  });
});
