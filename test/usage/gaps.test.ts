import { afterAll, describe, expect, it } from 'vitest';
import { parseRouting } from '../../src/assistant/routing.js';
import type { Citation } from '../../src/assistant/types.js';
import type { Store } from '../../src/store/db.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { buildGapsReport, gapFacts, NO_TEAM, OTHER_TEAMS } from '../../src/usage/gaps.js';
import { gapsJson, gapsTable } from '../../src/usage/gaps-export.js';
import { parseRange } from '../../src/usage/window.js';
import { storeEngines } from '../helpers/env.js';
import { at, event, openTestStore } from './fixtures.js';

const WINDOW = parseRange('2025-03-03', '2025-03-16');
const LEAVE = { source: 'people/leave.md', title: 'Leave', heading: 'Leave › Parental leave' };
const SICK = { source: 'people/leave.md', title: 'Leave', heading: 'Leave › Sick days' };
const VPN = { source: 'it/vpn.md', title: 'VPN', heading: 'VPN' };
const meta = (team: string | undefined, closest: object[] = []) => JSON.stringify({ mode: 'offline', ...(team ? { team } : {}), closest });

/** People: 3 askers with gaps (not found, 👎, hand-offs); IT: 1 asker; one question nobody owns; good answers ignored. */
const EVENTS = [
  event({
    user_id: 'U1',
    department: 'Eng',
    ts: at('2025-03-04T10:00:00'),
    outcome: 'not_found',
    meta: meta('People', [LEAVE, SICK]),
    question: 'parental leave for adoptive parents?',
  }),
  event({
    user_id: 'U2',
    department: 'Eng',
    ts: at('2025-03-05T10:00:00'),
    outcome: 'not_found',
    meta: meta('People', [LEAVE]),
    question: 'leave when adopting',
  }),
  event({ user_id: 'U3', department: 'Sales', ts: at('2025-03-06T10:00:00'), feedback: -1, meta: meta('People', [SICK]) }),
  event({
    id: 'E-HANDOFF',
    user_id: 'U3',
    department: 'Sales',
    ts: at('2025-03-07T10:00:00'),
    outcome: 'handed_off',
    meta: meta('People'),
  }),
  event({ user_id: 'U4', department: 'Eng', ts: at('2025-03-08T10:00:00'), feedback: -1, meta: meta('IT', [VPN]) }),
  event({ user_id: 'U5', department: 'Eng', ts: at('2025-03-09T10:00:00'), outcome: 'not_found', meta: meta(undefined) }),
  event({ user_id: 'U6', department: 'Eng', ts: at('2025-03-09T11:00:00'), meta: meta('People', [LEAVE]), feedback: 1 }),
  // Outside the window.
  event({ user_id: 'U7', department: 'Eng', ts: at('2025-03-17T00:00:00'), outcome: 'not_found', meta: meta('People', [LEAVE]) }),
];

describe.each(storeEngines)('knowledge gaps on $name', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  let store: Store;
  const ready = (async () => {
    store = await openTestStore(databaseUrl, cleanups);
    await insertEvents(store, EVENTS);
    await store.db
      .insertInto('handoffs')
      .values({
        id: 'H1',
        usage_event_id: 'E-HANDOFF',
        answer_event_id: null,
        asker_id: 'U3',
        asker_channel: 'DU3',
        asker_thread_ts: null,
        team: 'People',
        route_channel: 'C0PEOPLE',
        post_channel: 'C0PEOPLE',
        post_ts: '1.1',
        opened_at: at('2025-03-07T10:00:00'),
        first_reply_at: null,
        resolved_at: null,
        resolved_by: null,
      })
      .execute();
  })();

  it('counts not found, 👎 and hand-offs per owning team, with the sections that came closest, and no question text', async () => {
    await ready;
    const r = await buildGapsReport(store, { window: WINDOW, minGroupSize: 3, storeQuestions: false });
    expect(r.teams).toEqual([
      {
        team: 'People',
        askers: 3,
        notFound: 2,
        thumbsDown: 1,
        handoffs: 1,
        closest: [
          { ...LEAVE, count: 2 },
          { ...SICK, count: 2 },
        ],
      },
    ]);
    expect(JSON.stringify(r)).not.toMatch(/adopt|U1|U2|U3/);
    // IT (1 person) and the unowned question (1 person) make an "Other" of 2: below 3, left out and said so.
    expect(JSON.stringify(r)).not.toMatch(/IT|vpn|Other/);
    expect(r.notes.join(' ')).toContain('fewer than 3 people');
  });

  it('folds small teams into "Other (small groups)" once together they reach the size', async () => {
    await ready;
    const r = await buildGapsReport(store, { window: WINDOW, minGroupSize: 2, storeQuestions: false });
    expect(r.teams.map((t) => [t.team, t.askers, t.notFound, t.thumbsDown])).toEqual([
      ['People', 3, 2, 1],
      [OTHER_TEAMS, 2, 1, 1],
    ]);
    const one = await buildGapsReport(store, { window: WINDOW, minGroupSize: 1, storeQuestions: false });
    expect(one.teams.map((t) => t.team)).toEqual(['People', 'IT', NO_TEAM]);
  });

  it('shows the latest questions only when question text is stored', async () => {
    await ready;
    const r = await buildGapsReport(store, { window: WINDOW, minGroupSize: 3, storeQuestions: true });
    expect(r.teams[0]?.questions).toEqual(['leave when adopting', 'parental leave for adoptive parents?']);
    expect(gapsTable(r)).toContain('asked: leave when adopting');
    expect(gapsJson(r).teams[0]).toMatchObject({ team: 'People', notFound: 2 });
  });
});

describe('the gap facts the ask flow keeps', () => {
  const routing = parseRouting('routes:\n  - team: People\n    channel: C0PEOPLE\n    owners: [HR]\n    keywords: [leave]\n');
  const cite = (n: number, c: typeof LEAVE): Citation => ({ n, ...c, url: 'https://x.example', owner: 'HR' });

  it('routes the owners to their team and keeps the cited sections, never the text', () => {
    const facts = gapFacts(routing, { question: 'How long is parental leave?', citations: [cite(1, LEAVE)], owners: ['HR'] });
    expect(facts).toEqual({ team: 'People', closest: [LEAVE] });
  });

  it('prefers the nearest sections when the answer has them, and falls back to the owner or nothing', () => {
    const answer = { question: 'What about sabbaticals?', citations: [], owners: ['Facilities'], closest: [cite(1, SICK)] };
    expect(gapFacts(routing, answer)).toEqual({ team: 'Facilities', closest: [SICK] });
    expect(gapFacts(routing, { question: 'hm?', citations: [], owners: [] })).toEqual({});
  });
});
