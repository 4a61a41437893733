import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../src/charts/render.js';
import { DEFAULT_MINUTES_SAVED } from '../../src/config.js';
import { csvCell } from '../../src/csv.js';
import { Directory } from '../../src/directory.js';
import { buildAdminHomeBlocks, buildUsageSummaryBlocks } from '../../src/slack/blocks/usage-report.js';
import { adoptionChartSpec } from '../../src/usage/chart.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { reportCsv, reportJson, reportTable } from '../../src/usage/export.js';
import { type AdoptionReport, buildAdoptionReport } from '../../src/usage/report.js';
import { parseRange } from '../../src/usage/window.js';
import { EVENTS, openTestStore, PEOPLE } from './fixtures.js';

describe('report outputs', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let report: AdoptionReport;
  beforeAll(async () => {
    const store = await openTestStore(undefined, cleanups);
    await insertEvents(store, EVENTS);
    report = await buildAdoptionReport(store, {
      window: parseRange('2025-03-03', '2025-03-16'),
      headcount: new Directory(PEOPLE).headcount(),
      minGroupSize: 5,
      minutesSaved: DEFAULT_MINUTES_SAVED,
    });
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('never shows a small group or a user in any format', async () => {
    const outputs = {
      json: JSON.stringify(reportJson(report)),
      csv: reportCsv(report),
      table: reportTable(report),
      chart: await renderChartSvg(adoptionChartSpec(report)),
      slack: JSON.stringify(buildUsageSummaryBlocks(report, 'ask=5 min')),
      home: JSON.stringify(buildAdminHomeBlocks(report, 'ask=5 min')),
    };
    for (const [format, text] of Object.entries(outputs)) {
      expect(text, format).toContain('Legal');
      expect(text, format).not.toMatch(/Design|Ops\b|Unassigned|U0[A-Z0-9]+/);
    }
  });

  it('prints the --json shape of the issue, penetration as a fraction', () => {
    const json = reportJson(report);
    // Issue 7's keys stay first and unchanged; issue 14 added engagement after them.
    expect(Object.keys(json)).toEqual(['window', 'overall', 'departments', 'weekly', 'engagement', 'modelTokens']);
    expect(Object.keys(json.window)).toEqual(['from', 'to']);
    expect(json.overall).toMatchObject({ headcount: 11, activeUsers: 4, penetration: 0.3636 });
    for (const d of json.departments) {
      expect(Object.keys(d)).toEqual(
        expect.arrayContaining([
          'department',
          'headcount',
          'activeUsers',
          'penetration',
          'interactions',
          'byFeature',
          'satisfaction',
          'unansweredRate',
          'handoffRate',
          'hoursSaved',
        ]),
      );
      expect(d.penetration).toBeGreaterThanOrEqual(0);
      expect(d.penetration).toBeLessThanOrEqual(1);
    }
  });

  it('writes a CSV a spreadsheet reads: one row per department and the overall row', () => {
    const rows = parse(reportCsv(report), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.department)).toEqual(['Comms', 'Legal', 'All departments']);
    expect(rows[1]).toMatchObject({ headcount: '5', active_users: '3', penetration: '0.6', contract_interactions: '1', hours_saved: '1' });
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
  });

  it('labels demo data in the Slack summary', () => {
    const demo = { ...report, demoInteractions: 3 };
    expect(JSON.stringify(buildUsageSummaryBlocks(demo, 'ask=5 min'))).toContain('Demo data');
    expect(JSON.stringify(buildUsageSummaryBlocks(report, 'ask=5 min'))).not.toContain('Demo data');
  });
});
