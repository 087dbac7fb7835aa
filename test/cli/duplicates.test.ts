// The same event delivered twice (two trails writing to one bucket): lookup notices and, with
// --dedupe, prints it once in every order and with a limit; summary counts the repeated eventIDs
// while its totals keep every record. Records without an eventID are never taken as repeats.
import { afterAll, describe, expect, it } from "vitest";
import { parseNdjson } from "../helpers/fixture-records.js";
import { runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";

const rec = (id: string | undefined, second: number) => ({
  eventVersion: "1.08",
  eventTime: `2026-03-01T10:00:${String(second).padStart(2, "0")}Z`,
  eventSource: "iam.amazonaws.com",
  eventName: "GetUser",
  awsRegion: "us-east-1",
  ...(id === undefined ? {} : { eventID: id }),
});
// Trail A has e1..e4; trail B repeats e2 and e3 (same record) and adds e5; two records have no ID.
const A = [rec("e1", 1), rec("e2", 2), rec("e3", 3), rec("e4", 4), rec(undefined, 5)];
const B = [rec("e2", 2), rec("e3", 3), rec("e5", 6), rec(undefined, 5)];
const tree = makeTempTree(
  {
    "a/AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/01/111122223333_CloudTrail_us-east-1_20260301T1005Z_aaaa.json": JSON.stringify({ Records: A }),
    "b/AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/01/111122223333_CloudTrail_us-east-1_20260301T1005Z_bbbb.json": JSON.stringify({ Records: B }),
  },
  "ct-dup-",
);
afterAll(() => tree.remove());
const ids = (stdout: string) => parseNdjson(stdout).map((x) => (x["eventID"] as string | undefined) ?? "-");
const lookup = (...args: string[]) => runCt(["lookup", "-j", "1", "-o", "ndjson", ...args, tree.root]);

describe("lookup", () => {
  it("prints both copies without --dedupe and says how many events repeat an eventID", async () => {
    const r = await lookup("--sort", "asc");
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(["e1", "e2", "e2", "e3", "e3", "e4", "-", "-", "e5"]);
    expect(r.stderr).toBe(
      "ct: 2 matching events repeat an eventID already seen (the same event delivered twice, e.g. by two trails writing to one bucket); --dedupe prints each once\n",
    );
  });

  it.each([
    [["--sort", "asc"], ["e1", "e2", "e3", "e4", "-", "-", "e5"]],
    [["--sort", "desc"], ["e5", "-", "-", "e4", "e3", "e2", "e1"]],
    [["--sort", "none"], ["e1", "e2", "e3", "e4", "-", "e5", "-"]],
  ])("--dedupe %j prints each event once; records without an eventID all stay", async (order, expected) => {
    const r = await lookup("--dedupe", ...order);
    expect(r.code).toBe(0);
    expect(ids(r.stdout)).toEqual(expected);
    expect(r.stderr).toBe("ct: --dedupe: 2 repeated events (an eventID already printed) left out\n");
  });

  it("--dedupe with --limit counts distinct events", async () => {
    const r = await lookup("--dedupe", "--sort", "asc", "--limit", "3");
    expect(ids(r.stdout)).toEqual(["e1", "e2", "e3"]);
    const none = await lookup("--dedupe", "--sort", "none", "--limit", "4");
    expect(ids(none.stdout)).toEqual(["e1", "e2", "e3", "e4"]);
  });

  it("-q hides the note; the output is the same", async () => {
    const r = await lookup("--dedupe", "-q", "--sort", "asc");
    expect(r.stderr).toBe("");
    expect(ids(r.stdout)).toEqual(["e1", "e2", "e3", "e4", "-", "-", "e5"]);
  });
});

describe("summary", () => {
  it("counts every record, warns about the repeated eventIDs and reports their number", async () => {
    const r = await runCt(["summary", "-j", "1", "-o", "json", tree.root]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { totals: { events: number; duplicateEventIds: number } };
    expect(doc.totals.events).toBe(9);
    expect(doc.totals.duplicateEventIds).toBe(2);
    expect(r.stderr).toBe(
      "ct: 2 events repeat an eventID already counted (the same event delivered twice, e.g. by two trails writing to one bucket); every count includes them (ct lookup --dedupe lists each once)\n",
    );
  });

  it("with worker threads too", async () => {
    const r = await runCt(["summary", "-j", "2", "-o", "json", tree.root]);
    expect((JSON.parse(r.stdout) as { totals: { duplicateEventIds: number } }).totals.duplicateEventIds).toBe(2);
  });
});
