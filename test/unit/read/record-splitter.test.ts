// RecordSplitter: the elements it cuts out of a document fed in arbitrary chunks are exactly the
// elements of JSON.parse(document).Records, and a document JSON.parse refuses is refused too.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { RecordSplitter } from "../../../src/read/record-splitter.js";

function split(doc: Buffer, cuts: number[]): unknown[] {
  const s = new RecordSplitter();
  const out: unknown[] = [];
  let at = 0;
  for (const c of [...cuts.map((x) => x % (doc.length + 1)).sort((a, b) => a - b), doc.length]) {
    s.push(doc.subarray(at, Math.max(at, c)), (b) => out.push(b === null ? null : JSON.parse(b.toString("utf8"))));
    at = Math.max(at, c);
  }
  s.end();
  return out;
}

const value = fc.jsonValue({ maxDepth: 4 });
const record = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 6 }) },
  { weight: 1, arbitrary: value },
);
/** Documents as CloudTrail writes them, and with spaces, other keys and escapes around. */
const doc = fc
  .record({
    records: fc.array(record, { maxLength: 8 }),
    before: fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== "Records"), value, { maxKeys: 2 }),
    after: fc.dictionary(fc.string({ maxLength: 6 }).filter((k) => k !== "Records"), value, { maxKeys: 2 }),
    indent: fc.constantFrom(undefined, 2),
    bom: fc.boolean(),
  })
  .map(({ records, before, after, indent, bom }) => {
    const text = JSON.stringify({ ...before, Records: records, ...after }, null, indent);
    // Keys from `before`/`after` never collide with Records; JSON.stringify keeps insertion order.
    return { records, bytes: Buffer.concat([Buffer.from(bom ? "\ufeff" : ""), Buffer.from(text)]) };
  });

describe("RecordSplitter", () => {
  it("gives exactly the Records elements, however the bytes are cut", () => {
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { maxLength: 12 }), ({ records, bytes }, cuts) => {
        expect(split(bytes, cuts)).toEqual(JSON.parse(JSON.stringify(records)));
      }),
      { numRuns: 1500 },
    );
  });

  it("refuses documents JSON.parse refuses or that are not logs, naming the reason", () => {
    const refused = (text: string) => {
      try {
        split(Buffer.from(text), [3, 7]);
        return "accepted";
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        return (err as Error).message;
      }
    };
    expect(refused('{"Records":[{"a":1}')).toMatch(/ends early/);
    expect(refused('{"Records":[{"a":1}]')).toMatch(/ends early/);
    expect(refused('[{"a":1}]')).toMatch(/a JSON array at top level/);
    expect(refused('{"Records":{"a":1}}')).toMatch(/"Records" is not an array/);
    expect(refused('{"foo":[1,2]}')).toMatch(/without a "Records" array/);
    expect(refused('{"Records":[{"a":1} {"b":2}]}')).toMatch(/expected ',' or ']'/);
    expect(refused('{"Records":[{"a":1}]} trailing')).toMatch(/data after the JSON document/);
    expect(refused('{"Records":[],"Records":[]}')).toMatch(/two "Records"/);
    expect(refused('{"Records":[{"a":"}"}]}')).toBe("accepted");
    expect(refused('{"Records":[{"a":"\\"]}"}]}')).toBe("accepted");
  });

  it("hands over null for a record larger than the limit, and goes on", async () => {
    const { MAX_STREAMED_RECORD_BYTES } = await import("../../../src/read/record-splitter.js");
    const big = JSON.stringify({ pad: "x".repeat(MAX_STREAMED_RECORD_BYTES) });
    const bytes = Buffer.from(`{"Records":[{"a":1},${big},{"b":2}]}`);
    const cuts = Array.from({ length: 20 }, (_, i) => Math.floor((bytes.length * i) / 20));
    expect(split(bytes, cuts)).toEqual([{ a: 1 }, null, { b: 2 }]);
  });
});
