// Runs the built-in packs over every record of the shared CloudTrail corpus (when it is present next
// to the project) and checks counts verified by hand against the records themselves.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { compileRules } from "../../../src/rules/evaluate.js";
import { PACKS } from "../../../src/rules/packs/index.js";
import { compileRule } from "../../../src/rules/rule.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const eventsDir = path.resolve(root, "../shared/corpus/events");
const present = existsSync(eventsDir);

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (/\.json(\.gz)?$/.test(entry.name)) yield p;
  }
}

/** Records of one corpus file: a CloudTrail log ({"Records": [...]}), an array, one record, or JSON lines. */
function recordsOf(file: string): unknown[] {
  let bytes = readFileSync(file);
  if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
  const text = bytes.toString("utf8");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return text.split("\n").filter((l) => l.trim() !== "").flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown];
      } catch {
        return [];
      }
    });
  }
  if (Array.isArray(doc)) return doc;
  const records = (doc as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) ? records : [doc];
}

describe.skipIf(!present)("built-in packs over the shared corpus", () => {
  const records = present ? [...files(eventsDir)].flatMap(recordsOf) : [];
  const rules = [...PACKS.cis, ...PACKS.security];
  const match = compileRules(rules);
  const counts = new Map<string, number>();
  for (const record of records) {
    for (const i of match(record)) counts.set(rules[i]!.id, (counts.get(rules[i]!.id) ?? 0) + 1);
  }
  const eventNameCount = (name: string): number =>
    records.filter((r) => (r as { eventName?: unknown } | null)?.eventName === name).length;

  it("reads every record", () => {
    expect(records.length).toBe(4021);
    expect(eventNameCount("StopLogging")).toBe(7);
    expect(eventNameCount("DeleteTrail")).toBe(6);
  });

  it.each([
    // CreateTrail/UpdateTrail/DeleteTrail/StartLogging/StopLogging, whatever their outcome.
    ["cis-4.5", 26],
    // ConsoleLogin records whose errorMessage is exactly "Failed authentication".
    ["cis-4.6", 7],
    // Root records with an eventType other than AwsServiceEvent and no invokedBy.
    ["cis-4.3", 48],
    // Of the 7 StopLogging and 6 DeleteTrail records, 2 and 4 succeeded.
    ["cloudtrail-logging-stopped", 6],
    // Three PutEventSelectors with includeManagementEvents false, one UpdateTrail with isMultiRegionTrail false.
    ["cloudtrail-trail-weakened", 4],
    // Three CreateAccessKey calls by Root with null requestParameters (the two with a userName are keys for users).
    ["root-access-key-created", 3],
    // Two successful PutBucketPolicy with Principal {"AWS": "*"} and "*"; the third such call was refused.
    ["s3-bucket-made-public", 2],
  ])("%s matches %i records", (id, expected) => {
    expect(counts.get(id) ?? 0).toBe(expected);
  });

  it("gives the same answers through the index as rule by rule", () => {
    const naive = rules.map(compileRule);
    for (const record of records) {
      expect(match(record)).toEqual(naive.flatMap((test, i) => (test(record) ? [i] : [])));
    }
  });
});
