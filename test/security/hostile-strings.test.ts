// The hostile strings through every command's human output and CSV: ESC, a CSI screen clear, an
// OSC 8 hyperlink, BEL, backspace, carriage return, a right-to-left override, the C1 CSI and a line
// separator in every field a caller controls, plus CSV formula starts, commas and quotes. Each
// output is asserted exactly: escaped where a terminal reads it, byte-faithful and defused in CSV
// files. Expected texts are literal goldens, reviewed line by line; nothing here calls the
// sanitiser to compute them.
import { afterAll, describe, expect, it } from "vitest";
import { runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";

/** What a caller can put in a field. */
const H = "\x1b[2J\x1b]8;;http://e.x\x07L\x1b]8;;\x07\b\r\u202eX\u009b1m\u2028";
/** H as a terminal must show it. */
const E = "\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9b1m\\u{2028}";

const RECORD = {
  eventVersion: "1.08",
  eventTime: "2026-03-01T10:00:00Z",
  eventSource: `s3${H}.amazonaws.com`,
  eventName: `Get${H}`,
  awsRegion: `us-east-1${H}`,
  sourceIPAddress: `@SUM(1+1)${H}`,
  userAgent: `+ua${H}`,
  errorCode: `-Err${H}`,
  errorMessage: `m${H}`,
  eventID: "id-1",
  recipientAccountId: "111122223333",
  eventType: "AwsApiCall",
  readOnly: true,
  userIdentity: { type: "IAMUser", userName: `=cmd|' /C calc'!A0${H}`, arn: `arn:aws:iam::111122223333:user/u${H}`, accountId: "111122223333" },
  resources: [{ ARN: `arn:aws:s3:::b,"q"${H}`, type: "AWS::S3::Bucket" }],
};
const RULE = `rules:\n  - id: hostile\n    title: ${JSON.stringify(`Title ${H}`)}\n    severity: high\n    pattern:\n      eventbridge: {"detail": {"eventID": ["id-1"]}}\n`;

const tree = makeTempTree({ "logs/a.json": JSON.stringify({ Records: [RECORD] }), "rule.yaml": RULE }, "ct-hostile-");
afterAll(() => tree.remove());
const LOGS = tree.at("logs");

/** Runs a command as a person at a terminal would (stdout a TTY, no colour) or into a file. */
async function ct(args: string[], terminal: boolean) {
  const r = await runCt([...args, ...(args[0] === "rules" ? [] : ["-j", "1", "--color", "never", LOGS])], { stdoutTTY: terminal });
  expect(r.stderr).toBe("");
  return r;
}

describe("lookup", () => {
  it("text: every field escaped", async () => {
    const r = await ct(["lookup", "-o", "text"], true);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`2026-03-01T10:00:00Z  Get${E}  =cmd|' /C calc'!A0${E}  s3${E}  us-east-1${E}  b,"q"${E}  @SUM(1+1)${E}  -Err${E}
`);
  });

  it("table: every cell escaped", async () => {
    const r = await ct(["lookup", "-o", "table"], true);
    expect(r.stdout).toBe(`┌──────────────────────┬──────────────────────────────────────────────────────────────────────────────┬─────────────────────────────────────────────────────────────────────────────────────────────┬─────────────────────────────────────────────────────────────────────────────┬────────────────────────────────────────────────────────────────────────────────────┬────────────────────────────────────────────────────────────────────────────────┬────────────────────────────────────────────────────────────────────────────────────┬───────────────────────────────────────────────────────────────────────────────┐
│ time                 │ event                                                                        │ user                                                                                        │ source                                                                      │ region                                                                             │ resource                                                                       │ ip                                                                                 │ error                                                                         │
├──────────────────────┼──────────────────────────────────────────────────────────────────────────────┼─────────────────────────────────────────────────────────────────────────────────────────────┼─────────────────────────────────────────────────────────────────────────────┼────────────────────────────────────────────────────────────────────────────────────┼────────────────────────────────────────────────────────────────────────────────┼────────────────────────────────────────────────────────────────────────────────────┼───────────────────────────────────────────────────────────────────────────────┤
│ 2026-03-01T10:00:00Z │ Get${E} │ =cmd|' /C calc'!A0${E} │ s3${E} │ us-east-1${E} │ b,"q"${E} │ @SUM(1+1)${E} │ -Err${E} │
└──────────────────────┴──────────────────────────────────────────────────────────────────────────────┴─────────────────────────────────────────────────────────────────────────────────────────────┴─────────────────────────────────────────────────────────────────────────────┴────────────────────────────────────────────────────────────────────────────────────┴────────────────────────────────────────────────────────────────────────────────┴────────────────────────────────────────────────────────────────────────────────────┴───────────────────────────────────────────────────────────────────────────────┘
`);
  });

  it("csv into a file: bytes kept, formula starts defused, commas and quotes quoted", async () => {
    const r = await ct(["lookup", "-o", "csv"], false);
    expect(r.stdout).toBe(`time,event,user,source,region,resource,ip,error
2026-03-01T10:00:00Z,"Get${H}","'=cmd|' /C calc'!A0${H}","s3${H}","us-east-1${H}","b,""q""${H}","'@SUM(1+1)${H}","'-Err${H}"
`);
  });

  it("csv on a terminal: defused, then escaped like text", async () => {
    const r = await ct(["lookup", "-o", "csv"], true);
    expect(r.stdout).toBe(`time,event,user,source,region,resource,ip,error
2026-03-01T10:00:00Z,Get${E},'=cmd|' /C calc'!A0${E},s3${E},us-east-1${E},"b,""q""${E}",'@SUM(1+1)${E},'-Err${E}
`);
  });

  it("json and ndjson stay byte-faithful JSON of the record", async () => {
    for (const format of ["json", "ndjson"]) {
      const r = await ct(["lookup", "-o", format], true);
      expect(r.stdout).toContain(JSON.stringify(RECORD));
    }
  });
});

describe("classify", () => {
  it("text", async () => {
    expect((await ct(["classify"], true)).stdout).toBe(`Events by category  1 event, 2026-03-01T10:00:00Z to 2026-03-01T10:00:00Z
CATEGORY         EVENTS   SHARE  READ  WRITE  UNKNOWN
Management            1  100.0%     1      0        0
Data                  0    0.0%     0      0        0
NetworkActivity       0    0.0%     0      0        0
Insight               0    0.0%     0      0        0
Aggregated            0    0.0%     0      0        0

Management: 1 event by read/write and event source
READ/WRITE  EVENT SOURCE                                                              EVENTS   SHARE
read        s3\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9b1m\\u{2…       1  100.0%
`);
  });

  it("table", async () => {
    expect((await ct(["classify", "-o", "table"], true)).stdout).toBe(`Events by category  1 event, 2026-03-01T10:00:00Z to 2026-03-01T10:00:00Z
┌─────────────────┬────────┬────────┬──────┬───────┬─────────┐
│ CATEGORY        │ EVENTS │  SHARE │ READ │ WRITE │ UNKNOWN │
├─────────────────┼────────┼────────┼──────┼───────┼─────────┤
│ Management      │      1 │ 100.0% │    1 │     0 │       0 │
├─────────────────┼────────┼────────┼──────┼───────┼─────────┤
│ Data            │      0 │   0.0% │    0 │     0 │       0 │
├─────────────────┼────────┼────────┼──────┼───────┼─────────┤
│ NetworkActivity │      0 │   0.0% │    0 │     0 │       0 │
├─────────────────┼────────┼────────┼──────┼───────┼─────────┤
│ Insight         │      0 │   0.0% │    0 │     0 │       0 │
├─────────────────┼────────┼────────┼──────┼───────┼─────────┤
│ Aggregated      │      0 │   0.0% │    0 │     0 │       0 │
└─────────────────┴────────┴────────┴──────┴───────┴─────────┘

Management: 1 event by read/write and event source
┌────────────┬─────────────────────────────────────────────────────┬────────┬────────┐
│ READ/WRITE │ EVENT SOURCE                                        │ EVENTS │  SHARE │
├────────────┼─────────────────────────────────────────────────────┼────────┼────────┤
│ read       │ s3\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0 │      1 │ 100.0% │
│            │ d\\u{202e}X\\x9b1m\\u{2028}.amazonaws.com              │        │        │
└────────────┴─────────────────────────────────────────────────────┴────────┴────────┘
`);
  });

  it("csv into a file", async () => {
    expect((await ct(["classify", "-o", "csv"], false)).stdout).toBe(`category,readWrite,eventSource,events,share
Management,read,"s3${H}.amazonaws.com",1,1
`);
  });
});

describe("summary", () => {
  it("text with --by: tables and sections escaped", async () => {
    expect((await ct(["summary", "--by", "ip"], true)).stdout).toBe(`Summary  1 event in 1 file, 1 account, 1 region, 1 principal
First event 2026-03-01T10:00:00Z, last 2026-03-01T10:00:00Z
Errors 1 (100.0%)
Categories  Management 1, Data 0, NetworkActivity 0, Insight 0, Aggregated 0
Read/write  read 1, write 0, unknown 0

Events per hour
2026-03-01 10:00  1  ████████████████████████████████████████

Top principals
PRINCIPAL                                                                 TYPE     EVENTS   SHARE
=cmd|' /C calc'!A0\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{…  IAMUser       1  100.0%

Top event names
EVENT                                                                     EVENT SOURCE                                                              EVENTS   SHARE
Get\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9b1m\\u{…  s3\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9b1m\\u{2…       1  100.0%

Top event sources
EVENT SOURCE                                                              EVENTS   SHARE
s3\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9b1m\\u{2…       1  100.0%

Top source IPs
SOURCE IP                                                                 EVENTS   SHARE
@SUM(1+1)\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9…       1  100.0%

Top user agents
USER AGENT                                                                EVENTS   SHARE
+ua\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9b1m\\u{…       1  100.0%

Top regions
REGION                                                                    EVENTS   SHARE
us-east-1\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9…       1  100.0%

Top accounts
ACCOUNT       EVENTS   SHARE
111122223333       1  100.0%

Top error codes
ERROR CODE                                                                EVENTS   SHARE
-Err\\x1b[2J\\x1b]8;;http://e.x\\x07L\\x1b]8;;\\x07\\x08\\x0d\\u{202e}X\\x9b1m\\u…       1  100.0%

Principal types
TYPE     EVENTS   SHARE
IAMUser       1  100.0%

Event types
EVENT TYPE  EVENTS   SHARE
AwsApiCall       1  100.0%

By ip: 1 value
@SUM(1+1)${E}  1 event, 1 error, 2026-03-01T10:00:00Z → 2026-03-01T10:00:00Z
  services:   s3${E}.amazonaws.com (1)
  events:     Get${E} (1)
  IPs:        @SUM(1+1)${E} (1)
  principals: =cmd|' /C calc'!A0${E} (1)
  errors:     -Err${E} (1)
`);
  });

  it("csv into a file", async () => {
    expect((await ct(["summary", "-o", "csv"], false)).stdout).toBe(`table,value,detail,count,share
principals,"'=cmd|' /C calc'!A0${H}",IAMUser,1,1
eventNames,"Get${H}","s3${H}.amazonaws.com",1,1
eventSources,"s3${H}.amazonaws.com",,1,1
sourceIPs,"'@SUM(1+1)${H}",,1,1
userAgents,"'+ua${H}",,1,1
regions,"us-east-1${H}",,1,1
accounts,111122223333,,1,1
errorCodes,"'-Err${H}",,1,1
principalTypes,IAMUser,,1,1
eventTypes,AwsApiCall,,1,1
histogram-hour,2026-03-01T10:00:00Z,,1,
`);
  });
});

describe("check and rules", () => {
  it("check text: the rule title and every sample field escaped", async () => {
    const r = await ct(["check", "--rules", tree.at("rule.yaml")], true);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`HIGH      hostile  Title ${E}
          1 match, at 2026-03-01T10:00:00Z
          2026-03-01T10:00:00Z  Get${E}  arn:aws:iam::111122223333:user/u${E}  @SUM(1+1)${E}  us-east-1${E}  id-1

1 of 1 rule fired over 1 record in 1 file: 1 high.
`);
  });

  it("rules list: a rule file's title escaped", async () => {
    const r = await ct(["rules", "list", "--rules", tree.at("rule.yaml")], true);
    expect(r.stdout).toBe(`ID       SEVERITY  ALARM      TITLE
hostile  high      any match  Title ${E}
`);
  });
});
