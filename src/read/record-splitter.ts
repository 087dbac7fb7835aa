// Splits ONE log document, fed as byte chunks, into the bytes of each element of its "Records"
// array, so that a file too large to parse as one JSON value (V8 strings stop at 512 MiB) is read
// record by record in bounded memory. It checks the document's structure around the elements;
// each element is JSON.parse'd by the caller. It does not inflate, read files or look at records.
import { InputError } from "../errors.js";
import { NO_RECORDS_MESSAGE, TOP_LEVEL_ARRAY_MESSAGE } from "./decode.js";

/** An element larger than this is skipped with a message instead of being held. */
export const MAX_STREAMED_RECORD_BYTES = 64 * 1024 * 1024;

const enum S {
  Start, // before the top-level `{` (a BOM and whitespace allowed)
  KeyOrEnd, // after `{`: a key or `}`
  Key, // inside a key string
  Colon,
  Value, // a value of another key, being skipped
  RecordsOpen, // after "Records": expecting `[`
  ElementOrClose, // after `[`: an element or `]`
  Element, // inside an element
  ElementSep, // after an element: `,` or `]`
  ElementStart, // after `,`: an element
  AfterValue, // after a value of the top-level object: `,` or `}`
  Key2, // after `,` in the top-level object: a key
  Done,
}

const BOM = [0xef, 0xbb, 0xbf];

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** What the splitter hands over: an element's bytes, or null for one too large to hold. */
export type ElementSink = (bytes: Buffer | null) => void;

export class RecordSplitter {
  private state = S.Start;
  private first = true;
  private bom = 0;
  /** Nesting inside the current value (element or skipped value). */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A scalar value (number, true ...) is being scanned: it ends at a delimiter. */
  private scalar = false;
  private key = "";
  private sawRecords = false;
  /** The current element's bytes from earlier chunks. */
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private oversize = false;
  /** Bytes seen so far, for messages. */
  private offset = 0;

  /** Feeds the next chunk; complete elements go to `sink` in order. Throws InputError on bad structure. */
  push(chunk: Buffer, sink: ElementSink): void {
    let elementStart = this.state === S.Element ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      switch (this.state) {
        case S.Start:
          // A UTF-8 BOM may open the document, possibly cut across chunks.
          if (this.first && b === BOM[this.bom]) {
            if (++this.bom === BOM.length) this.first = false;
            break;
          }
          if (this.bom > 0 && this.first) throw this.error(i, "not a CloudTrail log file");
          this.first = false;
          if (isSpace(b)) break;
          if (b !== 0x7b) throw this.error(i, b === 0x5b ? TOP_LEVEL_ARRAY_MESSAGE : "not a CloudTrail log file");
          this.state = S.KeyOrEnd;
          break;
        case S.KeyOrEnd:
        case S.Key2:
          if (isSpace(b)) break;
          if (b === 0x7d && this.state === S.KeyOrEnd) {
            this.state = S.Done;
            break;
          }
          if (b !== 0x22) throw this.error(i, "invalid JSON: expected a key");
          this.key = "";
          this.escaped = false;
          this.state = S.Key;
          break;
        case S.Key:
          if (this.escaped) {
            this.escaped = false;
            this.key += "\\";
          } else if (b === 0x5c) this.escaped = true;
          else if (b === 0x22) this.state = S.Colon;
          else if (this.key.length < 16) this.key += String.fromCharCode(b);
          break;
        case S.Colon:
          if (isSpace(b)) break;
          if (b !== 0x3a) throw this.error(i, "invalid JSON: expected ':'");
          if (this.key === "Records") {
            if (this.sawRecords) throw this.error(i, 'two "Records" arrays in one document');
            this.sawRecords = true;
            this.state = S.RecordsOpen;
          } else {
            this.state = S.Value;
            this.beginValue();
          }
          break;
        case S.RecordsOpen:
          if (isSpace(b)) break;
          if (b !== 0x5b) throw this.error(i, '"Records" is not an array');
          this.state = S.ElementOrClose;
          break;
        case S.ElementOrClose:
        case S.ElementStart:
          if (isSpace(b)) break;
          if (b === 0x5d && this.state === S.ElementOrClose) {
            this.state = S.AfterValue;
            break;
          }
          this.state = S.Element;
          this.beginValue();
          elementStart = i;
          i = this.scan(chunk, i, (end) => {
            this.emit(chunk, elementStart, end, sink);
            elementStart = -1;
            this.state = S.ElementSep;
          });
          break;
        case S.Element:
          i = this.scan(chunk, i, (end) => {
            this.emit(chunk, elementStart < 0 ? 0 : elementStart, end, sink);
            elementStart = -1;
            this.state = S.ElementSep;
          });
          break;
        case S.ElementSep:
          if (isSpace(b)) break;
          if (b === 0x2c) this.state = S.ElementStart;
          else if (b === 0x5d) this.state = S.AfterValue;
          else throw this.error(i, "invalid JSON: expected ',' or ']' after a record");
          break;
        case S.Value:
          i = this.scan(chunk, i, () => (this.state = S.AfterValue));
          break;
        case S.AfterValue:
          if (isSpace(b)) break;
          if (b === 0x2c) this.state = S.Key2;
          else if (b === 0x7d) this.state = S.Done;
          else throw this.error(i, "invalid JSON: expected ',' or '}'");
          break;
        case S.Done:
          if (!isSpace(b)) throw this.error(i, "data after the JSON document");
          break;
      }
    }
    if (this.state === S.Element && elementStart >= 0) this.hold(chunk.subarray(elementStart));
    this.offset += chunk.length;
  }

  /** Checks that the document ended; throws InputError when it was cut short or had no records. */
  end(): void {
    if (this.state !== S.Done) throw new InputError("E_JSON", `invalid JSON: the document ends early (after ${this.offset} bytes)`);
    if (!this.sawRecords) throw new InputError("E_FORMAT", NO_RECORDS_MESSAGE);
  }

  private beginValue(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.scalar = false;
    this.pieces = [];
    this.pieceBytes = 0;
    this.oversize = false;
  }

  /**
   * Scans a value from `chunk[i]` on. Calls `done(end)` with the index after the value when it
   * ends in this chunk, and returns the index to continue from (the last byte examined).
   */
  private scan(chunk: Buffer, i: number, done: (end: number) => void): number {
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) {
          this.inString = false;
          if (this.depth === 0) {
            done(i + 1);
            return i;
          }
        }
        continue;
      }
      if (this.scalar) {
        if (b === 0x2c || b === 0x5d || b === 0x7d || isSpace(b)) {
          done(i);
          return i - 1; // the delimiter is read again by the next state
        }
        continue;
      }
      if (b === 0x22) this.inString = true;
      else if (b === 0x7b || b === 0x5b) this.depth++;
      else if (b === 0x7d || b === 0x5d) {
        if (this.depth === 0) throw this.error(i, "invalid JSON: unexpected closing bracket");
        if (--this.depth === 0) {
          done(i + 1);
          return i;
        }
      } else if (this.depth === 0 && !isSpace(b)) this.scalar = true;
    }
    return i;
  }

  private hold(part: Buffer): void {
    if (this.oversize) return;
    if (this.pieceBytes + part.length > MAX_STREAMED_RECORD_BYTES) {
      this.oversize = true;
      this.pieces = [];
      return;
    }
    // Copied: the chunk's memory belongs to the stream that produced it.
    this.pieces.push(Buffer.from(part));
    this.pieceBytes += part.length;
  }

  private emit(chunk: Buffer, start: number, end: number, sink: ElementSink): void {
    this.hold(chunk.subarray(start, end));
    const bytes = this.oversize ? null : this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces, this.pieceBytes);
    this.pieces = [];
    this.pieceBytes = 0;
    this.oversize = false;
    sink(bytes);
  }

  private error(i: number, message: string): InputError {
    return new InputError(message.startsWith("invalid JSON") ? "E_JSON" : "E_FORMAT", `${message} (at byte ${this.offset + i})`);
  }
}
