// Loads every record of the committed fixture bucket with plain node:zlib and JSON.parse, NOT
// with ct's reader, so tests can compute expected answers independently of the code under test.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { FIXTURE_BUCKET } from "./run-ct.js";

export type Raw = Record<string, any>;

export interface FixtureRecord {
  record: Raw;
  file: string;
  folder: "CloudTrail" | "CloudTrail-Insight";
}

function walk(dir: string, out: string[]): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

let cache: FixtureRecord[] | undefined;

/** Every record in CloudTrail/ and CloudTrail-Insight/ log files of fixtures/bucket. */
export function fixtureRecords(): FixtureRecord[] {
  if (cache) return cache;
  cache = [];
  for (const file of walk(path.join(FIXTURE_BUCKET, "AWSLogs"), []).sort()) {
    const folder = file.includes(`${path.sep}CloudTrail-Insight${path.sep}`)
      ? "CloudTrail-Insight"
      : file.includes(`${path.sep}CloudTrail${path.sep}`)
        ? "CloudTrail"
        : undefined;
    if (!folder || !file.endsWith(".json.gz")) continue;
    const doc = JSON.parse(zlib.gunzipSync(readFileSync(file)).toString("utf8")) as { Records: Raw[] };
    for (const record of doc.Records) cache.push({ record, file, folder });
  }
  return cache;
}

/** The records of CloudTrail/ folders only (what a lookup without --category insight reads). */
export function logRecords(): Raw[] {
  return fixtureRecords()
    .filter((r) => r.folder === "CloudTrail")
    .map((r) => r.record);
}

export function idOf(r: Raw): string {
  return (r["eventID"] ?? r["eventId"]) as string;
}

/** Parses ndjson output into records. */
export function parseNdjson(text: string): Raw[] {
  return text
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Raw);
}

export function sortedIds(records: readonly Raw[]): string[] {
  return records.map(idOf).sort();
}
