import type { Store } from '../store/db.js';
import { DAY_MS, type ReportWindow } from './window.js';

/** Adoption figures people know from other tools, next to penetration. */
export interface Engagement {
  /** Distinct people active in the 7 days ending at the window's end. */
  weeklyActiveUsers: number;
  /** Distinct people active in the 30 days ending at the window's end (it may reach before the window). */
  monthlyActiveUsers: number;
  /** Weekly / monthly active users, 0 to 1; null without monthly users. */
  stickiness: number | null;
  /** Questions answered by a verified answer (`ask.verified`) inside the window. */
  verifiedAnswered: number;
  /** verifiedAnswered / questions; null without questions. */
  verifiedShare: number | null;
  /** Verified answers saved from a hand-off inside the window. */
  savedFromHandoffs: number;
  /** Median hours from a hand-off being opened to its reply being saved as an answer; null when none was saved. */
  medianHandoffToSavedHours: number | null;
}

const NOT_AN_INTERACTION = 'home';

/** Last activity per (department, user) in the 30 days before the window's end; the caller drops hidden groups. */
export async function recentActivity(store: Store, window: ReportWindow) {
  const rows = await store.db
    .selectFrom('usage_events')
    .select(['department', 'user_id', (eb) => eb.fn.max('ts').as('last')])
    .where('ts', '>=', window.to - 30 * DAY_MS)
    .where('ts', '<', window.to)
    .where('feature', '<>', NOT_AN_INTERACTION)
    .groupBy(['department', 'user_id'])
    .execute();
  return rows.map((r) => ({ department: r.department, user_id: r.user_id, last: Number(r.last) }));
}

/** Hours from hand-off to saved answer, for verified answers created inside the window from a hand-off. */
export async function handoffToSavedHours(store: Store, window: ReportWindow): Promise<number[]> {
  const rows = await store.db
    .selectFrom('verified_answers as v')
    .innerJoin('handoffs as h', 'h.id', 'v.handoff_id')
    .select(['v.created_at', 'h.opened_at'])
    .where('v.created_at', '>=', window.from)
    .where('v.created_at', '<', window.to)
    .execute();
  return rows.map((r) => Math.max(0, Number(r.created_at) - Number(r.opened_at)) / 3600_000);
}

export function engagementOf(
  activity: { user_id: string; last: number }[],
  window: ReportWindow,
  verified: { answered: number; questions: number },
  savedHours: number[],
  fraction: (n: number, d: number) => number | null,
  median: (xs: number[]) => number,
): Engagement {
  const monthly = new Set(activity.map((a) => a.user_id));
  const weekly = new Set(activity.filter((a) => a.last >= window.to - 7 * DAY_MS).map((a) => a.user_id));
  return {
    weeklyActiveUsers: weekly.size,
    monthlyActiveUsers: monthly.size,
    stickiness: fraction(weekly.size, monthly.size),
    verifiedAnswered: verified.answered,
    verifiedShare: fraction(verified.answered, verified.questions),
    savedFromHandoffs: savedHours.length,
    medianHandoffToSavedHours: savedHours.length ? Math.round(median(savedHours) * 10) / 10 : null,
  };
}
