// Tests for path pruning: each rule alone, and the time edges where a wrong comparison would
// lose events (a file delivered just inside the window, the hour of late delivery after --until,
// day folders at both ends of the window).
import { describe, expect, it } from "vitest";
import { DELIVERY_SLACK_MS, type PruneSpec, pruneDir, pruneFile } from "../../../src/source/prune.js";
import { type LayoutKind, dirScope, parseS3Location } from "../../../src/source/s3-layout.js";

const ACCT = "111122223333";
const OTHER = "444455556666";
const MIN = 60_000;

function spec(extra: Partial<PruneSpec> = {}): PruneSpec {
  return { kinds: new Set<LayoutKind>(["CloudTrail"]), ...extra };
}

/** A log file path delivered at the given UTC time. */
function logAt(ms: number, opts: { account?: string; region?: string; kind?: LayoutKind } = {}): string {
  const d = new Date(ms).toISOString();
  const [y, mo, day] = [d.slice(0, 4), d.slice(5, 7), d.slice(8, 10)];
  const stamp = `${y}${mo}${day}T${d.slice(11, 13)}${d.slice(14, 16)}Z`;
  const account = opts.account ?? ACCT;
  const region = opts.region ?? "us-east-1";
  const kind = opts.kind ?? "CloudTrail";
  return `AWSLogs/${account}/${kind}/${region}/${y}/${mo}/${day}/${account}_${kind}_${region}_${stamp}_abcdEFGH12345678.json.gz`;
}

function fileVerdict(p: string, s: PruneSpec) {
  const loc = parseS3Location(p);
  if (!loc) throw new Error(`not a layout path: ${p}`);
  return pruneFile(loc, s);
}

function dirVerdict(p: string, s: PruneSpec) {
  const scope = dirScope(p);
  if (!scope) throw new Error(`not a layout directory: ${p}`);
  return pruneDir(scope, s);
}

const T = Date.UTC(2026, 2, 1, 10, 0, 30); // 2026-03-01T10:00:30Z

describe("pruneFile", () => {
  it("keeps a CloudTrail log when nothing is asked", () => {
    expect(fileVerdict(logAt(T), spec())).toEqual({ keep: true });
  });

  it("drops other services' files and folders not requested", () => {
    const config = parseS3Location(`AWSLogs/${ACCT}/Config/us-east-1/2026/3/1/ConfigSnapshot/x.json.gz`)!;
    expect(pruneFile(config, spec())).toEqual({ keep: false, reason: "Config folder: not a CloudTrail file" });
    expect(fileVerdict(logAt(T, { kind: "CloudTrail-Digest" }), spec())).toEqual({
      keep: false,
      reason: "CloudTrail-Digest folder not requested",
    });
    expect(fileVerdict(logAt(T, { kind: "CloudTrail-Insight" }), spec())).toEqual({
      keep: false,
      reason: "CloudTrail-Insight folder not requested",
    });
    const both = spec({ kinds: new Set<LayoutKind>(["CloudTrail", "CloudTrail-Insight"]) });
    expect(fileVerdict(logAt(T, { kind: "CloudTrail-Insight" }), both)).toEqual({ keep: true });
  });

  it("drops other accounts and regions", () => {
    const s = spec({ accounts: new Set([ACCT]), regions: new Set(["us-east-1", "eu-west-1"]) });
    expect(fileVerdict(logAt(T), s)).toEqual({ keep: true });
    expect(fileVerdict(logAt(T, { region: "eu-west-1" }), s)).toEqual({ keep: true });
    expect(fileVerdict(logAt(T, { account: OTHER }), s)).toEqual({ keep: false, reason: `account ${OTHER}` });
    expect(fileVerdict(logAt(T, { region: "us-west-2" }), s)).toEqual({ keep: false, reason: "region us-west-2" });
  });

  it("keeps a file whose region is unknown when regions are asked for", () => {
    const loc = parseS3Location(`AWSLogs/${ACCT}/CloudTrail/${ACCT}_CloudTrail_us-east-1_20260301T1000Z_x.json.gz`)!;
    expect(pruneFile(loc, spec({ regions: new Set(["eu-west-1"]) }))).toEqual({ keep: true });
  });

  describe("--since (the name is the delivery time: events are older than it)", () => {
    const since = T; // 10:00:30
    it("keeps a file named 5 minutes after --since's minute", () => {
      expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 10, 5)), spec({ since }))).toEqual({ keep: true });
    });
    it("keeps a file named in --since's own minute (it may hold events up to 10:00:59)", () => {
      expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 10, 0)), spec({ since }))).toEqual({ keep: true });
    });
    it("drops a file named the minute before", () => {
      expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 9, 59)), spec({ since }))).toEqual({
        keep: false,
        reason: "delivered before --since",
      });
    });
    it("keeps a file named exactly one minute before a --since on the minute", () => {
      // Name 09:59 → events up to 09:59:59.999 < 10:00:00: dropping would also be safe; keeping is the rule.
      expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 9, 59)), spec({ since: Date.UTC(2026, 2, 1, 10, 0) }))).toEqual({
        keep: true,
      });
    });
    it("drops files delivered days before", () => {
      expect(fileVerdict(logAt(Date.UTC(2026, 1, 27, 23, 55)), spec({ since }))).toMatchObject({ keep: false });
    });
  });

  describe("--until (files delivered up to 1 h later may still hold events of the window)", () => {
    const until = Date.UTC(2026, 2, 1, 10, 0);
    it("keeps a file delivered 59 minutes after --until", () => {
      expect(fileVerdict(logAt(until + 59 * MIN), spec({ until }))).toEqual({ keep: true });
    });
    it("keeps a file delivered exactly 1 h after --until", () => {
      expect(fileVerdict(logAt(until + DELIVERY_SLACK_MS), spec({ until }))).toEqual({ keep: true });
    });
    it("drops a file delivered 61 minutes after --until", () => {
      expect(fileVerdict(logAt(until + 61 * MIN), spec({ until }))).toEqual({
        keep: false,
        reason: "delivered more than 1h after --until",
      });
    });
    it("keeps files delivered before --until", () => {
      expect(fileVerdict(logAt(until - 3 * 86_400_000), spec({ until }))).toEqual({ keep: true });
    });
  });

  it("applies both ends of a window", () => {
    const s = spec({ since: Date.UTC(2026, 2, 1, 10, 0), until: Date.UTC(2026, 2, 1, 11, 0) });
    expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 9, 58)), s)).toMatchObject({ keep: false });
    expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 10, 30)), s)).toEqual({ keep: true });
    expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 12, 0)), s)).toEqual({ keep: true });
    expect(fileVerdict(logAt(Date.UTC(2026, 2, 1, 12, 1)), s)).toMatchObject({ keep: false });
  });

  it("keeps a file whose name carries no time, whatever the window", () => {
    const loc = parseS3Location(`AWSLogs/${ACCT}/CloudTrail/us-east-1/2020/01/01/renamed.json.gz`)!;
    expect(pruneFile(loc, spec({ since: T, until: T }))).toEqual({ keep: true });
  });

  it("judges digests by their end time, to the second", () => {
    const name = `${ACCT}_CloudTrail-Digest_us-east-1_t_us-east-1_20260301T095959Z.json.gz`;
    const loc = parseS3Location(`AWSLogs/${ACCT}/CloudTrail-Digest/us-east-1/2026/03/01/${name}`)!;
    const kinds = new Set<LayoutKind>(["CloudTrail-Digest"]);
    expect(pruneFile(loc, { kinds, since: Date.UTC(2026, 2, 1, 10, 0, 59) })).toEqual({ keep: true });
    expect(pruneFile(loc, { kinds, since: Date.UTC(2026, 2, 1, 10, 1) })).toMatchObject({ keep: false });
  });
});

describe("pruneDir", () => {
  const region = `/x/AWSLogs/${ACCT}/CloudTrail/us-east-1`;

  it("keeps folders above the account and unknown folders", () => {
    expect(dirVerdict("/x/AWSLogs", spec({ accounts: new Set([OTHER]) }))).toEqual({ keep: true });
    expect(dirVerdict("/x/AWSLogs/o-exampleorg1", spec({ accounts: new Set([OTHER]) }))).toEqual({ keep: true });
  });

  it("drops another account's folder", () => {
    expect(dirVerdict(`/x/AWSLogs/${ACCT}`, spec({ accounts: new Set([OTHER]) }))).toEqual({
      keep: false,
      reason: `account ${ACCT}`,
    });
    expect(dirVerdict(`/x/AWSLogs/${ACCT}`, spec({ accounts: new Set([ACCT]) }))).toEqual({ keep: true });
  });

  it("drops service folders that are not CloudTrail or not requested", () => {
    expect(dirVerdict(`/x/AWSLogs/${ACCT}/Config`, spec())).toEqual({ keep: false, reason: "Config folder: not CloudTrail" });
    expect(dirVerdict(`/x/AWSLogs/${ACCT}/CloudTrail-Digest`, spec())).toEqual({
      keep: false,
      reason: "CloudTrail-Digest folder not requested",
    });
    expect(dirVerdict(`/x/AWSLogs/${ACCT}/CloudTrail`, spec())).toEqual({ keep: true });
  });

  it("drops another region's folder", () => {
    expect(dirVerdict(region, spec({ regions: new Set(["eu-west-1"]) }))).toEqual({ keep: false, reason: "region us-east-1" });
    expect(dirVerdict(region, spec({ regions: new Set(["us-east-1"]) }))).toEqual({ keep: true });
  });

  describe("day folders at the edges of the window", () => {
    const since = Date.UTC(2026, 2, 1, 0, 5); // 2026-03-01T00:05:00Z
    it("drops the day before --since's day", () => {
      expect(dirVerdict(`${region}/2026/02/28`, spec({ since }))).toEqual({ keep: false, reason: "dates before --since" });
    });
    it("keeps --since's own day", () => {
      expect(dirVerdict(`${region}/2026/03/01`, spec({ since }))).toEqual({ keep: true });
    });
    it("keeps the previous day when --since is in the first minute of a day", () => {
      // A digest named 23:59:59 is kept by the file rule until 00:00:59, so its folder is too.
      expect(dirVerdict(`${region}/2026/02/28`, spec({ since: Date.UTC(2026, 2, 1, 0, 0, 59) }))).toEqual({ keep: true });
      expect(dirVerdict(`${region}/2026/02/28`, spec({ since: Date.UTC(2026, 2, 1, 0, 1, 0) }))).toMatchObject({ keep: false });
    });
    it("drops months and years wholly before --since", () => {
      expect(dirVerdict(`${region}/2026/02`, spec({ since }))).toMatchObject({ keep: false });
      expect(dirVerdict(`${region}/2025`, spec({ since }))).toMatchObject({ keep: false });
      expect(dirVerdict(`${region}/2026/03`, spec({ since }))).toEqual({ keep: true });
      expect(dirVerdict(`${region}/2026`, spec({ since }))).toEqual({ keep: true });
    });

    const until = Date.UTC(2026, 2, 1, 23, 59, 59, 999); // --until 2026-03-01 (end of day)
    it("keeps the day after --until: files delivered in its first hour may hold events of the window", () => {
      expect(dirVerdict(`${region}/2026/03/02`, spec({ until }))).toEqual({ keep: true });
    });
    it("drops the day after --until when --until is more than an hour before midnight", () => {
      expect(dirVerdict(`${region}/2026/03/02`, spec({ until: Date.UTC(2026, 2, 1, 22, 59, 59) }))).toEqual({
        keep: false,
        reason: "dates after --until",
      });
      expect(dirVerdict(`${region}/2026/03/02`, spec({ until: Date.UTC(2026, 2, 1, 23, 0, 0) }))).toEqual({ keep: true });
    });
    it("drops days, months and years wholly after --until", () => {
      expect(dirVerdict(`${region}/2026/03/03`, spec({ until }))).toMatchObject({ keep: false });
      expect(dirVerdict(`${region}/2026/04`, spec({ until }))).toMatchObject({ keep: false });
      expect(dirVerdict(`${region}/2027`, spec({ until }))).toMatchObject({ keep: false });
      expect(dirVerdict(`${region}/2026/03`, spec({ until }))).toEqual({ keep: true });
    });
  });

  it("never drops a folder holding a file the file rule would keep", () => {
    // Consistency over a window's edges: walk each minute of three days and compare both rules.
    const s = spec({ since: Date.UTC(2026, 2, 2, 0, 0, 30), until: Date.UTC(2026, 2, 2, 23, 10) });
    for (let t = Date.UTC(2026, 2, 1); t < Date.UTC(2026, 2, 4); t += MIN) {
      const file = logAt(t);
      if (!fileVerdict(file, s).keep) continue;
      const dir = file.slice(0, file.lastIndexOf("/"));
      expect(dirVerdict(dir, s), dir).toEqual({ keep: true });
      expect(dirVerdict(dir.slice(0, dir.lastIndexOf("/")), s)).toEqual({ keep: true });
    }
  });
});
