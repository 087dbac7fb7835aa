// Picks the records of one log document that a filter could match, from the strings its matches
// must hold (query/required-text.ts) and the bounds of its records, so that only those are parsed.
// It reads the document's UTF-8 bytes (record-scan.ts) or, where that scan cannot answer, its text
// (record-bounds.ts). It gives up (undefined) where that would not save work: strings found
// everywhere, most records picked, or a document not in AWS's form. It parses nothing itself.
import type { RequiredText } from "../query/required-text.js";
import { type RecordBounds, recordBounds } from "./record-bounds.js";
import { USE_TEXT, recordBoundsOfBytes } from "./record-scan.js";

/** A group found more often than once in this many characters narrows too little to be used. */
const DENSE_CHARS_PER_HIT = 4096;
/** ... but a small text may hold a few: reading it either way costs little. */
const MIN_HITS_CAP = 16;
/** Beyond this share of records, parsing them one by one costs more than parsing the whole text. */
const MAX_PICKED_SHARE = 0.5;

export interface PickedRecords {
  /** Start and end of every record, as pairs (see RecordBounds), in the text or from the bytes' start. */
  bounds: ArrayLike<number>;
  /** Indexes of the records that may match, ascending. */
  picked: number[];
}

/** The characters of CloudTrail's JSON text, most frequent first (counted on AWS-shaped logs). */
const COMMON = '"east:nroic1,d23lmu-06A.4p5ISv/fyw7gb8{} 9DRCTPOEh_HNM#LFzVx';

/**
 * Where in `s` its rarest character is. indexOf scans for the first character of what it seeks
 * and stops at each: seeking "alice" from its "l" took half the time of seeking it from its "a".
 */
function anchorOf(s: string): number {
  let best = 0;
  let bestRank = -1;
  for (let k = 0; k < s.length; k++) {
    const at = COMMON.indexOf(s[k]!);
    const rank = at < 0 ? COMMON.length : at;
    if (rank > bestRank) [best, bestRank] = [k, rank];
  }
  return best;
}

/**
 * A string to look for, split at its rarest character: the tail is sought, the head checked before
 * it; in text, and as UTF-8 bytes.
 */
interface Needle {
  head: string;
  tail: string;
  headBytes: Buffer;
  tailBytes: Buffer;
}

function needleOf(s: string): Needle {
  const k = anchorOf(s);
  const head = s.slice(0, k);
  const tail = s.slice(k);
  return { head, tail, headBytes: Buffer.from(head, "utf8"), tailBytes: Buffer.from(tail, "utf8") };
}

/** Where a group's strings occur, ascending; undefined when more often than `cap`. */
function hitsOf(text: string, group: readonly Needle[], cap: number): number[] | undefined {
  const hits: number[] = [];
  for (const { head, tail } of group) {
    const k = head.length;
    // Every occurrence of the tail is tried (step 1), so no occurrence of the string is skipped.
    for (let j = text.indexOf(tail, k); j >= 0; j = text.indexOf(tail, j + 1)) {
      if (k > 0 && !text.startsWith(head, j - k)) continue;
      if (hits.length === cap) return undefined;
      hits.push(j - k);
    }
  }
  if (group.length > 1) hits.sort((a, b) => a - b);
  return hits;
}

/** Where a group's strings occur in `bytes` from `start`, as offsets from `start`; as hitsOf. */
function hitsOfBytes(bytes: Buffer, start: number, group: readonly Needle[], cap: number): number[] | undefined {
  const hits: number[] = [];
  for (const { headBytes: head, tailBytes: tail } of group) {
    const k = head.length;
    for (let j = bytes.indexOf(tail, start + k); j >= 0; j = bytes.indexOf(tail, j + 1)) {
      if (k > 0 && !endsAt(bytes, head, j)) continue;
      if (hits.length === cap) return undefined;
      hits.push(j - k - start);
    }
  }
  if (group.length > 1) hits.sort((a, b) => a - b);
  return hits;
}

/** Whether `head` lies in `bytes` just before `at`. */
function endsAt(bytes: Buffer, head: Buffer, at: number): boolean {
  const from = at - head.length;
  for (let i = 0; i < head.length; i++) if (bytes[from + i] !== head[i]) return false;
  return true;
}

/** Whether some position in `at` (ascending), from `cursor[k]` on, lies in [start, end); moves the cursor. */
function anyWithin(at: readonly number[], cursor: Int32Array, k: number, start: number, end: number): boolean {
  let c = cursor[k]!;
  while (c < at.length && at[c]! < start) c++;
  cursor[k] = c;
  return c < at.length && at[c]! < end;
}

/**
 * Picks the records of one document that may match, reading its text or its UTF-8 bytes from
 * `start`; undefined when the whole document should be parsed. USE_TEXT when the bytes cannot be
 * scanned here and the text must be.
 */
export interface RecordPicker {
  text(text: string): PickedRecords | undefined;
  bytes(bytes: Buffer, start: number): PickedRecords | undefined | typeof USE_TEXT;
}

/**
 * The picker for a filter's required text, prepared once per job. A record is picked when it
 * holds a string of every group, or an escape that could hide one.
 */
export function compilePicker(required: RequiredText): RecordPicker {
  const groups = required.groups.map((g) => g.map(needleOf));
  const slash = required.groups.some((g) => g.some((s) => s.includes("/")));
  const capOf = (length: number) => Math.max(MIN_HITS_CAP, Math.floor(length / DENSE_CHARS_PER_HIT));
  const pick = (found: RecordBounds, hits: number[][]): PickedRecords | undefined => {
    const { bounds } = found;
    const escapes = slash ? [...found.unicodeEscapes, ...found.slashEscapes].sort((a, b) => a - b) : found.unicodeEscapes;
    const records = bounds.length / 2;
    const picked: number[] = [];
    // One cursor per group, and the last for the escapes: records come in text order.
    const cursor = new Int32Array(hits.length + 1);
    for (let r = 0; r < records; r++) {
      const start = bounds[2 * r]!;
      const end = bounds[2 * r + 1]!;
      let take = anyWithin(escapes, cursor, hits.length, start, end);
      if (!take) {
        take = true;
        for (let g = 0; g < hits.length && take; g++) take = anyWithin(hits[g]!, cursor, g, start, end);
      }
      if (take) picked.push(r);
    }
    if (picked.length > records * MAX_PICKED_SHARE) return undefined;
    return { bounds, picked };
  };
  return {
    text(text) {
      const cap = capOf(text.length);
      const hits: number[][] = [];
      for (const group of groups) {
        const h = hitsOf(text, group, cap);
        if (h) hits.push(h);
      }
      if (hits.length === 0) return undefined;
      const found = recordBounds(text);
      return found && pick(found, hits);
    },
    bytes(bytes, start) {
      // As many bytes as characters on ASCII, so the same choices as over the text there.
      const cap = capOf(bytes.length - start);
      const hits: number[][] = [];
      for (const group of groups) {
        const h = hitsOfBytes(bytes, start, group, cap);
        if (h) hits.push(h);
      }
      if (hits.length === 0) return undefined;
      let found: ReturnType<typeof recordBoundsOfBytes>;
      try {
        found = recordBoundsOfBytes(bytes, start);
      } catch {
        // A trap in the module would be a bug of its own: the text scan still gives the right answer.
        return USE_TEXT;
      }
      if (found === USE_TEXT) return USE_TEXT;
      return found && pick(found, hits);
    },
  };
}
