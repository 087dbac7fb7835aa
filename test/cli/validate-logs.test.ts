// `ct validate-logs` end to end, in-process: every scenario step with its exact INVALID lines and
// exit code, the committed fixture bucket, the AWS CLI's flags, json/ndjson output and the usage and
// input errors. Scenario digests are hourly from 2026-02-01T00:00:31Z (see fixtures/lib/scenario.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildScenario, type Scenario, type ScenarioOptions, type Step } from "../../fixtures/lib/scenario.js";
import { FIXTURE_BUCKET, ROOT, runCt } from "../helpers/run-ct.js";

const KEYS = path.join(ROOT, "fixtures/keys/list-public-keys.json");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function scenario(steps: Step[], options: Partial<ScenarioOptions> = {}): Scenario {
  const root = mkdtempSync(path.join(os.tmpdir(), "ct-validate-"));
  dirs.push(root);
  return buildScenario(steps, { root, ...options });
}

const T = (hhmmss: string) => `2026-02-01T${hhmmss}Z`;
const std = (sc: Scenario, i: number) => sc.digests.filter((d) => !d.backfill)[i]!;
const digestUri = (sc: Scenario, i: number) => `s3://${sc.bucket}/${std(sc, i).key}`;
const uri = (sc: Scenario, key: string) => `s3://${sc.bucket}/${key}`;
const damaged = (sc: Scenario, i: number) => uri(sc, std(sc, i).damagedLogKey!);
const errors = (...lines: string[]) => lines.map((l) => `${l}\n\n`).join("");

interface StepCase {
  step: Step;
  steps: Step[];
  code: 0 | 1;
  stderr: (sc: Scenario) => string;
  /** The AWS CLI's ratio lines and ct's findings line, as printed. */
  ratios: string;
  findings: string;
}

// Every scenario step, validated with the public keys and without --verbose.
const STEP_CASES: StepCase[] = [
  { step: "link", steps: ["link", "link", "link"], code: 0, stderr: () => "", ratios: "3/3 digest files valid\n6/6 log files valid", findings: "none" },
  {
    step: "gap",
    steps: ["link", "gap", "link"],
    code: 0,
    stderr: () => errors(`No log files were delivered by CloudTrail between ${T("01:00:31")} and ${T("01:15:31")}`),
    ratios: "3/3 digest files valid\n6/6 log files valid",
    findings: "none",
  },
  { step: "empty", steps: ["link", "empty", "link"], code: 0, stderr: () => "", ratios: "3/3 digest files valid\n4/4 log files valid", findings: "none" },
  {
    step: "backfill",
    steps: ["link", "backfill", "link"],
    code: 0,
    stderr: () => "",
    ratios: "3/3 digest files valid\n1/1 backfill digest files valid\n7/7 log files valid",
    findings: "none",
  },
  {
    step: "tamper-log",
    steps: ["link", "tamper-log", "link"],
    code: 1,
    stderr: (sc) => errors(`Log file\t${damaged(sc, 1)}\tINVALID: hash value doesn't match`),
    ratios: "3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID",
    findings: "none",
  },
  {
    step: "delete-log",
    steps: ["link", "delete-log", "link"],
    code: 1,
    stderr: (sc) => errors(`Log file\t${damaged(sc, 1)}\tINVALID: not found`),
    ratios: "3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID",
    findings: "none",
  },
  {
    step: "delete-digest",
    steps: ["link", "delete-digest", "link"],
    code: 1,
    stderr: (sc) => errors(`Digest file\t${digestUri(sc, 1)}\tINVALID: not found`),
    ratios: "2/3 digest files valid, 1/3 digest files INVALID\n4/4 log files valid",
    findings: "none",
  },
  {
    step: "tamper-digest",
    steps: ["link", "tamper-digest", "link"],
    code: 1,
    stderr: (sc) =>
      errors(
        `Digest file\t${digestUri(sc, 2)}\tINVALID: previousDigestHashValue does not match the previous digest file ${digestUri(sc, 1)}`,
        `Digest file\t${digestUri(sc, 1)}\tINVALID: signature verification failed`,
      ),
    ratios: "2/3 digest files valid, 1/3 digest files INVALID\n4/4 log files valid",
    findings: "1 broken digest link",
  },
  {
    step: "move-digest",
    steps: ["link", "move-digest", "link"],
    code: 1,
    stderr: (sc) =>
      errors(
        `Digest file\t${digestUri(sc, 1)}\tINVALID: not found`,
        `Digest file\t${uri(sc, std(sc, 1).movedToKey!)}\tINVALID: has been moved from its original location`,
      ),
    ratios: "2/4 digest files valid, 2/4 digest files INVALID\n4/4 log files valid",
    findings: "none",
  },
  {
    step: "bad-signature",
    steps: ["link", "bad-signature", "link"],
    code: 1,
    stderr: (sc) => errors(`Digest file\t${digestUri(sc, 1)}\tINVALID: signature verification failed`),
    ratios: "2/3 digest files valid, 1/3 digest files INVALID\n4/4 log files valid",
    findings: "none",
  },
  {
    step: "unknown-key",
    steps: ["link", "unknown-key", "link"],
    code: 1,
    stderr: (sc) =>
      errors(`Digest file\t${digestUri(sc, 1)}\tINVALID: public key not found in region us-east-1 for fingerprint ${std(sc, 1).fingerprint}`),
    ratios: "2/3 digest files valid, 1/3 digest files INVALID\n4/4 log files valid",
    findings: "none",
  },
  { step: "rotate-key", steps: ["link", "rotate-key", "link"], code: 0, stderr: () => "", ratios: "3/3 digest files valid\n6/6 log files valid", findings: "none" },
  {
    step: "trailing-gzip-data",
    steps: ["link", "trailing-gzip-data", "link"],
    code: 1,
    stderr: (sc) => errors(`Log file\t${damaged(sc, 1)}\tINVALID: unexpected data after end of compressed stream`),
    ratios: "3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID",
    findings: "none",
  },
  {
    step: "truncated-gzip",
    steps: ["link", "truncated-gzip", "link"],
    code: 1,
    stderr: (sc) => errors(`Log file\t${damaged(sc, 1)}\tINVALID: hash value doesn't match`),
    ratios: "3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID",
    findings: "none",
  },
  {
    // awscli hashes a stream without its trailer: the data is complete, so the file is valid.
    step: "missing-trailer",
    steps: ["link", "missing-trailer", "link"],
    code: 0,
    stderr: () => "",
    ratios: "3/3 digest files valid\n6/6 log files valid",
    findings: "none",
  },
  {
    step: "bad-crc",
    steps: ["link", "bad-crc", "link"],
    code: 1,
    stderr: (sc) => errors(`Log file\t${damaged(sc, 1)}\tINVALID: invalid format`),
    ratios: "3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID",
    findings: "none",
  },
  {
    step: "zero-byte-log",
    steps: ["link", "zero-byte-log", "link"],
    code: 1,
    stderr: (sc) => errors(`Log file\t${damaged(sc, 1)}\tINVALID: hash value doesn't match`),
    ratios: "3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID",
    findings: "none",
  },
  {
    step: "inject-log",
    steps: ["link", "inject-log", "link"],
    code: 1,
    stderr: (sc) => errors(`Log file\t${uri(sc, sc.injectedLogKeys[0]!)}\tINVALID: listed by no digest file (possibly injected)`),
    ratios: "3/3 digest files valid\n6/6 log files valid",
    findings: "1 log file listed by no digest file",
  },
  {
    step: "break-hash-link",
    steps: ["link", "break-hash-link", "link"],
    code: 1,
    stderr: (sc) =>
      errors(`Digest file\t${digestUri(sc, 1)}\tINVALID: previousDigestHashValue does not match the previous digest file ${digestUri(sc, 0)}`),
    ratios: "3/3 digest files valid\n6/6 log files valid",
    findings: "1 broken digest link",
  },
  {
    step: "delete-newest",
    steps: ["link", "link", "delete-newest"],
    code: 1,
    stderr: (sc) =>
      errors(
        `Digest file\t${digestUri(sc, 2)}\tINVALID: not found (inferred: 2 log files delivered after ${T("02:00:31")}, ` +
          "the end of the newest digest file, are listed by no digest file)",
      ),
    ratios: "2/2 digest files valid\n4/4 log files valid",
    findings: "newest digest file missing",
  },
];

describe("ct validate-logs over each scenario step", () => {
  it("covers every step the scenario builder knows", () => {
    expect(new Set(STEP_CASES.map((c) => c.step)).size).toBe(20);
  });

  for (const c of STEP_CASES) {
    it(`${c.step}: exit ${c.code}, exact INVALID lines and summary`, async () => {
      const sc = scenario(c.steps);
      const r = await runCt(["validate-logs", "--public-keys", sc.publicKeysFile, sc.root]);
      expect(r.stderr).toBe(c.stderr(sc));
      expect(r.stdout).toContain(`:\n\n${c.ratios}\n\n`);
      expect(r.stdout).toContain(`\nAdditional findings: ${c.findings}\n`);
      expect(r.code).toBe(c.code);
    });
  }
});

describe("ct validate-logs output", () => {
  it("prints the AWS CLI's layout, with valid lines under --verbose", async () => {
    const sc = scenario(["gap", "link"], { logsPerDigest: 1 });
    const r = await runCt(["validate-logs", "--verbose", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      `Validating log files for trail ${sc.trailArn} between ${T("00:00:31")} and ${T("02:00:31")}\n\n` +
        `Digest file\t${digestUri(sc, 1)}\tvalid\n` +
        `Log file\t${uri(sc, std(sc, 1).logKeys[0]!)}\tvalid\n` +
        `Digest file\t${digestUri(sc, 0)}\tvalid\n` +
        `Log file\t${uri(sc, std(sc, 0).logKeys[0]!)}\tvalid\n` +
        "\n" +
        `Results requested for ${T("00:00:31")} to ${T("02:00:31")}\n` +
        `Results found for ${T("00:15:31")} to ${T("02:00:31")}:\n` +
        "\n2/2 digest files valid\n2/2 log files valid\n" +
        "\nSignatures: 2/2 digest signatures verified\n" +
        "Additional findings: none\n" +
        `Coverage: ${T("00:15:31")} to ${T("02:00:31")}\n`,
    );
  });

  it("--output ndjson: one object per file checked, type first, then the summary", async () => {
    const sc = scenario(["link", "tamper-log"], { logsPerDigest: 1 });
    const r = await runCt(["validate-logs", "-o", "ndjson", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.every((l) => l.startsWith('{"type":"'))).toBe(true);
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o["type"])).toEqual(["chain", "digest", "log", "digest", "log", "chain-summary", "summary"]);
    expect(objects[2]).toMatchObject({
      type: "log",
      bucket: sc.bucket,
      key: std(sc, 1).damagedLogKey,
      uri: damaged(sc, 1),
      status: "invalid",
      message: "hash value doesn't match",
      digestKey: std(sc, 1).key,
    });
    expect(objects[6]).toEqual({
      type: "summary",
      chains: 1,
      chainsFailed: 1,
      digests: { valid: 2, invalid: 0 },
      backfillDigests: { valid: 0, invalid: 0 },
      logs: { valid: 1, invalid: 1 },
      signatures: { verified: 2, notVerified: 0 },
      findings: { missingDigests: 0, newestDigestMissing: 0, brokenLinks: 0, unlistedLogs: 0 },
      gaps: 0,
      publicKeys: true,
      failed: true,
    });
  });

  it("--output json: one document with each chain's files, findings and summary", async () => {
    const sc = scenario(["link", "inject-log"], { logsPerDigest: 1 });
    const r = await runCt(["validate-logs", "--output", "json", sc.root]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      type: string;
      chains: { chain: { trailArn: string; sourceRegion: string }; start: string; end: string; events: { type: string; uri?: string }[]; summary: Record<string, unknown> }[];
      summary: Record<string, unknown>;
    };
    expect(doc.type).toBe("validate-logs");
    expect(doc.chains).toHaveLength(1);
    const [chain] = doc.chains;
    expect(chain!.chain).toMatchObject({ trailArn: sc.trailArn, sourceRegion: "us-east-1", orgId: null });
    expect(chain!.events.map((e) => e.type)).toEqual(["digest", "log", "digest", "log", "unlisted-log"]);
    expect(chain!.events[4]!.uri).toBe(uri(sc, sc.injectedLogKeys[0]!));
    expect(chain!.summary).toMatchObject({
      signatures: { verified: 0, notVerified: 2, reasons: ["no-public-keys"] },
      findings: { unlistedLogs: 1 },
      failed: true,
    });
    expect(doc.summary).toMatchObject({ type: "summary", publicKeys: false, failed: true });
  });
});

describe("ct validate-logs on the fixture bucket", () => {
  it("finds all six chains by itself and finds them valid (exit 0)", async () => {
    const r = await runCt(["validate-logs", "--public-keys", KEYS, "fixtures/bucket"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout.match(/^Validating log files for trail /gm)).toHaveLength(6);
    expect(r.stdout.match(/\n72\/72 digest files valid\n/g)).toHaveLength(6);
    expect(r.stdout).toContain("\nSignatures: 71/72 digest signatures verified, 1/72 NOT VERIFIED: no signature saved");
    expect(r.stdout.endsWith("\n6 digest chains validated: 6 without findings, 0 with INVALID files or findings\n")).toBe(true);
  });

  it("says plainly that nothing was verified without public keys, and still exits 0", async () => {
    const r = await runCt(["validate-logs", "--account", "111122223333", "--region", "us-east-1", FIXTURE_BUCKET]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "\n72/72 digest files valid\n47/47 log files valid\n\nSignatures: NOT VERIFIED: no public keys given (--public-keys FILE, from aws cloudtrail list-public-keys)\n",
    );
  });

  it("--require-signatures fails the organization chains' newest digests, which have no saved signature", async () => {
    const r = await runCt(["validate-logs", "--require-signatures", "--public-keys", KEYS, "--trail", "org-trail", "--region", "us-east-1", "fixtures/bucket"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      errors(
        "Digest file\ts3://ct-fixture-bucket/AWSLogs/o-exampleorg1/444455556666/CloudTrail-Digest/us-east-1/2026/03/04/" +
          "444455556666_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20260304T000912Z.json.gz\tINVALID: signature verification failed",
      ),
    );
    expect(r.stdout).toContain("\n71/72 digest files valid, 1/72 digest files INVALID\n");
  });

  it("accepts the AWS CLI's flags: --trail-arn, --account-id, --start-time, --end-time, --verbose", async () => {
    const r = await runCt([
      "validate-logs",
      "--trail-arn",
      "arn:aws:cloudtrail:us-east-1:777788889999:trail/org-trail",
      "--account-id",
      "444455556666",
      "--region",
      "eu-west-1",
      "--start-time",
      "2026-03-02T09:00:00Z",
      "--end-time",
      "2026-03-02T10:00:00Z",
      "--verbose",
      "--public-keys",
      KEYS,
      "fixtures/bucket",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(
      "Validating log files for trail arn:aws:cloudtrail:us-east-1:777788889999:trail/org-trail " +
        "(organization o-exampleorg1, account 444455556666, source region eu-west-1) between 2026-03-02T09:00:00Z and 2026-03-02T10:00:00Z\n\n",
    )).toBe(true);
    expect(r.stdout).toContain("Results requested for 2026-03-02T09:00:00Z to 2026-03-02T10:00:00Z\nResults found for 2026-03-02T09:00:00Z to 2026-03-02T10:00:00Z:\n");
    expect(r.stdout).toMatch(/^Digest file\ts3:\/\/ct-fixture-bucket\/AWSLogs\/o-exampleorg1\/444455556666\/CloudTrail-Digest\/eu-west-1\/2026\/03\/02\/.*\tvalid$/m);
  });
});

describe("ct validate-logs on copies of a prefixed trail", () => {
  it("prints the full S3 keys even when only AWSLogs/ was copied, and --s3-prefix selects the trail", async () => {
    const sc = scenario(["link", "tamper-log"], { prefix: "cloudtrail/prod" });
    const below = path.join(sc.root, "cloudtrail", "prod", "AWSLogs");
    const r = await runCt(["validate-logs", "--s3-prefix", "cloudtrail/prod", "--public-keys", sc.publicKeysFile, below]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(errors(`Log file\t${damaged(sc, 1)}\tINVALID: hash value doesn't match`));
    expect(damaged(sc, 1).startsWith(`s3://${sc.bucket}/cloudtrail/prod/AWSLogs/`)).toBe(true);
    const other = await runCt(["validate-logs", "--s3-prefix", "other", sc.root]);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe("ct: no digest chain matches --account/--region/--trail/--trail-arn/--s3-prefix\n");
  });

  it("--stats reports what was read", async () => {
    const sc = scenario(["link", "link"]);
    const r = await runCt(["validate-logs", "--stats", sc.root]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ct: stats: 1 chains, 2 digest files and 4 log files read \(\d+\.\d MB\) in \d+\.\d\d s\n$/);
  });
});

describe("ct validate-logs signatures from a --signatures file", () => {
  it("verifies the newest digest of a copy without sidecars", async () => {
    const sc = scenario(["link", "link"], { sidecars: false });
    const without = await runCt(["validate-logs", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(without.stdout).toContain("\nSignatures: 1/2 digest signatures verified, 1/2 NOT VERIFIED: no signature saved");
    const file = path.join(sc.root, "signatures.json");
    writeFileSync(file, JSON.stringify({ [std(sc, 1).key]: std(sc, 1).signature }));
    const r = await runCt(["validate-logs", "--public-keys", sc.publicKeysFile, "--signatures", file, "--require-signatures", sc.root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("\nSignatures: 2/2 digest signatures verified\n");
  });
});

describe("ct validate-logs usage and input errors (exit 2)", () => {
  it("rejects a malformed --trail-arn with the AWS CLI's message", async () => {
    const r = await runCt(["validate-logs", "--trail-arn", "foo:bar:baz", "fixtures/bucket"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ct: --trail-arn: Invalid trail ARN provided: foo:bar:baz\n");
    expect(r.stdout).toBe("");
  });

  it("rejects --since after --until", async () => {
    const r = await runCt(["validate-logs", "--start-time", "2015-01-01", "--end-time", "2014-01-01", "fixtures/bucket"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ct: --start-time: 2015-01-01T00:00:00.000Z is after --end-time 2014-01-01T23:59:59.999Z\n");
    expect(r.stdout).toBe("");
  });

  it("requires public keys for --require-signatures", async () => {
    const r = await runCt(["validate-logs", "--require-signatures", "fixtures/bucket"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--require-signatures: signatures can only be verified with --public-keys FILE");
  });

  it("reports a tree without digest files as an error, not as success", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ct-validate-empty-"));
    dirs.push(dir);
    const r = await runCt(["validate-logs", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ct: ${dir}: no CloudTrail digest files found (validate-logs needs the CloudTrail-Digest folders that log file validation writes)\n`,
    );
  });

  it("reports a selection that matches no chain", async () => {
    const r = await runCt(["validate-logs", "--trail", "no-such-trail", "fixtures/bucket"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ct: no digest chain matches --account/--region/--trail/--trail-arn/--s3-prefix\n");
  });

  it("reports an unreadable public keys file and a missing directory", async () => {
    const bad = await runCt(["validate-logs", "--public-keys", "fixtures/README.md", "fixtures/bucket"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ct: fixtures\/README\.md: not JSON: /);
    const missing = await runCt(["validate-logs", "no/such/dir"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("ct: no/such/dir: no such file or directory\n");
  });

  it("reports a corrupt metadata sidecar but still validates the chain", async () => {
    const sc = scenario(["link", "link"]);
    writeFileSync(`${std(sc, 0).path}.metadata.json`, "{not json");
    const r = await runCt(["validate-logs", "--public-keys", sc.publicKeysFile, sc.root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.metadata\.json: not JSON: .*; the digest is checked without it\n$/);
    // The older digest's signature still comes from the newer digest's link.
    expect(r.stdout).toContain("\n2/2 digest files valid\n4/4 log files valid\n\nSignatures: 2/2 digest signatures verified\n");
  });
});
