// parseEventTime: the ISO-8601 forms it reads, the odd forms it refuses, and agreement with
// Date.parse wherever Date.parse is well defined (a datetime with an explicit zone, in range).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isEventTime, parseEventTime } from "../../../src/model/event-time.js";

const utc = (iso: string) => new Date(iso).getTime();

describe("parseEventTime", () => {
  it.each([
    ["2026-03-01T10:00:00Z", "2026-03-01T10:00:00.000Z"],
    ["2026-03-01T10:00:00.123456Z", "2026-03-01T10:00:00.123Z"],
    ["2026-03-01T10:00:00.5Z", "2026-03-01T10:00:00.500Z"],
    ["2026-03-01T10:00:00,25Z", "2026-03-01T10:00:00.250Z"],
    ["2026-03-01T10:00Z", "2026-03-01T10:00:00.000Z"],
    ["2026-03-01t10:00:00z", "2026-03-01T10:00:00.000Z"],
    ["2026-03-01 10:00:00Z", "2026-03-01T10:00:00.000Z"],
    ["2026-03-01T10:00:00+05:30", "2026-03-01T04:30:00.000Z"],
    ["2026-03-01T10:00:00+0530", "2026-03-01T04:30:00.000Z"],
    ["2026-03-01T10:00:00-02", "2026-03-01T12:00:00.000Z"],
    // No zone: UTC, whatever the machine's time zone (Date.parse would use local time).
    ["2026-03-01T10:00:00", "2026-03-01T10:00:00.000Z"],
    ["2026-03-01", "2026-03-01T00:00:00.000Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["2000-02-29T23:59:59Z", "2000-02-29T23:59:59.000Z"],
  ])("reads %s", (text, iso) => {
    expect(parseEventTime(text)).toBe(utc(iso));
  });

  it.each([
    "", "1", "0", "1772359200", "March 1, 2026", "Sun Mar 01 2026", "2026/03/01 10:00:00",
    "2026-02-30T10:00:00Z", "2025-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
    "2026-03-00T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T10:60:00Z", "2026-03-01T10:00:60Z",
    "2026-03-01T10:00:00ZZ", "2026-03-01T10:00:00+5", "2026-03-01T10:00:00+24:00", "2026-03-01T10:00:00.Z",
    "+002026-03-01T10:00:00Z", " 2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z ", "2026-3-1T10:00:00Z",
    "2026-03-01T10", "2026-03-01X10:00:00Z", "2026-03-01T10:00:00Z\u0000", `2026-03-01T10:00:00.${"1".repeat(40)}Z`,
  ])("refuses %j", (text) => {
    expect(parseEventTime(text)).toBeNaN();
  });

  it("agrees with Date.parse on in-range datetimes with an explicit zone", () => {
    const two = (n: number) => String(n).padStart(2, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom("Z", "+00:00", "+05:30", "-08:00", "+14:00"),
        (y, mo, d, h, mi, s, ms, zone) => {
          const text = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}.${String(ms).padStart(3, "0")}${zone}`;
          expect(parseEventTime(text)).toBe(Date.parse(text));
        },
      ),
    );
  });
});

describe("isEventTime", () => {
  it("agrees with parseEventTime on 20-character texts near the canonical form, valid or not", () => {
    // The canonical form has its own fast check; it must accept exactly what the parser reads.
    const digit = fc.constantFrom(..."0123456789");
    const sep = (c: string) => fc.constantFrom(c, c, c, "x", "/", "9");
    const text = fc
      .tuple(
        fc.array(digit, { minLength: 4, maxLength: 4 }),
        sep("-"),
        fc.array(digit, { minLength: 2, maxLength: 2 }),
        sep("-"),
        fc.array(digit, { minLength: 2, maxLength: 2 }),
        fc.constantFrom("T", "T", "t", " ", "Z"),
        fc.array(digit, { minLength: 2, maxLength: 2 }),
        sep(":"),
        fc.array(digit, { minLength: 2, maxLength: 2 }),
        sep(":"),
        fc.array(digit, { minLength: 2, maxLength: 2 }),
        fc.constantFrom("Z", "Z", "z", "+", "0"),
      )
      .map((parts) => parts.map((p) => (Array.isArray(p) ? p.join("") : p)).join(""));
    fc.assert(
      fc.property(text, (s) => {
        expect(s).toHaveLength(20);
        expect(isEventTime(s)).toBe(!Number.isNaN(parseEventTime(s)));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each(["2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T10:60:00Z", "2026-03-01T10:00:60Z", "2026-00-10T10:00:00Z", "2026-03-00T10:00:00Z"])(
    "refuses %s",
    (s) => {
      expect(isEventTime(s)).toBe(false);
    },
  );

  it.each(["2024-02-29T00:00:00Z", "1900-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "2026-03-01t10:00:00z"])("accepts %s", (s) => {
    expect(isEventTime(s)).toBe(true);
  });
});
