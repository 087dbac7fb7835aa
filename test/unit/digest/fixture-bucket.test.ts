// The committed fixture bucket: two accounts (one with signature sidecars, one organization member
// without), three regions each, 72 hourly digests per chain. Expected counts come from the
// fixture README and the generator's summary, not from ct.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_BUCKET, ROOT } from "../../helpers/run-ct.js";
import { runValidation } from "./drive.js";

const KEYS = path.join(ROOT, "fixtures/keys/list-public-keys.json");
const expected = JSON.parse(readFileSync(path.join(ROOT, "fixtures/expected/summary.json"), "utf8")) as {
  files: { logFiles: number; digestFiles: number };
};

describe("the fixture bucket", () => {
  it("validates every chain: all digests and listed log files valid, only the org chains' newest signatures unverifiable", async () => {
    const r = await runValidation([FIXTURE_BUCKET], { keysFiles: [KEYS] });
    expect(r.stderr).toBe("");
    expect(r.run).toMatchObject({
      chains: 6,
      chainsFailed: 0,
      digests: { valid: expected.files.digestFiles, invalid: 0 },
      backfillDigests: { valid: 0, invalid: 0 },
      // Every log file of the bucket lies in a digested hour: each is listed once.
      logs: { valid: expected.files.logFiles, invalid: 0 },
      signatures: { verified: 429, notVerified: 3 },
      findings: { missingDigests: 0, newestDigestMissing: 0, brokenLinks: 0, unlistedLogs: 0 },
      failed: false,
    });
    const headers = r.stdout.split("\n").filter((l) => l.startsWith("Validating log files for trail "));
    expect(headers.map((h) => h.slice("Validating log files for trail ".length, h.indexOf(" between ")))).toEqual([
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail (source region ap-northeast-1)",
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail (source region eu-west-1)",
      "arn:aws:cloudtrail:us-east-1:111122223333:trail/management-trail",
      "org-trail (organization o-exampleorg1, account 444455556666, source region ap-northeast-1)",
      "org-trail (organization o-exampleorg1, account 444455556666, source region eu-west-1)",
      "org-trail (organization o-exampleorg1, account 444455556666)",
    ]);
  });
});
