// Table tests for the time flags: every accepted form with its exact result against a pinned
// "now", the start/end-of-day rule for dates, and the values that must be refused.
import { describe, expect, it } from "vitest";
import { parseTimeArg } from "../../../src/cli/time-arg.js";

const NOW = new Date(Date.UTC(2026, 2, 4, 12, 30, 15, 500)); // 2026-03-04T12:30:15.500Z
const now = NOW.getTime();

describe("parseTimeArg", () => {
  it.each<[string, number]>([
    ["now", now],
    ["NOW", now],
    ["  now ", now],
    ["30s", now - 30_000],
    ["15m", now - 15 * 60_000],
    ["15M", now - 15 * 60_000],
    ["36h", now - 36 * 3_600_000],
    ["7d", now - 7 * 86_400_000],
    ["2w", now - 14 * 86_400_000],
    ["1.5h", now - 90 * 60_000],
    ["0m", now],
    ["7 d", now - 7 * 86_400_000],
    ["2026-03-01", Date.UTC(2026, 2, 1)],
    ["2024-02-29", Date.UTC(2024, 1, 29)],
    ["2026-03-01T10:00:00Z", Date.UTC(2026, 2, 1, 10)],
    ["2026-03-01T10:00Z", Date.UTC(2026, 2, 1, 10)],
    ["2026-03-01T10:00", Date.UTC(2026, 2, 1, 10)],
    ["2026-03-01 10:00:05", Date.UTC(2026, 2, 1, 10, 0, 5)],
    ["2026-03-01t10:00:00z", Date.UTC(2026, 2, 1, 10)],
    ["2026-03-01T10:00:00.250Z", Date.UTC(2026, 2, 1, 10, 0, 0, 250)],
    ["2026-03-01T10:00:00.5Z", Date.UTC(2026, 2, 1, 10, 0, 0, 500)],
    ["2026-03-01T10:00:00.123456789Z", Date.UTC(2026, 2, 1, 10, 0, 0, 123)],
    ["2026-03-01T10:00:00+02:00", Date.UTC(2026, 2, 1, 8)],
    ["2026-03-01T10:00:00-05:30", Date.UTC(2026, 2, 1, 15, 30)],
    ["2026-03-01T10:00:00+0200", Date.UTC(2026, 2, 1, 8)],
    ["2026-03-01T10:00:00+23:59", Date.UTC(2026, 2, 1, 10) - (23 * 60 + 59) * 60_000],
    ["2026-03-01T10:00:00-00:00", Date.UTC(2026, 2, 1, 10)],
    ["2026-03-01T01:00:00+02:00", Date.UTC(2026, 1, 28, 23)],
    ["2026-03-01T10:00:00 Z", Date.UTC(2026, 2, 1, 10)],
    ["20260301T1005Z", Date.UTC(2026, 2, 1, 10, 5)],
    ["20260301T100504Z", Date.UTC(2026, 2, 1, 10, 5, 4)],
    ["1772359200", Date.UTC(2026, 2, 1, 10)],
    ["999999999", 999_999_999_000],
  ])("%j → %i", (text, expected) => {
    expect(parseTimeArg(text, NOW)).toBe(expected);
  });

  it("reads a date alone as the end of that UTC day for --until, and nothing else", () => {
    expect(parseTimeArg("2026-03-01", NOW, "end")).toBe(Date.UTC(2026, 2, 1, 23, 59, 59, 999));
    expect(parseTimeArg("2024-02-29", NOW, "end")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    expect(parseTimeArg("2026-03-01", NOW, "start")).toBe(Date.UTC(2026, 2, 1));
    expect(parseTimeArg("2026-03-01T10:00Z", NOW, "end")).toBe(Date.UTC(2026, 2, 1, 10));
    expect(parseTimeArg("7d", NOW, "end")).toBe(now - 7 * 86_400_000);
    expect(parseTimeArg("now", NOW, "end")).toBe(now);
  });

  it.each([
    "",
    "yesterday",
    "15",
    "15x",
    "-15m",
    "15 minutes",
    "m",
    "2026-3-1",
    "2026-02-29",
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-01-32",
    "0050-01-01",
    "2026-03-01T24:00:00Z",
    "2026-03-01T10:60:00Z",
    "2026-03-01T10:00:60Z",
    "2026-02-30T10:00:00Z",
    "2026-03-01T10Z",
    "2026-03-01T10:00:00+2",
    "2026-03-01T10:00:00 UTC",
    "2026-03-01T10:00:00+24:00",
    "2026-03-01T10:00:00+05:60",
    "2026-03-01T10:00:00-99:99",
    "20260301",
    "20260301T10Z",
    "12345678",
    "17723592000",
    "1772359200000",
    "01/27/2015",
  ])("refuses %j", (text) => {
    expect(parseTimeArg(text, NOW)).toBeUndefined();
  });
});
