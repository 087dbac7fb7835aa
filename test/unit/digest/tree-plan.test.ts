// Finding chains and log folders from file lists alone, the key/path mapping of a chain, and the
// coverage arithmetic behind "listed by no digest" and "newest digest missing".
import { describe, expect, it } from "vitest";
import { findLogFindings, mergeWindows } from "../../../src/digest/coverage.js";
import { headsAgree, KeySpace } from "../../../src/digest/key-space.js";
import { planTree } from "../../../src/digest/tree-plan.js";

const D = (acct: string, region: string, trail: string, home: string, stamp: string, extra = "") =>
  `${acct}/CloudTrail-Digest/${region}/${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}/` +
  `${acct}_CloudTrail-Digest_${region}_${trail}_${home}_${stamp}${extra}.json.gz`;
const L = (acct: string, region: string, stamp: string) =>
  `${acct}/CloudTrail/${region}/${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}/${acct}_CloudTrail_${region}_${stamp}_AAAAAAAAAAAAAAAA.json.gz`;

describe("planTree", () => {
  const files = [
    `AWSLogs/${D("111122223333", "us-east-1", "main", "us-east-1", "20260201T020031Z")}`,
    `AWSLogs/${D("111122223333", "us-east-1", "main", "us-east-1", "20260201T010031Z")}`,
    `AWSLogs/${D("111122223333", "us-east-1", "main", "us-east-1", "20260201T010031Z", "_backfill")}`,
    `AWSLogs/${D("111122223333", "us-east-1", "main", "us-east-1", "20260201T010031Z")}.metadata.json`,
    `AWSLogs/${D("111122223333", "eu-west-1", "main", "us-east-1", "20260201T010031Z")}`,
    `AWSLogs/${D("111122223333", "us-east-1", "audit", "us-east-1", "20260201T010031Z")}`,
    `AWSLogs/o-abcdefghij/${D("444455556666", "us-east-1", "org", "us-east-1", "20260201T010031Z")}`,
    `AWSLogs/${L("111122223333", "us-east-1", "20260201T0120Z")}`,
    `AWSLogs/${L("111122223333", "us-east-1", "20260201T0110Z")}`,
    `AWSLogs/${L("111122223333", "ap-south-1", "20260201T0110Z")}`,
    "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/02/01/garbage.json.gz",
    "AWSLogs/111122223333/Config/ConfigWritabilityCheckFile",
  ];

  it("finds one chain per trail, account, organization and source region, sorted and split by kind", () => {
    const plan = planTree([{ root: "bkt", files }]);
    expect(plan.chains.map((c) => c.id)).toEqual([
      "0:AWSLogs/111122223333/CloudTrail-Digest/eu-west-1 main us-east-1",
      "0:AWSLogs/111122223333/CloudTrail-Digest/us-east-1 audit us-east-1",
      "0:AWSLogs/111122223333/CloudTrail-Digest/us-east-1 main us-east-1",
      "0:AWSLogs/o-abcdefghij/444455556666/CloudTrail-Digest/us-east-1 org us-east-1",
    ]);
    const main = plan.chains[2]!;
    expect(main.digests.map((d) => d.name.stamp)).toEqual(["20260201T010031Z", "20260201T020031Z"]);
    expect(main.backfills.map((d) => d.name.stamp)).toEqual(["20260201T010031Z"]);
    expect(plan.chains[3]).toMatchObject({ orgId: "o-abcdefghij", accountId: "444455556666", trailName: "org" });
    expect(plan.unrecognised).toBe(1);
  });

  it("gives each chain the log files of its folder, shared by two trails of the same folder", () => {
    const plan = planTree([{ root: "bkt", files }]);
    const folder = plan.logFolders.find((f) => f.id === "0:AWSLogs/111122223333/CloudTrail/us-east-1")!;
    expect(folder.logs.map((l) => l.time)).toEqual([Date.parse("2026-02-01T01:10:00Z"), Date.parse("2026-02-01T01:20:00Z")]);
    expect(folder.chainIds).toEqual([
      "0:AWSLogs/111122223333/CloudTrail-Digest/us-east-1 audit us-east-1",
      "0:AWSLogs/111122223333/CloudTrail-Digest/us-east-1 main us-east-1",
    ]);
    expect(plan.logFolders.some((f) => f.id.includes("ap-south-1"))).toBe(false);
  });

  it("lets the caller select chains (--account, --region, --trail)", () => {
    const plan = planTree([{ root: "bkt", files }], (c) => c.trailName === "main" && c.sourceRegion === "us-east-1");
    expect(plan.chains.map((c) => c.trailName + " " + c.sourceRegion)).toEqual(["main us-east-1"]);
  });

  it("keeps the trees of several directories apart", () => {
    const one = `AWSLogs/${D("111122223333", "us-east-1", "main", "us-east-1", "20260201T010031Z")}`;
    const plan = planTree([
      { root: "a", files: [one] },
      { root: "b", files: [one] },
    ]);
    expect(plan.chains.map((c) => `${c.root} ${c.id}`)).toEqual([
      "a 0:AWSLogs/111122223333/CloudTrail-Digest/us-east-1 main us-east-1",
      "b 1:AWSLogs/111122223333/CloudTrail-Digest/us-east-1 main us-east-1",
    ]);
  });
});

describe("KeySpace", () => {
  const tail = D("111122223333", "us-east-1", "main", "us-east-1", "20260201T010031Z");

  it("agrees on heads seen from roots at different depths", () => {
    expect(headsAgree("", "pfx/AWSLogs/")).toBe(true);
    expect(headsAgree("AWSLogs/", "pfx/AWSLogs/")).toBe(true);
    expect(headsAgree("bucket/pfx/AWSLogs/", "pfx/AWSLogs/")).toBe(true);
    expect(headsAgree("other/AWSLogs/", "pfx/AWSLogs/")).toBe(false);
    expect(headsAgree("xpfx/AWSLogs/", "pfx/AWSLogs/")).toBe(false);
  });

  it("learns bucket and key head from a digest lying where it says, then maps keys both ways", () => {
    const space = new KeySpace("/data/copy", "");
    expect(space.learnFrom("bkt", `pfx/AWSLogs/${tail}`, tail)).toBe(true);
    expect(space.bucket).toBe("bkt");
    expect(space.keyOf(tail)).toBe(`pfx/AWSLogs/${tail}`);
    expect(space.pathOf(`pfx/AWSLogs/${tail}`)).toBe(`/data/copy/${tail}`);
    expect(space.pathOf(`other/AWSLogs/${tail}`)).toBeUndefined();
    expect(space.uriOf(`pfx/AWSLogs/${tail}`, null)).toBe(`s3://bkt/pfx/AWSLogs/${tail}`);
    // Once learned, a digest claiming another head does not agree.
    expect(space.learnFrom("bkt", `other/AWSLogs/${tail}`, tail)).toBe(false);
  });

  it("refuses a claimed key whose tail differs or whose head contradicts the local one", () => {
    const space = new KeySpace("r", "pfx/AWSLogs/");
    expect(space.learnFrom("bkt", `pfx/AWSLogs/${tail.replace("010031Z", "020031Z")}`, tail)).toBe(false);
    expect(space.learnFrom("bkt", `other/AWSLogs/${tail}`, tail)).toBe(false);
    expect(space.keyHead).toBeUndefined();
    expect(space.uriOf("k", "r/k")).toBe("r/k");
  });
});

describe("coverage", () => {
  const t = (hhmm: string) => Date.parse(`2026-02-01T${hhmm}Z`);
  const log = (hhmm: string) => ({ relativePath: hhmm, tail: hhmm, time: t(hhmm) });

  it("merges touching and overlapping windows", () => {
    expect(mergeWindows([{ start: 3, end: 4 }, { start: 1, end: 2 }, { start: 2, end: 3 }, { start: 6, end: 7 }])).toEqual([
      { start: 1, end: 4 },
      { start: 6, end: 7 },
    ]);
  });

  it("judges a log file by its whole delivery minute", () => {
    const windows = [{ start: t("00:00:31"), end: t("01:00:31") }];
    const logs = [log("00:00"), log("00:01"), log("00:59"), log("01:00"), log("01:30")];
    const r = findLogFindings({ logs, isListed: () => false, validWindows: windows, newestEnd: t("01:00:31"), start: t("00:00"), end: t("02:00") });
    // 00:00 may have been delivered before the window opened; 01:00 may belong to the next digest.
    expect(r.unlisted.map((l) => l.tail)).toEqual(["00:01", "00:59"]);
    expect(r.afterNewest.map((l) => l.tail)).toEqual(["01:00", "01:30"]);
  });

  it("judges files against several covered spans, leaving files in holes alone", () => {
    const windows = [
      { start: t("02:00"), end: t("03:00") },
      { start: t("00:00"), end: t("01:00") },
    ];
    const logs = [log("00:30"), log("01:30"), log("02:30"), log("03:30")];
    const r = findLogFindings({ logs, isListed: () => false, validWindows: windows, newestEnd: t("03:00"), start: t("00:00"), end: t("04:00") });
    expect(r.unlisted.map((l) => l.tail)).toEqual(["00:30", "02:30"]);
    expect(r.afterNewest.map((l) => l.tail)).toEqual(["03:30"]);
  });

  it("skips listed files and files outside the requested window", () => {
    const windows = [{ start: t("00:00:31"), end: t("02:00:31") }];
    const logs = [log("00:10"), log("00:20"), log("01:50")];
    const r = findLogFindings({
      logs,
      isListed: (tail) => tail === "00:20",
      validWindows: windows,
      newestEnd: t("02:00:31"),
      start: t("00:15"),
      end: t("01:00"),
    });
    expect(r).toEqual({ unlisted: [], afterNewest: [] });
  });
});
