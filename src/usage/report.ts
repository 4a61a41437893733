import { sql } from 'kysely';
import type { Store } from '../store/db.js';
import { type Engagement, engagementOf, handoffToSavedHours, recentActivity } from './engagement.js';
import type { ModelTokensDay } from './model-tokens.js';
import { DAY_MS, isoDay, type ReportWindow, WEEK_MS, weekStart } from './window.js';

export const OTHER_GROUP = 'Other (small groups)';
/** Features that always get a column, even at zero. */
export const CORE_FEATURES = ['ask', 'contract', 'sentiment', 'report'] as const;
/** Opening the App Home is not using Kiki: it neither makes someone active nor counts as an interaction. */
const NOT_AN_INTERACTION = 'home';

export interface GroupMetrics {
  headcount: number;
  activeUsers: number;
  /** Active users / headcount, a fraction from 0 to 1. */
  penetration: number;
  interactions: number;
  byFeature: Record<string, number>;
  /** 👍 share of rated interactions; null when nothing was rated. */
  satisfaction: number | null;
  /** Questions (feature ask) not answered (not found or error) / questions; null without questions. */
  unansweredRate: number | null;
  /** Interactions handed off to a human / interactions; null without interactions. */
  handoffRate: number | null;
  /** Median minutes from a hand-off to a human's first reply; null when nobody replied yet. */
  medianFirstReplyMinutes: number | null;
  /** Successful interactions (answered, completed) × minutes saved per feature, in hours. */
  hoursSaved: number;
  /** Questions answered by a verified answer / questions; null without questions. */
  verifiedShare: number | null;
}

export interface DepartmentMetrics extends GroupMetrics {
  department: string;
}

export interface WeeklyPoint {
  /** Monday (UTC) the week starts on, YYYY-MM-DD; the first and last weeks may be cut by the window. */
  weekStart: string;
  activeUsers: number;
  penetration: number;
  /** The week is only partly inside the window: fewer active users is no drop. */
  partial: boolean;
  /** Days of the week inside the window (7 for a full week; fractional for a window that starts mid-day). */
  days: number;
}

export interface AdoptionReport {
  window: { from: string; to: string; label: string };
  overall: GroupMetrics;
  departments: DepartmentMetrics[];
  weekly: WeeklyPoint[];
  /** Weekly and monthly active users, stickiness, verified answers. */
  engagement: Engagement;
  /** Model tokens per day, from answers a model wrote (empty offline). Filled by AdoptionReports. */
  modelTokens?: ModelTokensDay[];
  minGroupSize: number;
  /** Demo events (kiki demo-data) inside the window: outputs say so. */
  demoInteractions: number;
  /** True when a group below minGroupSize was left out altogether (an "Other" that is too small). */
  hiddenGroup: boolean;
  notes: string[];
}

export interface ReportOptions {
  window: ReportWindow;
  /** Headcount per department from the people directory. */
  headcount: Map<string, number>;
  minGroupSize: number;
  minutesSaved: Readonly<Record<string, number>>;
}

interface Acc {
  users: Set<string>;
  interactions: number;
  byFeature: Map<string, number>;
  success: Map<string, number>;
  questions: number;
  unanswered: number;
  handoffs: number;
  rated: number;
  thumbsUp: number;
  replyMinutes: number[];
  verified: number;
}

const newAcc = (): Acc => ({
  users: new Set(),
  interactions: 0,
  byFeature: new Map(),
  success: new Map(),
  questions: 0,
  unanswered: 0,
  handoffs: 0,
  rated: 0,
  thumbsUp: 0,
  replyMinutes: [],
  verified: 0,
});

/**
 * The adoption report for a window. Departments below minGroupSize in the directory (and departments the
 * directory does not know) are folded into "Other (small groups)"; when Other itself is below the size it
 * is left out of every figure, the overall row included, so no subtraction reveals it. No output lists users.
 */
export async function buildAdoptionReport(store: Store, options: ReportOptions): Promise<AdoptionReport> {
  const { window, minGroupSize } = options;
  const headcountOf = (d: string) => options.headcount.get(d) ?? 0;
  let otherHeadcount = 0;
  for (const n of options.headcount.values()) if (n < minGroupSize) otherHeadcount += n;
  const otherShown = otherHeadcount >= minGroupSize;
  const groupOf = (d: string): string | null => (headcountOf(d) >= minGroupSize ? d : otherShown ? OTHER_GROUP : null);

  const anchor = weekStart(window.from);
  const [byFeature, byUserWeek, handoffs, activity, savedHours] = await Promise.all([
    featureCounts(store, window),
    userWeeks(store, window, anchor),
    firstReplies(store, window),
    recentActivity(store, window),
    handoffToSavedHours(store, window),
  ]);

  const groups = new Map<string, Acc>();
  const acc = (g: string) => {
    let a = groups.get(g);
    if (!a) {
      a = newAcc();
      groups.set(g, a);
    }
    return a;
  };
  for (const [d, n] of options.headcount) if (n >= minGroupSize) acc(d);
  if (otherShown) acc(OTHER_GROUP);
  const overall = newAcc();
  let hiddenGroup = !otherShown && otherHeadcount > 0;
  let demoInteractions = 0;

  for (const r of byFeature) {
    const g = groupOf(r.department);
    if (g === null) {
      hiddenGroup = true;
      continue;
    }
    demoInteractions += r.demo;
    for (const a of [acc(g), overall]) addFeatureRow(a, r);
  }

  const weeks = Math.max(1, Math.floor((window.to - 1 - anchor) / WEEK_MS) + 1);
  const weekly = Array.from({ length: weeks }, () => new Set<string>());
  for (const r of byUserWeek) {
    const g = groupOf(r.department);
    if (g === null) continue;
    acc(g).users.add(r.user_id);
    overall.users.add(r.user_id);
    weekly[r.w]?.add(r.user_id);
  }

  for (const r of handoffs) {
    const g = groupOf(r.department);
    if (g === null) continue;
    const minutes = Math.max(0, r.handoff_first_reply_at - (r.handoff_opened_at ?? r.ts)) / 60_000;
    acc(g).replyMinutes.push(minutes);
    overall.replyMinutes.push(minutes);
  }

  const headOf = (g: string) => (g === OTHER_GROUP ? otherHeadcount : headcountOf(g));
  const departments = [...groups.entries()]
    .map(([department, a]) => ({ department, ...metrics(a, headOf(department), options.minutesSaved) }))
    .sort((x, y) => (x.department === OTHER_GROUP ? 1 : y.department === OTHER_GROUP ? -1 : x.department.localeCompare(y.department)));
  const totalHeadcount = departments.reduce((s, d) => s + d.headcount, 0);

  const notes = reportNotes(options.headcount.size === 0, hiddenGroup, minGroupSize, demoInteractions);

  return {
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), label: window.label },
    overall: metrics(overall, totalHeadcount, options.minutesSaved),
    departments,
    weekly: weeklyPoints(weekly, anchor, window, totalHeadcount),
    engagement: engagementOf(
      activity.filter((a) => groupOf(a.department) !== null),
      window,
      { answered: overall.verified, questions: overall.questions },
      savedHours,
      fraction,
      medianOf,
    ),
    minGroupSize,
    demoInteractions,
    hiddenGroup,
    notes,
  };
}

type FeatureRow = Awaited<ReturnType<typeof featureCounts>>[number];

/** Adds one (department, feature) row of counts to a group's accumulator. */
function addFeatureRow(a: Acc, r: FeatureRow): void {
  a.interactions += r.n;
  a.byFeature.set(r.feature, (a.byFeature.get(r.feature) ?? 0) + r.n);
  a.success.set(r.feature, (a.success.get(r.feature) ?? 0) + r.success);
  if (r.feature === 'ask') {
    a.questions += r.n;
    a.unanswered += r.unanswered;
    a.verified += r.verified;
  }
  a.handoffs += r.handoffs;
  a.rated += r.rated;
  a.thumbsUp += r.up;
}

/** One point per week from the anchor: its active users, penetration, and how much of it lies inside the window. */
function weeklyPoints(weekly: Set<string>[], anchor: number, window: ReportWindow, totalHeadcount: number): WeeklyPoint[] {
  return weekly.map((users, i) => {
    const start = anchor + i * WEEK_MS;
    const inside = Math.min(window.to, start + WEEK_MS) - Math.max(window.from, start);
    return {
      weekStart: isoDay(start),
      activeUsers: users.size,
      penetration: fraction(users.size, totalHeadcount) ?? 0,
      partial: inside < WEEK_MS,
      days: round(inside / DAY_MS, 1),
    };
  });
}

/** The caveats printed under the report: an empty directory, groups left out, demo data included. */
function reportNotes(directoryEmpty: boolean, hiddenGroup: boolean, minGroupSize: number, demoInteractions: number): string[] {
  const notes: string[] = [];
  if (directoryEmpty) {
    notes.push('The people directory is empty (set `KIKI_DIRECTORY`): without headcounts every group is too small to show.');
  }
  if (hiddenGroup) notes.push(`Groups smaller than ${minGroupSize} people are left out so that no one's use can be singled out.`);
  if (demoInteractions > 0) notes.push(`Includes ${demoInteractions} demo interactions made by \`kiki demo-data\`, not real use.`);
  return notes;
}

function metrics(a: Acc, headcount: number, minutesSaved: Readonly<Record<string, number>>): GroupMetrics {
  const byFeature: Record<string, number> = Object.fromEntries(CORE_FEATURES.map((f) => [f, 0]));
  for (const [f, n] of [...a.byFeature].sort(([x], [y]) => x.localeCompare(y))) byFeature[f] = n;
  let minutes = 0;
  for (const [f, n] of a.success) minutes += n * (minutesSaved[f] ?? 0);
  return {
    headcount,
    activeUsers: a.users.size,
    penetration: Math.min(1, fraction(a.users.size, headcount) ?? 0),
    interactions: a.interactions,
    byFeature,
    satisfaction: fraction(a.thumbsUp, a.rated),
    unansweredRate: fraction(a.unanswered, a.questions),
    handoffRate: fraction(a.handoffs, a.interactions),
    medianFirstReplyMinutes: a.replyMinutes.length ? round(medianOf(a.replyMinutes), 1) : null,
    hoursSaved: round(minutes / 60, 1),
    verifiedShare: fraction(a.verified, a.questions),
  };
}

function fraction(n: number, d: number): number | null {
  return d > 0 ? round(n / d, 4) : null;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const n = (v: unknown) => Number(v ?? 0);

/** Streams the (department, feature, ts, …) index: additive counts per department and feature. */
async function featureCounts(store: Store, window: ReportWindow) {
  const rows = await store.db
    .selectFrom('usage_events')
    .select([
      'department',
      'feature',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when outcome in ('answered', 'completed') then 1 else 0 end)`.as('success'),
      sql<number>`sum(case when outcome in ('not_found', 'error') then 1 else 0 end)`.as('unanswered'),
      sql<number>`sum(case when outcome = 'handed_off' or handoff_opened_at is not null then 1 else 0 end)`.as('handoffs'),
      sql<number>`sum(case when feedback is not null then 1 else 0 end)`.as('rated'),
      sql<number>`sum(case when feedback = 1 then 1 else 0 end)`.as('up'),
      sql<number>`sum(demo)`.as('demo'),
      sql<number>`sum(case when name = 'ask.verified' then 1 else 0 end)`.as('verified'),
    ])
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to)
    .where('feature', '<>', NOT_AN_INTERACTION)
    .groupBy(['department', 'feature'])
    .execute();
  return rows.map((r) => ({
    department: r.department,
    feature: r.feature,
    n: n(r.n),
    success: n(r.success),
    unanswered: n(r.unanswered),
    handoffs: n(r.handoffs),
    rated: n(r.rated),
    up: n(r.up),
    demo: n(r.demo),
    verified: n(r.verified),
  }));
}

/**
 * Who was active in which week, from the (department, user_id, ts) index. DISTINCT keeps only the few
 * (department, user, week) triples in a temporary index, where GROUP BY would sort every event.
 */
async function userWeeks(store: Store, window: ReportWindow, anchor: number) {
  // The anchor is our own integer, inlined so both engines do integer division on bigint timestamps.
  const week = sql<number>`(ts - ${sql.lit(Math.trunc(anchor))}) / ${sql.lit(WEEK_MS)}`;
  const rows = await store.db
    .selectFrom('usage_events')
    .select(['department', 'user_id', week.as('w')])
    .distinct()
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to)
    .where('feature', '<>', NOT_AN_INTERACTION)
    .execute();
  return rows.map((r) => ({ department: r.department, user_id: r.user_id, w: n(r.w) }));
}

async function firstReplies(store: Store, window: ReportWindow) {
  const rows = await store.db
    .selectFrom('usage_events')
    .select(['department', 'ts', 'handoff_opened_at', 'handoff_first_reply_at'])
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to)
    .where('handoff_first_reply_at', 'is not', null)
    .execute();
  return rows.map((r) => ({
    department: r.department,
    ts: n(r.ts),
    handoff_opened_at: r.handoff_opened_at === null ? null : n(r.handoff_opened_at),
    handoff_first_reply_at: n(r.handoff_first_reply_at),
  }));
}
