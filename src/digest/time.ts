// Times as validate-logs reads and prints them: digest JSON times and user options (an offset is
// replaced by UTC, not converted, as the AWS CLI's normalize_date does), the YYYYMMDDTHHMMSSZ stamp
// of digest file names, and the %Y-%m-%dT%H:%M:%SZ display form. No clock is read here.

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;
const STAMP_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/;

/**
 * Epoch ms of an ISO-8601-like time (`2015-08-17T14:01:31Z`, `2015-01-01`, `20150817T150131Z`),
 * keeping the wall-clock fields and ignoring any offset; undefined when it is not such a time.
 */
export function parseDateValue(text: string): number | undefined {
  const m = ISO_RE.exec(text.trim()) ?? STAMP_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (Number.isNaN(t)) return undefined;
  // Reject rolled-over dates such as 2015-02-30 instead of silently moving them to March.
  const back = new Date(t);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return undefined;
  return t;
}

/** The AWS CLI's error text for a time it cannot parse. */
export function unparseableDateMessage(value: unknown): string {
  return `Unable to parse date value: ${typeof value === "string" ? value : JSON.stringify(value)}`;
}

/** `2016-01-29T19:00:00Z`: the form every date takes in validate-logs output (fractions dropped). */
export function formatDisplayDate(ms: number): string {
  return new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `20160129T190000Z`: the stamp in digest file names, compared as text when digests are listed. */
export function formatKeyStamp(ms: number): string {
  return formatDisplayDate(ms).replace(/[-:]/g, "");
}

/** Epoch ms of a file-name stamp (`20150816T230550Z`, or a log file's `20150801T0210Z`). */
export function parseKeyStamp(stamp: string): number | undefined {
  const m = STAMP_RE.exec(stamp);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  return Number.isNaN(t) ? undefined : t;
}
