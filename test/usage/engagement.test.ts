import { afterAll, describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../src/charts/render.js';
import { DEFAULT_MINUTES_SAVED } from '../../src/config.js';
import { Directory } from '../../src/directory.js';
import { buildUsageSummaryBlocks } from '../../src/slack/blocks/usage-report.js';
import type { Store } from '../../src/store/db.js';
import { adoptionChartSpec } from '../../src/usage/chart.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { reportCsv, reportJson, reportTable } from '../../src/usage/export.js';
import { buildAdoptionReport } from '../../src/usage/report.js';
import { parseRange } from '../../src/usage/window.js';
import { storeEngines } from '../helpers/env.js';
import { at, EVENTS, event, openTestStore, PEOPLE } from './fixtures.js';

const options = (window = parseRange('2025-03-03', '2025-03-16')) => ({
  window,
  headcount: new Directory(PEOPLE).headcount(),
  minGroupSize: 5,
  minutesSaved: DEFAULT_MINUTES_SAVED,
});

function verifiedRow(id: string, createdAt: number, handoffId: string | null) {
  return {
    id,
    question: 'q',
    answer: 'a',
    team: 'People',
    visible_to: null,
    review_days: 90,
    sources: null,
    status: 'active',
    version: 1,
    verified_by: 'U0L1',
    verified_at: createdAt,
    review_due_at: createdAt + 90 * 86_400_000,
    review_notified_at: null,
    handoff_id: handoffId,
    created_at: createdAt,
  };
}

function handoffRow(id: string, openedAt: number) {
  return {
    id,
    usage_event_id: `E-${id}`,
    answer_event_id: null,
    asker_id: 'U0L2',
    asker_channel: 'DU0L2',
    asker_thread_ts: null,
    team: 'People',
    route_channel: 'C0PEOPLE',
    post_channel: 'C0PEOPLE',
    post_ts: `${id}.1`,
    opened_at: openedAt,
    first_reply_at: null,
    resolved_at: null,
    resolved_by: null,
  };
}

describe.each(storeEngines)('adoption figures next to penetration on $name', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  let store: Store;
  const ready = (async () => {
    store = await openTestStore(databaseUrl, cleanups);
    await insertEvents(store, [
      ...EVENTS,
      event({ name: 'ask.verified', user_id: 'U0C3', department: 'Comms', ts: at('2025-03-13T10:00:00') }),
      event({ name: 'ask.verified', user_id: 'U0C4', department: 'Comms', ts: at('2025-03-14T10:00:00') }),
    ]);
    await store.db
      .insertInto('handoffs')
      .values([
        handoffRow('H1', at('2025-03-10T09:00:00')),
        handoffRow('H2', at('2025-03-11T09:00:00')),
        handoffRow('H3', at('2025-02-01T09:00:00')),
      ])
      .execute();
    await store.db
      .insertInto('verified_answers')
      .values([
        verifiedRow('V1', at('2025-03-10T11:00:00'), 'H1'), // 2 h
        verifiedRow('V2', at('2025-03-11T13:00:00'), 'H2'), // 4 h
        verifiedRow('V3', at('2025-03-12T13:00:00'), null), // imported: no hand-off
        verifiedRow('V4', at('2025-02-01T10:00:00'), 'H3'), // saved before the window
      ])
      .execute();
  })();

  it('gives weekly and monthly active users as of the window end, stickiness, the verified share and hand-off to saved answer', async () => {
    await ready;
    const r = await buildAdoptionReport(store, options());
    // Last 7 days: U0L2, U0L3, U0C1, U0C3, U0C4. Last 30 days add U0L1 and U0L4 (the day before the window).
    expect(r.engagement).toEqual({
      weeklyActiveUsers: 5,
      monthlyActiveUsers: 7,
      stickiness: 0.7143,
      verifiedAnswered: 2,
      verifiedShare: 0.3333, // 2 of 6 questions
      savedFromHandoffs: 2,
      medianHandoffToSavedHours: 3,
    });
    expect(r.departments.find((d) => d.department === 'Comms')?.verifiedShare).toBe(0.6667);
    const json = reportJson(r);
    expect(Object.keys(json)).toEqual(['window', 'overall', 'departments', 'weekly', 'engagement', 'modelTokens']);
    expect(reportTable(r)).toMatch(/Weekly active users \(last 7 days\)\s+5/);
    expect(reportTable(r)).toMatch(/Stickiness \(weekly \/ monthly\)\s+71\.4%/);
    expect(reportTable(r)).toMatch(/Hand-off to saved answer \(median\)\s+3 h/);
    expect(reportCsv(r).split('\n')[0]).toMatch(/,hours_saved,verified_share$/);
    const slack = JSON.stringify(buildUsageSummaryBlocks(r, 'ask=5 min'));
    expect(slack).toContain('*Weekly / monthly active*\\n5 / 7 (stickiness 71%)');
    expect(slack).toContain('*Answered by verified answers*\\n33%');
    expect(slack).toContain('hand-off to saved answer 3 h (median)');
  });

  it('marks weeks only partly inside the window as partial, in the table, the chart and the Slack blocks', async () => {
    await ready;
    const r = await buildAdoptionReport(store, options(parseRange('2025-03-05', '2025-03-12')));
    expect(r.weekly).toEqual([
      { weekStart: '2025-03-03', activeUsers: 1, penetration: 0.0909, partial: true, days: 5 },
      { weekStart: '2025-03-10', activeUsers: 3, penetration: 0.2727, partial: true, days: 3 },
    ]);
    const full = await buildAdoptionReport(store, options());
    expect(full.weekly.map((w) => w.partial)).toEqual([false, false]);

    expect(reportTable(r)).toMatch(/2025-03-10\s+3\s+27\.3%\s+partial: 3 of 7 days/);
    expect(JSON.stringify(buildUsageSummaryBlocks(r, 'ask=5 min'))).toContain('03-10: 3 (27%, partial week: 3 of 7 days)');
    // The line joins full weeks only; a partial week is a hollow point labelled as such, never a drop.
    const spec = JSON.stringify(adoptionChartSpec(r));
    expect(spec).toContain(`"filter":"datum.kind === 'full week'"`);
    expect(await renderChartSvg(adoptionChartSpec(r))).toContain('2025-03-10 (partial)');
    expect(await renderChartSvg(adoptionChartSpec(full))).not.toContain('(partial)');
  });
});
