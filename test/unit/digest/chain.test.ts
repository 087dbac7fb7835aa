// Digest chains built with the scenario builder and validated offline, checked line by line against
// the AWS CLI's output (§3.6–3.8, the upstream scenarios of §4 that apply offline) and ct's own
// findings. Scenario digests are hourly: digest i covers 00:00:31+i h to 01:00:31+i h on 2026-02-01.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { asPrevious, digestBody, headObjectSidecar, type PreviousDigest, signDigest } from "../../../fixtures/lib/digest.js";
import { loadSigningKey, publicKeyEntry } from "../../../fixtures/lib/keys.js";
import { digestFileKey } from "../../../fixtures/lib/layout.js";
import { writeObject } from "../../../fixtures/lib/object-store.js";
import { buildScenario, type Scenario, type ScenarioOptions, type Step } from "../../../fixtures/lib/scenario.js";
import { HOUR } from "../../../src/digest/time.js";
import type { ChainEvent } from "../../../src/digest/events.js";
import { runValidation, type RunOptions } from "./drive.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const d = mkdtempSync(join(tmpdir(), "ct-chain-"));
  dirs.push(d);
  return d;
}

function scenario(steps: Step[], options: Partial<ScenarioOptions> = {}): Scenario {
  return buildScenario(steps, { root: tempRoot(), ...options });
}

async function validate(sc: Scenario, options: RunOptions & { keys?: boolean } = {}) {
  const { keys = true, ...rest } = options;
  return runValidation([sc.root], { ...(keys ? { keysFiles: [sc.publicKeysFile] } : {}), ...rest });
}

const ARN = "arn:aws:cloudtrail:us-east-1:123456789012:trail/foo";
const T = (hhmmss: string) => `2026-02-01T${hhmmss}Z`;
const digestUri = (sc: Scenario, i: number) => `s3://${sc.bucket}/${sc.digests.filter((d) => !d.backfill)[i]!.key}`;
const logUri = (sc: Scenario, key: string) => `s3://${sc.bucket}/${key}`;
const standard = (sc: Scenario, i: number) => sc.digests.filter((d) => !d.backfill)[i]!;
const header = (start: string, end: string, trail = ARN) => `Validating log files for trail ${trail} between ${start} and ${end}\n\n`;
/** Error lines as the AWS CLI writes them when no `valid` line came before (non-verbose runs). */
const errors = (...lines: string[]) => lines.map((l) => `${l}\n\n`).join("");

function validLines(sc: Scenario, i: number): string {
  const d = standard(sc, i);
  return [`Digest file\t${digestUri(sc, i)}\tvalid`, ...d.logKeys.map((k) => `Log file\t${logUri(sc, k)}\tvalid`)]
    .map((l) => `${l}\n`)
    .join("");
}

describe("a clean chain", () => {
  it("prints every valid digest and log file newest first with --verbose, then the summary", async () => {
    const sc = scenario(["gap", "link", "link", "link"]);
    const r = await validate(sc, { verbose: true });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      header(T("00:00:31"), T("04:00:31")) +
        validLines(sc, 3) +
        validLines(sc, 2) +
        validLines(sc, 1) +
        validLines(sc, 0) +
        "\n" +
        `Results requested for ${T("00:00:31")} to ${T("04:00:31")}\n` +
        `Results found for ${T("00:15:31")} to ${T("04:00:31")}:\n` +
        "\n4/4 digest files valid" +
        "\n8/8 log files valid\n" +
        "\nSignatures: 4/4 digest signatures verified\n" +
        "Additional findings: none\n" +
        `Coverage: ${T("00:15:31")} to ${T("04:00:31")}\n`,
    );
    // Upstream scenario 12: one read per digest (the read that learns the bucket is reused).
    expect(r.reads).toHaveLength(4);
    expect(r.run.failed).toBe(false);
  });

  it("prints only the header and the summary without --verbose", async () => {
    const sc = scenario(["link", "link"]);
    const r = await validate(sc);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      header(T("00:00:31"), T("02:00:31")) +
        `Results requested for ${T("00:00:31")} to ${T("02:00:31")}\n` +
        `Results found for ${T("00:00:31")} to ${T("02:00:31")}:\n` +
        "\n2/2 digest files valid\n4/4 log files valid\n" +
        "\nSignatures: 2/2 digest signatures verified\nAdditional findings: none\n" +
        `Coverage: ${T("00:00:31")} to ${T("02:00:31")}\n`,
    );
  });

  it("yields typed events in output order, ending with the chain summary", async () => {
    const sc = scenario(["link", "empty"]);
    const r = await validate(sc);
    expect(r.events.map((e) => e.type)).toEqual(["chain", "digest", "digest", "log", "log", "chain-summary"]);
    const newest = r.events[1] as Extract<ChainEvent, { type: "digest" }>;
    expect(newest).toEqual({
      type: "digest",
      bucket: sc.bucket,
      key: standard(sc, 1).key,
      uri: digestUri(sc, 1),
      path: standard(sc, 1).path.split("\\").join("/"),
      chainId: `0:AWSLogs/123456789012/CloudTrail-Digest/us-east-1 foo us-east-1`,
      backfill: false,
      status: "valid",
      message: null,
      detail: null,
      signature: { status: "verified", fingerprint: standard(sc, 1).fingerprint },
      digestStartTime: T("01:00:31"),
      digestEndTime: T("02:00:31"),
      logFiles: 0,
    });
    // An empty digest (logFiles: []) adds no log line; only the older digest's two logs follow.
    expect(r.stdout).toContain("\n2/2 digest files valid\n2/2 log files valid\n");
  });
});

describe("log files (§3.5)", () => {
  it("reports a tampered log file as a hash mismatch on stderr (upstream 28)", async () => {
    const sc = scenario(["link", "tamper-log", "link"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(errors(`Log file\t${logUri(sc, standard(sc, 1).damagedLogKey!)}\tINVALID: hash value doesn't match`));
    expect(r.stdout).toContain(`Results found for ${T("00:00:31")} to ${T("03:00:31")}:\n\n3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID\n`);
    expect(r.run.failed).toBe(true);
  });

  it("reports a deleted log file as not found (upstream 36)", async () => {
    const sc = scenario(["link", "delete-log"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(errors(`Log file\t${logUri(sc, standard(sc, 1).damagedLogKey!)}\tINVALID: not found`));
  });

  it("applies the gzip edge cases exactly as awscli: trailing data, truncation, missing trailer, bad CRC, empty file", async () => {
    const sc = scenario(["link", "trailing-gzip-data", "truncated-gzip", "missing-trailer", "bad-crc", "zero-byte-log"]);
    const r = await validate(sc);
    const damaged = (i: number) => logUri(sc, standard(sc, i).damagedLogKey!);
    expect(r.stderr).toBe(
      errors(
        `Log file\t${damaged(5)}\tINVALID: hash value doesn't match`,
        `Log file\t${damaged(4)}\tINVALID: invalid format`,
        // missing-trailer (digest 3): the data is complete, so awscli hashes it as valid.
        `Log file\t${damaged(2)}\tINVALID: hash value doesn't match`,
        `Log file\t${damaged(1)}\tINVALID: unexpected data after end of compressed stream`,
      ),
    );
    expect(r.stdout).toContain("\n6/6 digest files valid\n8/12 log files valid, 4/12 log files INVALID\n");
  });

  it("interleaves valid lines and INVALID lines with the shared blank-line flag (§3.6)", async () => {
    const sc = scenario(["link", "tamper-log"]);
    const r = await validate(sc, { verbose: true });
    const d1 = standard(sc, 1);
    const [bad, good] = d1.logKeys;
    expect(bad).toBe(d1.damagedLogKey);
    expect(r.merged).toBe(
      header(T("00:00:31"), T("02:00:31")) +
        `Digest file\t${digestUri(sc, 1)}\tvalid\n` +
        `\n!Log file\t${logUri(sc, bad!)}\tINVALID: hash value doesn't match\n\n` +
        `Log file\t${logUri(sc, good!)}\tvalid\n` +
        validLines(sc, 0) +
        "\n" +
        `Results requested for ${T("00:00:31")} to ${T("02:00:31")}\n` +
        `Results found for ${T("00:00:31")} to ${T("02:00:31")}:\n` +
        "\n2/2 digest files valid\n3/4 log files valid, 1/4 log files INVALID\n" +
        "\nSignatures: 2/2 digest signatures verified\nAdditional findings: none\n" +
        `Coverage: ${T("00:00:31")} to ${T("02:00:31")}\n`,
    );
  });
});

describe("digest files (§3.3, §3.4)", () => {
  it("reports a deleted digest reached through a link and resumes at the next older one (upstream 13)", async () => {
    const sc = scenario(["gap", "link", "delete-digest", "link"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(errors(`Digest file\t${digestUri(sc, 2)}\tINVALID: not found`));
    // The deleted digest's own log files lie in the hole it leaves: neither checked nor judged.
    expect(r.stdout).toContain("\n3/4 digest files valid, 1/4 digest files INVALID\n6/6 log files valid\n");
    expect(r.stdout).toContain("Additional findings: none\n");
  });

  it("reports every digest of a run of deletions, where the AWS CLI reports only the newest (aws-cli#7054)", async () => {
    const sc = scenario(["link", "link", "delete-digest", "delete-digest", "link"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(
      errors(
        `Digest file\t${digestUri(sc, 3)}\tINVALID: not found`,
        `Digest file\t${digestUri(sc, 2)}\tINVALID: not found (inferred from the hourly chain)`,
      ),
    );
    // The AWS CLI's counting stays its own; ct's finding has its own line.
    expect(r.stdout).toContain("\n3/4 digest files valid, 1/4 digest files INVALID\n6/6 log files valid\n");
    expect(r.stdout).toContain("Additional findings: 1 digest file missing from the chain\n");
    expect(r.stdout).toContain(`Coverage: ${T("00:00:31")} to ${T("05:00:31")}, 1 hole: ${T("02:00:31")} to ${T("04:00:31")}\n`);
  });

  it("reports tampered digests by signature and resumes at the next older listed digest (upstream 14)", async () => {
    const sc = scenario(["gap", "link", "tamper-digest", "link", "tamper-digest"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(
      errors(
        `Digest file\t${digestUri(sc, 4)}\tINVALID: signature verification failed`,
        `Digest file\t${digestUri(sc, 3)}\tINVALID: previousDigestHashValue does not match the previous digest file ${digestUri(sc, 2)}`,
        `Digest file\t${digestUri(sc, 2)}\tINVALID: signature verification failed`,
      ),
    );
    expect(r.stdout).toContain("\n3/5 digest files valid, 2/5 digest files INVALID\n6/6 log files valid\n");
    expect(r.stdout).toContain("Additional findings: 1 broken digest link\n");
  });

  it("catches a tampered digest without public keys through the next digest's previousDigestHashValue", async () => {
    const sc = scenario(["link", "tamper-digest", "link"]);
    const r = await validate(sc, { keys: false });
    expect(r.stderr).toBe(
      errors(
        `Digest file\t${digestUri(sc, 2)}\tINVALID: previousDigestHashValue does not match the previous digest file ${digestUri(sc, 1)}`,
        // The tampered digest changed the first log's hashValue, so that log no longer matches.
        `Log file\t${logUri(sc, standard(sc, 1).logKeys[0]!)}\tINVALID: hash value doesn't match`,
      ),
    );
    expect(r.stdout).toContain("\n3/3 digest files valid\n5/6 log files valid, 1/6 log files INVALID\n");
    expect(r.stdout).toContain(
      "\nSignatures: NOT VERIFIED: no public keys given (--public-keys FILE, from aws cloudtrail list-public-keys)\n",
    );
    expect(r.run.failed).toBe(true);
  });

  it("reports a previousDigestHashValue that does not match, which the AWS CLI never checks", async () => {
    const sc = scenario(["link", "break-hash-link", "link"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(
      errors(`Digest file\t${digestUri(sc, 1)}\tINVALID: previousDigestHashValue does not match the previous digest file ${digestUri(sc, 0)}`),
    );
    expect(r.stdout).toContain("\n3/3 digest files valid\n6/6 log files valid\n");
    expect(r.stdout).toContain("Additional findings: 1 broken digest link\n");
    expect(r.run.failed).toBe(true);
  });

  it("reports a digest moved to another key, after the link to its real key fails", async () => {
    const sc = scenario(["link", "move-digest", "link"]);
    const r = await validate(sc);
    const moved = standard(sc, 1);
    expect(r.stderr).toBe(
      errors(
        `Digest file\t${digestUri(sc, 1)}\tINVALID: not found`,
        `Digest file\ts3://${sc.bucket}/${moved.movedToKey}\tINVALID: has been moved from its original location`,
      ),
    );
    expect(r.stdout).toContain("\n2/4 digest files valid, 2/4 digest files INVALID\n4/4 log files valid\n");
  });

  it("reports a digest of another bucket as moved, with that bucket in the path (upstream 32, 27)", async () => {
    const sc = scenario(["link", "link"]);
    const r = await validate(sc, { bucket: "not_same" });
    const at = (i: number) => `s3://not_same/${standard(sc, i).key}`;
    expect(r.stderr).toBe(
      errors(
        `Digest file\t${at(1)}\tINVALID: has been moved from its original location`,
        `Digest file\t${at(0)}\tINVALID: has been moved from its original location`,
      ),
    );
    expect(r.stdout).toContain(
      `Results requested for ${T("00:00:31")} to ${T("02:00:31")}\nNo valid digests found in range\n\n0/2 digest files valid, 2/2 digest files INVALID\n\n`,
    );
  });

  it("reports a digest that is not a digest document as invalid format (upstream 33)", async () => {
    const sc = scenario(["link", "link"]);
    writeFileSync(standard(sc, 1).path, gzipSync("{}"));
    const r = await validate(sc);
    expect(r.stderr).toBe(errors(`Digest file\t${digestUri(sc, 1)}\tINVALID: invalid format`));
    expect(r.stdout).toContain("\n1/2 digest files valid, 1/2 digest files INVALID\n2/2 log files valid\n");
  });

  it("reports a bad signature and a key missing from the public keys (upstream 10)", async () => {
    const sc = scenario(["link", "bad-signature", "unknown-key", "link"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(
      errors(
        `Digest file\t${digestUri(sc, 2)}\tINVALID: public key not found in region us-east-1 for fingerprint ${standard(sc, 2).fingerprint}`,
        `Digest file\t${digestUri(sc, 1)}\tINVALID: signature verification failed`,
      ),
    );
    expect(r.stdout).toContain("\n2/4 digest files valid, 2/4 digest files INVALID\n4/4 log files valid\n");
  });

  it("verifies a chain across a key rotation with both keys in the keys file", async () => {
    const sc = scenario(["link", "link", "rotate-key", "link"]);
    expect(standard(sc, 1).fingerprint).not.toBe(standard(sc, 2).fingerprint);
    const r = await validate(sc);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("\n4/4 digest files valid\n8/8 log files valid\n\nSignatures: 4/4 digest signatures verified\n");
  });
});

describe("chain starts and gaps", () => {
  it("prints the AWS CLI's gap notice for each chain start with an older digest (upstream 15, 23)", async () => {
    const sc = scenario(["gap", "link", "gap", "gap"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(
      errors(
        `No log files were delivered by CloudTrail between ${T("03:00:31")} and ${T("03:15:31")}`,
        `No log files were delivered by CloudTrail between ${T("02:00:31")} and ${T("02:15:31")}`,
      ),
    );
    expect(r.stdout).toContain(`Results found for ${T("00:15:31")} to ${T("04:00:31")}:\n\n4/4 digest files valid\n8/8 log files valid\n`);
    expect(r.stdout).toContain(
      `Coverage: ${T("00:15:31")} to ${T("04:00:31")}, 2 holes: ${T("02:00:31")} to ${T("02:15:31")}, ${T("03:00:31")} to ${T("03:15:31")}\n`,
    );
    expect(r.run.failed).toBe(false);
  });
});

describe("ct's findings beyond the AWS CLI", () => {
  it("reports a log file that no digest lists inside a validated window", async () => {
    const sc = scenario(["link", "inject-log", "link"]);
    const r = await validate(sc);
    expect(sc.injectedLogKeys).toHaveLength(1);
    expect(r.stderr).toBe(errors(`Log file\t${logUri(sc, sc.injectedLogKeys[0]!)}\tINVALID: listed by no digest file (possibly injected)`));
    expect(r.stdout).toContain("\n3/3 digest files valid\n6/6 log files valid\n");
    expect(r.stdout).toContain("Additional findings: 1 log file listed by no digest file\n");
    expect(r.run.failed).toBe(true);
  });

  it("reports a deleted newest digest from the log files delivered after the last digest", async () => {
    const sc = scenario(["link", "link", "delete-newest"]);
    const r = await validate(sc);
    expect(r.stderr).toBe(
      errors(
        `Digest file\t${digestUri(sc, 2)}\tINVALID: not found (inferred: 2 log files delivered after ${T("02:00:31")}, ` +
          "the end of the newest digest file, are listed by no digest file)",
      ),
    );
    // By default the window reaches the newest file in the tree: the last log file at 02:40.
    expect(r.stdout).toContain(
      `Results requested for ${T("00:00:31")} to ${T("02:40:00")}\nResults found for ${T("00:00:31")} to ${T("02:00:31")}:\n\n2/2 digest files valid\n4/4 log files valid\n`,
    );
    expect(r.stdout).toContain("Additional findings: newest digest file missing\n");
    const finding = r.events.find((e) => e.type === "newest-digest-missing");
    expect(finding).toMatchObject({ logFiles: 2, firstLogTime: T("02:20:00"), lastLogTime: T("02:40:00"), logKeys: standard(sc, 2).logKeys });
  });

  it("does not judge log files after an explicit --end-time", async () => {
    const sc = scenario(["link", "link", "delete-newest"]);
    const r = await validate(sc, { start: Date.parse(T("00:00:00")), end: Date.parse(T("02:00:31")) });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Additional findings: none\n");
  });
});

describe("signatures", () => {
  it("verifies all but the newest digest from the chain alone when no S3 metadata was saved", async () => {
    const sc = scenario(["link", "link", "link"], { sidecars: false });
    const r = await validate(sc, { verbose: true });
    expect(r.stdout).toContain(`Digest file\t${digestUri(sc, 2)}\tvalid (signature not verified: no signature saved)\n`);
    expect(r.stdout).toContain(`Digest file\t${digestUri(sc, 1)}\tvalid\n`);
    expect(r.stdout).toContain(
      "\nSignatures: 2/3 digest signatures verified, 1/3 NOT VERIFIED: no signature saved (S3 metadata of the digest file, or a newer digest linking to it)\n",
    );
    expect(r.run.failed).toBe(false);
  });

  it("makes an unverifiable signature a failure with --require-signatures, like a digest without metadata (upstream 34)", async () => {
    const sc = scenario(["link", "link", "link"], { sidecars: false });
    const r = await validate(sc, { requireSignatures: true });
    expect(r.stderr).toBe(errors(`Digest file\t${digestUri(sc, 2)}\tINVALID: signature verification failed`));
    // The next older digest takes its signature from the invalid newest digest's link: still verified.
    expect(r.stdout).toContain("\n2/3 digest files valid, 1/3 digest files INVALID\n4/4 log files valid\n");
    expect(r.stdout).toContain("\nSignatures: 2/2 digest signatures verified\n");
  });

  it("never calls a signature verified without public keys", async () => {
    const sc = scenario(["link", "link"]);
    const r = await validate(sc, { keys: false, verbose: true });
    expect(r.stdout).toContain(`Digest file\t${digestUri(sc, 1)}\tvalid (signature not verified: no public keys)\n`);
    expect(r.events.filter((e) => e.type === "digest").map((e) => (e as { signature: unknown }).signature)).toEqual([
      { status: "not-verified", reason: "no-public-keys" },
      { status: "not-verified", reason: "no-public-keys" },
    ]);
    expect(r.run.signatures).toEqual({ verified: 0, notVerified: 2 });
  });
});

describe("backfill digests", () => {
  it("validates backfill digests in a second pass with the (backfill) prefix and their own ratio line", async () => {
    const sc = scenario(["link", "backfill", "link"]);
    const r = await validate(sc, { verbose: true });
    const backfill = sc.digests.find((d) => d.backfill)!;
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(
      validLines(sc, 0) +
        `(backfill) Digest file\ts3://${sc.bucket}/${backfill.key}\tvalid\n` +
        `Log file\t${logUri(sc, backfill.logKeys[0]!)}\tvalid\n\n`,
    );
    expect(r.stdout).toContain("\n3/3 digest files valid\n1/1 backfill digest files valid\n7/7 log files valid\n");
    expect(r.stdout).toContain("Additional findings: none\n");
  });
});

describe("windows", () => {
  it("validates the digests of [start, end + 1h] and stops after the first digest starting before start", async () => {
    const sc = scenario(["link", "link", "link", "link", "link"]);
    const r = await validate(sc, { start: Date.parse(T("02:00:00")), end: Date.parse(T("03:00:00")), verbose: true });
    expect(r.stdout).toBe(
      header(T("02:00:00"), T("03:00:00")) +
        validLines(sc, 2) +
        validLines(sc, 1) +
        "\n" +
        `Results requested for ${T("02:00:00")} to ${T("03:00:00")}\n` +
        `Results found for ${T("02:00:00")} to ${T("03:00:00")}:\n` +
        "\n2/2 digest files valid\n4/4 log files valid\n" +
        "\nSignatures: 2/2 digest signatures verified\nAdditional findings: none\n" +
        `Coverage: ${T("01:00:31")} to ${T("03:00:31")}\n`,
    );
  });

  it("says No digests found when the window holds none (upstream 26)", async () => {
    const sc = scenario(["link"]);
    const r = await validate(sc, { start: Date.parse("2026-03-01T00:00:00Z"), end: Date.parse("2026-03-02T00:00:00Z") });
    expect(r.stdout).toBe(
      header("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z") +
        "Results requested for 2026-03-01T00:00:00Z to 2026-03-02T00:00:00Z\nNo digests found\n",
    );
    expect(r.run.failed).toBe(false);
  });
});

describe("trees and layouts", () => {
  it("validates an organization trail of a member account", async () => {
    const sc = scenario(["link", "link"], { orgId: "o-abcdefghij", accountId: "111122223333", trailAccountId: "999988887777" });
    expect(standard(sc, 0).key.startsWith("AWSLogs/o-abcdefghij/111122223333/CloudTrail-Digest/")).toBe(true);
    const r = await validate(sc);
    expect(r.stdout.startsWith(header(T("00:00:31"), T("02:00:31"), "foo (organization o-abcdefghij, account 111122223333)"))).toBe(true);
    expect(r.stdout).toContain("\n2/2 digest files valid\n4/4 log files valid\n");
    const withArn = await validate(sc, { trailArn: sc.trailArn });
    expect(withArn.stdout.startsWith(header(T("00:00:31"), T("02:00:31"), `${sc.trailArn} (organization o-abcdefghij, account 111122223333)`))).toBe(true);
  });

  it("validates each source region of a multi-region trail as its own chain", async () => {
    const root = tempRoot();
    const keysFile = join(root, "keys.json");
    const east = buildScenario(["link", "link"], { root, region: "us-east-1", homeRegion: "us-east-1", publicKeysFile: keysFile });
    const west = buildScenario(["link", "unknown-key"], { root, region: "eu-west-1", homeRegion: "us-east-1", publicKeysFile: keysFile });
    const r = await runValidation([root], { keysFiles: [keysFile] });
    const westDigest = west.digests[1]!;
    expect(r.stderr).toBe(
      errors(`Digest file\ts3://${west.bucket}/${westDigest.key}\tINVALID: public key not found in region us-east-1 for fingerprint ${westDigest.fingerprint}`),
    );
    const blocks = r.stdout.split("Validating log files for trail ").slice(1);
    expect(blocks.map((b) => b.slice(0, b.indexOf(" between ")))).toEqual([`${ARN} (source region eu-west-1)`, ARN]);
    expect(blocks[0]).toContain("\n1/2 digest files valid, 1/2 digest files INVALID\n2/2 log files valid\n");
    expect(blocks[1]).toContain("\n2/2 digest files valid\n4/4 log files valid\n");
    expect(r.stdout.endsWith("\n2 digest chains validated: 1 without findings, 1 with INVALID files or findings\n")).toBe(true);
    expect(east.digests).toHaveLength(2);
    const onlyEast = await runValidation([root], { keysFiles: [keysFile], select: (c) => c.sourceRegion === "us-east-1" });
    expect(onlyEast.stderr).toBe("");
    expect(onlyEast.run.chains).toBe(1);
  });

  it("finds the S3 keys of a prefixed trail whether the bucket root or AWSLogs was copied", async () => {
    const sc = scenario(["link", "tamper-log"], { prefix: "cloudtrail/prod" });
    const expected = errors(`Log file\t${logUri(sc, standard(sc, 1).damagedLogKey!)}\tINVALID: hash value doesn't match`);
    expect(standard(sc, 1).damagedLogKey!.startsWith("cloudtrail/prod/AWSLogs/123456789012/CloudTrail/")).toBe(true);
    const fromRoot = await runValidation([sc.root], { keysFiles: [sc.publicKeysFile] });
    expect(fromRoot.stderr).toBe(expected);
    // `aws s3 sync s3://bucket/cloudtrail/prod/AWSLogs ./dir` drops the prefix and AWSLogs/.
    const fromAwsLogs = await runValidation([join(sc.root, "cloudtrail", "prod", "AWSLogs")], { keysFiles: [sc.publicKeysFile] });
    expect(fromAwsLogs.stderr).toBe(expected);
    expect(fromAwsLogs.stdout).toContain("\n2/2 digest files valid\n3/4 log files valid, 1/4 log files INVALID\n");
  });
});

describe("a trail that moved to another bucket (upstream 16, 35)", () => {
  it("follows links into the new bucket and checks each digest against the bucket its link names", async () => {
    const root = tempRoot();
    const signer = loadSigningKey("primary");
    const chain = { accountId: "123456789012", region: "us-east-1", trailName: "foo", homeRegion: "us-east-1" };
    // Oldest to newest: digest 0 in bucket 3, digests 1-2 in bucket 2, digests 3-4 in bucket 1.
    const buckets = ["3", "2", "2", "1", "1"];
    let previous: PreviousDigest | null = null;
    const keys: string[] = [];
    buckets.forEach((bucket, i) => {
      const end = Date.parse(T("01:00:31")) + i * HOUR;
      const key = digestFileKey(chain, end);
      const d = signDigest(
        digestBody({ accountId: chain.accountId, bucket, key, start: end - HOUR, end, logs: [], previous, signer }),
        signer,
      );
      writeObject(root, key, d.gz);
      writeObject(root, `${key}.metadata.json`, headObjectSidecar(d.gz, { signature: d.signature, "signature-algorithm": "SHA256withRSA" }, end));
      previous = asPrevious(d);
      keys.push(key);
    });
    const keysFile = join(root, "keys.json");
    writeFileSync(keysFile, JSON.stringify({ PublicKeyList: [publicKeyEntry(signer, Date.parse(T("00:00:00")), Date.parse(T("06:00:00")))] }));
    const r = await runValidation([root], { keysFiles: [keysFile], verbose: true });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(
      [4, 3, 2, 1, 0].map((i) => `Digest file\ts3://${buckets[i]}/${keys[i]}\tvalid\n`).join("") + "\nResults requested for",
    );
    expect(r.stdout).toContain("\n5/5 digest files valid\n\nSignatures: 5/5 digest signatures verified\n");
  });
});
