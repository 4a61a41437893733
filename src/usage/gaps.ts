import { chooseRoute, type RoutingTable } from '../assistant/routing.js';
import type { Citation } from '../assistant/types.js';
import { isSlackMessage } from '../sources/slack-search.js';
import type { Store } from '../store/db.js';
import type { ReportWindow } from './window.js';

export const OTHER_TEAMS = 'Other (small groups)';
/** Questions no routing rule and no document owner claims. */
export const NO_TEAM = 'No owning team';
const CLOSEST_KEPT = 3;
const CLOSEST_SHOWN = 5;
const QUESTIONS_SHOWN = 10;

/** A document section, without any text of the question or the answer. */
export interface GapSection {
  source: string;
  title: string;
  heading: string;
}

/** What a usage event of a question keeps for the gaps report: the owning team and the nearest sections. */
export interface GapFacts {
  team?: string;
  closest?: GapSection[];
}

/**
 * The owning team of an answer (the routing rule of its best sources, else the documents' owner) and the
 * sections that came closest: the nearest ones when Kiki was not sure, else the cited ones. Spread into the
 * usage event's meta by the ask flow.
 */
export function gapFacts(routing: RoutingTable, answer: { question: string; citations: Citation[]; owners: string[] }): GapFacts {
  const nearest = (answer as { closest?: Citation[] }).closest;
  // A Slack message is never kept, not even its channel's name (Slack's terms; the channel may be private).
  const sections = (nearest?.length ? nearest : answer.citations).filter((c) => !isSlackMessage(c.source)).slice(0, CLOSEST_KEPT);
  const routed = chooseRoute({ routes: routing.routes }, { owners: answer.owners, question: answer.question });
  const team = routed?.team ?? answer.owners[0];
  return {
    ...(team ? { team } : {}),
    ...(sections.length ? { closest: sections.map((c) => ({ source: c.source, title: c.title, heading: c.heading })) } : {}),
  };
}

export interface TeamGaps {
  team: string;
  /** Distinct people behind these figures (never who). */
  askers: number;
  notFound: number;
  thumbsDown: number;
  handoffs: number;
  /** The sections that came closest to the questions above, most frequent first. */
  closest: (GapSection & { count: number })[];
  /** Closest sections left unnamed because not every reader of the place may read them. */
  withheld?: number;
  /** Only when KIKI_STORE_QUESTIONS=true: the latest questions, newest first. */
  questions?: string[];
}

export interface GapsReport {
  window: { from: string; to: string; label: string };
  minGroupSize: number;
  teams: TeamGaps[];
  notes: string[];
}

export interface GapsOptions {
  window: ReportWindow;
  minGroupSize: number;
  storeQuestions: boolean;
}

interface Acc {
  askers: Set<string>;
  notFound: number;
  thumbsDown: number;
  handoffs: number;
  sections: Map<string, GapSection & { count: number }>;
  questions: { ts: number; text: string }[];
}

const newAcc = (): Acc => ({ askers: new Set(), notFound: 0, thumbsDown: 0, handoffs: 0, sections: new Map(), questions: [] });

/**
 * Where the documents fall short, per owning team: questions answered "not found", 👎 and hand-offs, with the
 * sections that came closest. A team whose figures come from fewer than minGroupSize people is folded into
 * "Other (small groups)", and that is left out while it is below the size too, so no one's questions can be
 * singled out. Question text appears only when the deployment stores it (KIKI_STORE_QUESTIONS=true).
 */
export async function buildGapsReport(store: Store, options: GapsOptions): Promise<GapsReport> {
  const { window, minGroupSize } = options;
  const rows = await store.db
    .selectFrom('usage_events as e')
    .leftJoin('handoffs as h', 'h.usage_event_id', 'e.id')
    .select(['e.ts', 'e.user_id', 'e.outcome', 'e.feedback', 'e.handoff_opened_at', 'e.question', 'e.meta', 'h.team as handoff_team'])
    .where('e.ts', '>=', window.from)
    .where('e.ts', '<', window.to)
    .where('e.feature', '=', 'ask')
    .where((eb) =>
      eb.or([
        eb('e.outcome', 'in', ['not_found', 'handed_off']),
        eb('e.feedback', '=', -1),
        eb('e.handoff_opened_at', 'is not', null),
        eb('h.id', 'is not', null),
      ]),
    )
    .orderBy('e.ts', 'desc')
    .execute();

  const teams = new Map<string, Acc>();
  for (const r of rows) {
    const meta = parseMeta(r.meta);
    const team = r.handoff_team ?? meta.team ?? NO_TEAM;
    let a = teams.get(team);
    if (!a) {
      a = newAcc();
      teams.set(team, a);
    }
    a.askers.add(r.user_id);
    if (r.outcome === 'not_found') a.notFound++;
    if (Number(r.feedback) === -1) a.thumbsDown++;
    if (r.outcome === 'handed_off' || r.handoff_opened_at !== null || r.handoff_team !== null) a.handoffs++;
    for (const s of meta.closest ?? []) {
      const key = `${s.source}\u0000${s.heading}`;
      const seen = a.sections.get(key);
      if (seen) seen.count++;
      else a.sections.set(key, { ...s, count: 1 });
    }
    if (options.storeQuestions && r.question) a.questions.push({ ts: Number(r.ts), text: r.question });
  }

  const shown = new Map<string, Acc>();
  const other = newAcc();
  let folded = 0;
  for (const [team, a] of teams) {
    if (a.askers.size >= minGroupSize) shown.set(team, a);
    else {
      folded++;
      merge(other, a);
    }
  }
  const notes: string[] = [];
  if (folded > 0 && other.askers.size >= minGroupSize) shown.set(OTHER_TEAMS, other);
  else if (folded > 0)
    notes.push(`Teams whose gaps come from fewer than ${minGroupSize} people are left out so that no one's questions can be singled out.`);
  if (!options.storeQuestions)
    notes.push('Question text is not stored (`KIKI_STORE_QUESTIONS=false`): only counts and the closest documents are shown.');

  const list = [...shown.entries()]
    .map(([team, a]) => toTeam(team, a, options.storeQuestions))
    .sort((x, y) => total(y) - total(x) || (x.team === OTHER_TEAMS ? 1 : y.team === OTHER_TEAMS ? -1 : x.team.localeCompare(y.team)));
  return {
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), label: window.label },
    minGroupSize,
    teams: list,
    notes,
  };
}

const total = (t: TeamGaps) => t.notFound + t.thumbsDown + t.handoffs;

function merge(into: Acc, a: Acc): void {
  for (const u of a.askers) into.askers.add(u);
  into.notFound += a.notFound;
  into.thumbsDown += a.thumbsDown;
  into.handoffs += a.handoffs;
  for (const [k, s] of a.sections) {
    const seen = into.sections.get(k);
    if (seen) seen.count += s.count;
    else into.sections.set(k, { ...s });
  }
  into.questions.push(...a.questions);
}

function toTeam(team: string, a: Acc, storeQuestions: boolean): TeamGaps {
  const closest = [...a.sections.values()]
    .sort((x, y) => y.count - x.count || x.source.localeCompare(y.source) || x.heading.localeCompare(y.heading))
    .slice(0, CLOSEST_SHOWN);
  return {
    team,
    askers: a.askers.size,
    notFound: a.notFound,
    thumbsDown: a.thumbsDown,
    handoffs: a.handoffs,
    closest,
    ...(storeQuestions
      ? {
          questions: a.questions
            .sort((x, y) => y.ts - x.ts)
            .slice(0, QUESTIONS_SHOWN)
            .map((q) => q.text),
        }
      : {}),
  };
}

/** The event's meta as written by the ask flow and the hand-off; anything else is ignored. */
function parseMeta(text: string | null): GapFacts {
  if (!text) return {};
  try {
    const m = JSON.parse(text) as { team?: unknown; closest?: unknown };
    const closest = Array.isArray(m.closest)
      ? m.closest
          .filter((s): s is GapSection => typeof s?.source === 'string' && typeof s?.heading === 'string')
          .map((s) => ({ source: s.source, title: typeof s.title === 'string' ? s.title : s.source, heading: s.heading }))
      : [];
    return { ...(typeof m.team === 'string' && m.team ? { team: m.team } : {}), ...(closest.length ? { closest } : {}) };
  } catch {
    return {};
  }
}
