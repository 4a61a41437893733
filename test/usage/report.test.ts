import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MINUTES_SAVED } from '../../src/config.js';
import { Directory } from '../../src/directory.js';
import type { Store } from '../../src/store/db.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { buildAdoptionReport, OTHER_GROUP } from '../../src/usage/report.js';
import { parseRange, parseSince } from '../../src/usage/window.js';
import { storeEngines } from '../helpers/env.js';
import { at, EVENTS, openTestStore, PEOPLE, person } from './fixtures.js';

const WINDOW = parseRange('2025-03-03', '2025-03-16');
const options = (people = PEOPLE) => ({
  window: WINDOW,
  headcount: new Directory(people).headcount(),
  minGroupSize: 5,
  minutesSaved: DEFAULT_MINUTES_SAVED,
});

describe.each(storeEngines)('adoption report on $name', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  let store: Store;
  const ready = (async () => {
    store = await openTestStore(databaseUrl, cleanups);
    await insertEvents(store, EVENTS);
  })();

  it('computes penetration and quality per department, and an overall row, inside the window only', async () => {
    await ready;
    const r = await buildAdoptionReport(store, options());
    expect(r.window).toMatchObject({ from: '2025-03-03T00:00:00.000Z', to: '2025-03-17T00:00:00.000Z' });
    expect(r.departments.map((d) => d.department)).toEqual(['Comms', 'Legal']);
    const legal = r.departments.find((d) => d.department === 'Legal');
    expect(legal).toEqual({
      department: 'Legal',
      headcount: 5,
      activeUsers: 3,
      penetration: 0.6,
      interactions: 4,
      byFeature: { ask: 3, contract: 1, sentiment: 0, report: 0 },
      satisfaction: 0.5,
      unansweredRate: 0.3333,
      handoffRate: 0.25,
      medianFirstReplyMinutes: 30,
      hoursSaved: 1, // 2 answers × 5 min + 1 contract × 50 min
      verifiedShare: 0,
    });
    const comms = r.departments.find((d) => d.department === 'Comms');
    // Opening the App Home (U0C2) is not use.
    expect(comms).toMatchObject({
      activeUsers: 1,
      penetration: 0.1667,
      interactions: 2,
      satisfaction: null,
      handoffRate: 0.5,
      hoursSaved: 0.5,
    });
    expect(r.overall).toEqual({
      headcount: 11,
      activeUsers: 4,
      penetration: 0.3636,
      interactions: 6,
      byFeature: { ask: 4, contract: 1, sentiment: 1, report: 0 },
      satisfaction: 0.5,
      unansweredRate: 0.25,
      handoffRate: 0.3333,
      medianFirstReplyMinutes: 20,
      hoursSaved: 1.5,
      verifiedShare: 0,
    });
  });

  it('gives a weekly trend of active users, Monday to Sunday', async () => {
    await ready;
    const r = await buildAdoptionReport(store, options());
    expect(r.weekly).toEqual([
      { weekStart: '2025-03-03', activeUsers: 2, penetration: 0.1818, partial: false, days: 7 },
      { weekStart: '2025-03-10', activeUsers: 3, penetration: 0.2727, partial: false, days: 7 },
    ]);
  });

  it('reads the last N days for a 7-day window', async () => {
    await ready;
    const r = await buildAdoptionReport(store, { ...options(), window: parseSince('7d', at('2025-03-17T00:00:00')) });
    expect(r.departments.find((d) => d.department === 'Legal')).toMatchObject({ activeUsers: 2, interactions: 2 });
    expect(r.weekly.map((w) => w.weekStart)).toEqual(['2025-03-10']);
  });

  it('hides small groups, and their "Other" while it is below the size, from every figure', async () => {
    await ready;
    const r = await buildAdoptionReport(store, options());
    const text = JSON.stringify(r);
    expect(text).not.toMatch(/Design|Ops|Unassigned|U0D1|U0XSTRANGER|Other/);
    expect(r.hiddenGroup).toBe(true);
    expect(r.notes.join(' ')).toContain('smaller than 5');
  });

  it('folds small groups into "Other (small groups)" once together they reach the size', async () => {
    await ready;
    const people = [...PEOPLE, person('U0D3', 'Design')];
    const r = await buildAdoptionReport(store, options(people));
    expect(r.departments.map((d) => d.department)).toEqual(['Comms', 'Legal', OTHER_GROUP]);
    // Design (3) and Ops (2) make 5; the directory-less stranger's question counts there too.
    expect(r.departments.at(-1)).toMatchObject({ headcount: 5, activeUsers: 2, interactions: 2, penetration: 0.4 });
    expect(r.overall).toMatchObject({ headcount: 16, activeUsers: 6, interactions: 8 });
    expect(JSON.stringify(r)).not.toMatch(/Design|Ops|U0D1/);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('the same report from SQLite and PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('matches field for field', async () => {
    const sqlite = await openTestStore(undefined, cleanups);
    const pg = await openTestStore(process.env.DATABASE_URL, cleanups);
    await insertEvents(sqlite, EVENTS);
    await insertEvents(pg, EVENTS);
    const people = [...PEOPLE, person('U0D3', 'Design')];
    const a = await buildAdoptionReport(sqlite, options(people));
    const b = await buildAdoptionReport(pg, options(people));
    expect(b).toEqual(a);
    expect(a.overall.interactions).toBeGreaterThan(0);
  });
});
