import { ErrorCode, KikiError } from '../errors.js';

export const DAY_MS = 24 * 3600_000;
export const WEEK_MS = 7 * DAY_MS;

/** A report window: from inclusive, to exclusive, both ms since the epoch. */
export interface ReportWindow {
  from: number;
  to: number;
  /** "last 30 days", "2025-01-01 to 2025-01-31". */
  label: string;
}

/** "7d", "30d", "90d" (any 1–3650 days): the days before `now`. */
export function parseSince(since: string, now = Date.now()): ReportWindow {
  const m = /^\s*(\d{1,4})\s*d?\s*$/i.exec(since);
  const days = m ? Number(m[1]) : Number.NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new KikiError(ErrorCode.InvalidInput, `"${since}" is not a window; use a number of days such as 7d, 30d or 90d.`);
  }
  return { from: now - days * DAY_MS, to: now, label: `last ${days} day${days === 1 ? '' : 's'}` };
}

/** Whole UTC days: from the start of `from` to the end of `to` (default: now). */
export function parseRange(from: string, to: string | undefined, now = Date.now()): ReportWindow {
  const start = parseDate(from, '--from');
  const end = to === undefined ? now : parseDate(to, '--to') + DAY_MS;
  if (end <= start) throw new KikiError(ErrorCode.InvalidInput, `The window is empty: ${to ?? 'now'} is before ${from}.`);
  return { from: start, to: end, label: `${isoDay(start)} to ${isoDay(end - 1)}` };
}

function parseDate(value: string, flag: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || Number.isNaN(ms) || isoDay(ms) !== value.trim()) {
    throw new KikiError(ErrorCode.InvalidInput, `${flag} "${value}" is not a date; use YYYY-MM-DD, e.g. 2025-03-31.`);
  }
  return ms;
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday 00:00 UTC on or before `ms`: weekly trends use ISO weeks. */
export function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: (day + 3) % 7 is the number of days since Monday.
  return (day - ((day + 3) % 7)) * DAY_MS;
}
