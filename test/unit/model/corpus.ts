// Test helper: reads every record of the shared CloudTrail corpus (outside this repository),
// when it is present next to the project. Used only by tests that skip when it is absent.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** The corpus' events folder, resolved from the project root. */
export const CORPUS_EVENTS = path.resolve(root, "../shared/corpus/events");
export const corpusExists = fs.existsSync(CORPUS_EVENTS);

export interface CorpusRecord {
  /** Path relative to the events folder, e.g. `panther-analysis/rules/x.json`. */
  file: string;
  record: Record<string, unknown>;
}

function* walk(dir: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.json(\.gz)?$/.test(e.name)) yield p;
  }
}

/** Every object record in the corpus, in a stable (sorted path) order. */
export function corpusRecords(): CorpusRecord[] {
  const out: CorpusRecord[] = [];
  for (const file of [...walk(CORPUS_EVENTS)].sort()) {
    let buf = fs.readFileSync(file);
    if (file.endsWith(".gz")) buf = zlib.gunzipSync(buf);
    const doc: unknown = JSON.parse(buf.toString("utf8"));
    const list = Array.isArray(doc)
      ? doc
      : doc && typeof doc === "object" && Array.isArray((doc as { Records?: unknown }).Records)
        ? (doc as { Records: unknown[] }).Records
        : [doc];
    for (const r of list) {
      if (r && typeof r === "object" && !Array.isArray(r)) {
        out.push({ file: path.relative(CORPUS_EVENTS, file), record: r as Record<string, unknown> });
      }
    }
  }
  return out;
}
