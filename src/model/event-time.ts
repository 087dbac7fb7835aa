// Reads a record's time text as ISO-8601 (RFC 3339) and nothing else, the same on every machine.
// Date.parse is not used on log text: it reads zone-less datetimes in the local time zone, accepts
// "1" or "March 1, 2026", and rolls "2026-02-30" over to March. Does not format times.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** The decimal value of `len` ASCII digits at `at`, or -1 when one of them is not a digit. */
function digits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch milliseconds of an ISO-8601 time, or NaN. Accepted: `YYYY-MM-DD` (midnight UTC), and
 * `YYYY-MM-DD[T ]HH:MM[:SS[.fraction]]` followed by `Z`, `±HH:MM`, `±HHMM`, `±HH` or nothing
 * (UTC: CloudTrail writes UTC). Fields must be in range (no 2026-02-30, no 24:00, no :60);
 * fractions beyond milliseconds are truncated. Everything else is NaN.
 */
export function parseEventTime(s: string): number {
  const n = s.length;
  if (n < 10 || n > 40) return Number.NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || s[4] !== "-" || s[7] !== "-") return Number.NaN;
  const maxDay = mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!;
  if (d > maxDay) return Number.NaN;
  if (n === 10) return Date.UTC(y, mo - 1, d);
  const sep = s[10];
  if (sep !== "T" && sep !== "t" && sep !== " ") return Number.NaN;
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (h < 0 || h > 23 || s[13] !== ":" || mi < 0 || mi > 59) return Number.NaN;
  let at = 16;
  let sec = 0;
  let ms = 0;
  if (s[at] === ":") {
    sec = digits(s, at + 1, 2);
    if (sec < 0 || sec > 59) return Number.NaN;
    at += 3;
    if (s[at] === "." || s[at] === ",") {
      const start = ++at;
      while (at < n && s.charCodeAt(at) >= 48 && s.charCodeAt(at) <= 57) at++;
      if (at === start) return Number.NaN;
      ms = digits((s.slice(start, Math.min(at, start + 3)) + "00").slice(0, 3), 0, 3);
    }
  }
  let offsetMinutes = 0;
  if (at < n) {
    const z = s[at];
    if ((z === "Z" || z === "z") && at + 1 === n) {
      // UTC
    } else if (z === "+" || z === "-") {
      const rest = s.slice(at + 1);
      let oh: number;
      let om = 0;
      if (rest.length === 2) oh = digits(rest, 0, 2);
      else if (rest.length === 4) [oh, om] = [digits(rest, 0, 2), digits(rest, 2, 2)];
      else if (rest.length === 5 && rest[2] === ":") [oh, om] = [digits(rest, 0, 2), digits(rest, 3, 2)];
      else return Number.NaN;
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offsetMinutes = (z === "+" ? 1 : -1) * (oh * 60 + om);
    } else return Number.NaN;
  }
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offsetMinutes * 60_000;
}

/** The value of the two ASCII digits at `at`, or -1. */
function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Whether `s` is a valid time in the form CloudTrail writes, `YYYY-MM-DDTHH:MM:SSZ`, checked
 * without building it: every record of a scan is checked, and most are in this form.
 */
function isCanonicalTime(s: string): boolean {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return false; // - - T
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 90) return false; // : : Z
  const hi = two(s, 0);
  const lo = two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  if (hi < 0 || lo < 0 || mo < 1 || mo > 12 || d < 1) return false;
  const y = hi * 100 + lo;
  if (d > (mo === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[mo - 1]!)) return false;
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59;
}

/** True when parseEventTime reads the text. */
export function isEventTime(s: string): boolean {
  return (s.length === 20 && isCanonicalTime(s)) || !Number.isNaN(parseEventTime(s));
}
