// Parses the time flags users type: relative (`15m`, `36h`, `7d`, `2w`, `30s`), ISO dates and
// datetimes (UTC unless an offset is given), Unix epoch seconds, and `now`. Pure: the current
// time is a parameter. A date alone means the start of that UTC day, or its end for --until.

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RELATIVE_RE = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/i;

export const TIME_FORMS = "a relative time (15m, 36h, 7d), an ISO date (2026-03-01) or datetime (2026-03-01T10:00:00Z)";

/** Epoch ms for a time argument, or undefined when it cannot be parsed. */
export function parseTimeArg(text: string, now: Date, edge: "start" | "end" = "start"): number | undefined {
  const v = text.trim();
  if (v.toLowerCase() === "now") return now.getTime();
  const rel = RELATIVE_RE.exec(v);
  if (rel) return now.getTime() - Math.round(Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!);
  const date = DATE_RE.exec(v);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const start = Date.UTC(y, m - 1, d);
    if (!validDate(start, y, m, d)) return undefined;
    return edge === "end" ? start + UNIT_MS["d"]! - 1 : start;
  }
  const dt = DATETIME_RE.exec(v) ?? compact(v);
  if (dt) {
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(dt[i]));
    const s = dt[6] ? Number(dt[6]) : 0;
    const frac = dt[7] ? Math.round(Number(`0${dt[7]}`) * 1000) : 0;
    if (h! > 23 || mi! > 59 || s > 59) return undefined;
    let t = Date.UTC(y!, mo! - 1, d!, h!, mi!, s, frac);
    if (!validDate(Date.UTC(y!, mo! - 1, d!), y!, mo!, d!)) return undefined;
    const zone = dt[8];
    if (zone && zone.toUpperCase() !== "Z") {
      const sign = zone.startsWith("-") ? -1 : 1;
      const digits = zone.slice(1).replace(":", "");
      const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
      if (oh > 23 || om > 59) return undefined;
      t -= sign * (oh * 60 + om) * 60_000;
    }
    return t;
  }
  if (/^\d{9,10}$/.test(v)) return Number(v) * 1000; // Unix seconds, as the AWS CLI accepts
  return undefined;
}

function compact(v: string): RegExpExecArray | null {
  const m = COMPACT_RE.exec(v);
  if (!m) return null;
  // Reshape to DATETIME_RE's groups: no fraction, zone Z.
  const out = [m[0], m[1], m[2], m[3], m[4], m[5], m[6], undefined, "Z"] as unknown as RegExpExecArray;
  return out;
}

function validDate(t: number, y: number, m: number, d: number): boolean {
  const dt = new Date(t);
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
