// Runs the WebAssembly record scanner (wasm/record-scan.ts, built to dist/record-scan.wasm) over a
// log document's UTF-8 bytes: the bounds and escapes record-bounds.ts finds in text, as byte
// offsets, without decoding the bytes to a string first. One instance per thread, loaded on first
// use. Where it cannot answer (no module, a document too large or too dense), the text scan does.
import { readFileSync } from "node:fs";
import type { RecordBounds } from "./record-bounds.js";

/** Documents larger than this are scanned as text: the module's memory never shrinks. */
export const MAX_BYTE_SCAN = 32 * 1024 * 1024;
/** Module memory beyond which the instance is dropped after a scan, so a large file's memory goes back. */
const KEEP_MEMORY_BYTES = 8 * 1024 * 1024;
const PAGE = 65536;
/** The scanner reads whole blocks of 64 bytes: the bytes past the end it may read. */
const PADDING = 64;

/** The scan's answer when only the text scan can answer. */
export const USE_TEXT = "use-text";

interface Exports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  escapeCount(): number;
  scan(p: number, len: number, bounds: number, boundsCap: number, escapes: number, escapesCap: number): number;
}

/** Where the module is: beside the bundle in dist/, or in dist/ when running from the sources. */
const CANDIDATES = ["./record-scan.wasm", "../../dist/record-scan.wasm"];

let module: WebAssembly.Module | null | undefined;
let instance: Exports | undefined;

function loadModule(): WebAssembly.Module | null {
  for (const candidate of CANDIDATES) {
    try {
      return new WebAssembly.Module(readFileSync(new URL(candidate, import.meta.url)));
    } catch {
      // the next place, or none: the text scan answers
    }
  }
  return null;
}

function scanner(): Exports | undefined {
  if (instance) return instance;
  if (module === undefined) module = loadModule();
  if (module === null) return undefined;
  instance = new WebAssembly.Instance(module).exports as unknown as Exports;
  return instance;
}

/** Whether the WebAssembly scanner is loaded (or can be): tests check that a build has it. */
export function byteScanAvailable(): boolean {
  return scanner() !== undefined;
}

const align = (n: number) => (n + 15) & ~15;

/**
 * The bounds of each record of the document in `bytes` from `start` to the end, and its `\u` and
 * `\/` escapes, as offsets from `start`; undefined when the text is not in AWS's form or its syntax
 * is wrong (as recordBounds); USE_TEXT when this scan cannot answer and the text scan must.
 */
export function recordBoundsOfBytes(bytes: Uint8Array, start: number): RecordBounds | undefined | typeof USE_TEXT {
  const len = bytes.length - start;
  if (len > MAX_BYTE_SCAN) return USE_TEXT;
  const s = scanner();
  if (!s) return USE_TEXT;
  // Room for records of 64 bytes on average, and as many escapes; a denser document is rare
  // enough to be scanned as text.
  const cap = (len >> 5) + 64;
  const boundsAt = align(s.heapBase());
  const escapesAt = boundsAt + cap * 4;
  const inputAt = align(escapesAt + cap * 4);
  const needed = inputAt + len + PADDING;
  const have = s.memory.buffer.byteLength;
  if (needed > have) s.memory.grow(Math.ceil((needed - have) / PAGE));
  const memory = new Uint8Array(s.memory.buffer);
  memory.set(start === 0 ? bytes : bytes.subarray(start), inputAt);
  let written: number;
  try {
    written = s.scan(inputAt, len, boundsAt, cap, escapesAt, cap);
  } catch (err) {
    instance = undefined; // a trapped instance is not reused
    throw err;
  }
  let result: RecordBounds | undefined | typeof USE_TEXT;
  if (written === -2) result = USE_TEXT;
  else if (written < 0) result = undefined;
  else {
    const unicodeEscapes: number[] = [];
    const slashEscapes: number[] = [];
    const escapes = new Int32Array(s.memory.buffer, escapesAt, s.escapeCount());
    for (const e of escapes) (e & 1 ? slashEscapes : unicodeEscapes).push(e >> 1);
    result = { bounds: new Int32Array(s.memory.buffer, boundsAt, written).slice(), unicodeEscapes, slashEscapes };
  }
  if (s.memory.buffer.byteLength > KEEP_MEMORY_BYTES) instance = undefined;
  return result;
}
