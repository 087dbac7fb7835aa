// Messages on stderr carry text ct did not write: file names (chosen by whoever filled the bucket),
// values quoted from records, and arguments commander rejects. Each is asserted exactly, with every
// control, escape and bidi character shown as a visible escape.
import { afterAll, describe, expect, it } from "vitest";
import { runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";

const GOOD = '{"Records":[{"eventVersion":"1.08","eventTime":"2026-03-01T10:00:00Z","eventName":"GetUser","eventSource":"iam.amazonaws.com","eventID":"g1"}]}';
/** A file name with a screen clear, an OSC 8 hyperlink, a bell, a right-to-left override and a C1 CSI. */
const NAME = "x\x1b[2J\x1b]8;;http:e.x\x07L\x1b]8;;\x07\u202eg\u009b1mp.json";
const SHOWN = "x\\x1b[2J\\x1b]8;;http:e.x\\x07L\\x1b]8;;\\x07\\u{202e}g\\x9b1mp.json";

const tree = makeTempTree({ "a/good.json": GOOD, [`a/${NAME}`]: "not json at all" }, "ct-msg-");
afterAll(() => tree.remove());

describe("file names in messages", () => {
  it.each([["lookup"], ["classify"], ["summary"], ["check"]])("%s names a bad file with its escapes visible", async (command) => {
    const r = await runCt([command, "-j", "1", "--color", "never", "-o", "json", tree.at("a")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ct: ${tree.at("a")}/${SHOWN}: neither gzip nor JSON\n`);
  });

  it("a missing input path is escaped too", async () => {
    const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", tree.at("a/good.json"), tree.at(`nope\x1b[31m\r`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ct: ${tree.at("nope")}\\x1b[31m\\x0d: no such file or directory\n`);
  });

  it("validate-logs names a directory argument with its escapes visible", async () => {
    const r = await runCt(["validate-logs", "-j", "1", tree.at(`a/${NAME}`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ct: ${tree.at("a")}/${SHOWN}: not a directory: validate-logs reads a copied bucket (aws s3 sync s3://bucket/AWSLogs ./bucket)\n`,
    );
  });
});

describe("record values quoted in messages", () => {
  it("a hostile eventTime is quoted with its escapes visible", async () => {
    const t = makeTempTree({ "r.json": JSON.stringify({ Records: [{ eventName: "X", eventSource: "s3.amazonaws.com", eventTime: "\x1b]0;title\x07\u202e\u009b" }] }) });
    try {
      const r = await runCt(["lookup", "-j", "1", "-o", "ndjson", t.at("r.json")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`ct: ${t.at("r.json")}: record 0: eventTime: not a valid ISO-8601 time: "\\u001b]0;title\\u0007\\u{202e}\\x9b" (record kept)\n`);
    } finally {
      t.remove();
    }
  });
});

describe("arguments commander rejects", () => {
  it.each([
    [["lookup", "--evil\x1b]8;;http://x\x07"], "ct lookup: unknown option '--evil\\x1b]8;;http://x\\x07'\n"],
    [["nope\x1b[31m"], "ct: unknown command 'nope\\x1b[31m'\n"],
    [["rules", "test", "--x\x1b[1m"], "ct rules test: unknown option '--x\\x1b[1m'\n"],
    [
      ["summary", "--by", "\x1b[3J\r"],
      "ct summary: option '--by <WHAT>' argument '\\x1b[3J\\x0d' is invalid. Allowed choices are user, role, ip, source, region, account, error.\n",
    ],
    [["lookup", "--sort", "\u202e\x1b[2J"], 'ct: --sort: "\\u{202e}\\x1b[2J" is not one of desc, asc, none\n'],
  ])("%j", async (args, stderr) => {
    const r = await runCt(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe("");
  });
});
