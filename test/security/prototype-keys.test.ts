// Records and flags whose keys or values are Object.prototype's member names (`__proto__`,
// `constructor`, `prototype`, `toString` ...) through every command: they are counted and shown as
// plain text, never looked up on a prototype, and the run never fails because of them.
import { afterAll, describe, expect, it } from "vitest";
import { parseNdjson } from "../helpers/fixture-records.js";
import { runCt } from "../helpers/run-ct.js";
import { makeTempTree } from "../unit/source/temp-tree.js";

const NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

/** One record per name, carrying it as eventCategory, eventType, source, error, agent and as keys. */
function recordText(name: string, i: number): string {
  const n = JSON.stringify(name);
  return (
    `{"eventVersion":"1.08","eventTime":"2026-03-01T10:00:0${i}Z","eventID":"id-${i}","awsRegion":${n},` +
    `"eventSource":${n},"eventName":${n},"eventCategory":${n},"eventType":${n},"errorCode":${n},"userAgent":${n},` +
    `"sourceIPAddress":${n},"recipientAccountId":"111122223333",` +
    `"userIdentity":{"type":${n},"userName":${n},${n}:{"polluted":true}},` +
    `"requestParameters":{${n}:{"polluted":true},"bucketName":${n}},"resources":[{"ARN":${n},"type":${n}}]}`
  );
}

const tree = makeTempTree({ "logs/a.json": `{"Records":[${NAMES.map(recordText).join(",")}]}` }, "ct-proto-");
const dir = tree.at("logs");
afterAll(() => tree.remove());

const run = (args: string[]) => runCt([...args, "-j", "1", "--color", "never", dir]);

describe("prototype member names in records", () => {
  it("lookup reads every record and prints the names as text", async () => {
    const r = await run(["lookup", "-o", "ndjson", "--sort", "asc"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(parseNdjson(r.stdout).map((x) => x["eventID"])).toEqual(NAMES.map((_, i) => `id-${i}`));
    const text = await run(["lookup", "-o", "csv", "--sort", "asc", "--fields", "eventid,category,type,event,error"]);
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n").slice(1, -1)).toEqual(NAMES.map((n, i) => `id-${i},Management,${n},${n},${n}`));
  });

  it("--fields paths through own keys named __proto__ or constructor give their own values", async () => {
    const r = await run(["lookup", "-o", "ndjson", "--sort", "asc", "--fields", "eventid,requestParameters.__proto__,userIdentity.constructor.polluted,toString"]);
    expect(r.code).toBe(0);
    const rows = parseNdjson(r.stdout);
    expect(rows[0]).toEqual({ eventid: "id-0", "requestParameters.__proto__": { polluted: true }, "userIdentity.constructor.polluted": null, toString: null });
    expect(rows[1]).toEqual({ eventid: "id-1", "requestParameters.__proto__": null, "userIdentity.constructor.polluted": true, toString: null });
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("classify counts every record as a management event, none dropped", async () => {
    const r = await run(["classify", "-o", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { total: number; categories: { category: string; count: number }[]; rows: { eventSource: string; count: number }[] };
    expect(doc.total).toBe(NAMES.length);
    expect(doc.categories.find((c) => c.category === "Management")?.count).toBe(NAMES.length);
    expect(doc.rows.map((x) => x.eventSource).sort()).toEqual([...NAMES].sort());
  });

  it("summary keeps one entry per name in its tables and sections", async () => {
    const r = await run(["summary", "-o", "json", "--by", "error"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      totals: { events: number };
      top: { userAgents: { value: string; count: number }[]; errorCodes: { value: string }[] };
      sections: { items: { value: string; events: number }[] };
    };
    expect(doc.totals.events).toBe(NAMES.length);
    expect(doc.top.userAgents.map((e) => e.value).sort()).toEqual([...NAMES].sort());
    expect(doc.top.errorCodes.map((e) => e.value).sort()).toEqual([...NAMES].sort());
    expect(doc.sections.items.map((s) => [s.value, s.events]).sort()).toEqual([...NAMES].sort().map((n) => [n, 1]));
  });

  it("check evaluates the records without failing", async () => {
    const r = await run(["check", "-o", "json"]);
    expect(r.stderr).toBe("");
    expect([0, 1]).toContain(r.code);
    expect((JSON.parse(r.stdout) as { summary: { records: number } }).summary.records).toBe(NAMES.length);
  });
});

describe("prototype member names in flags", () => {
  it("--category constructor is a usage error naming the flag", async () => {
    const r = await run(["lookup", "--category", "constructor"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ct: --category: unknown category "constructor" (one of management, data, network, insight, aggregated)\n');
  });

  it("--lookup-attributes with AttributeKey=constructor is a usage error, not an ignored filter", async () => {
    const r = await run(["lookup", "--lookup-attributes", "AttributeKey=constructor,AttributeValue=x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ct: --lookup-attributes: unknown AttributeKey "constructor" \(one of EventId, /);
  });

  it("text output with --fields constructor prints an empty column", async () => {
    const r = await runCt(["lookup", "-j", "1", "--color", "always", "-o", "text", "--sort", "asc", "--fields", "eventid,constructor", dir], { stdoutTTY: true });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("id-0  -");
  });
});
