import { afterAll, describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../src/charts/render.js';
import { DEFAULT_MINUTES_SAVED } from '../../src/config.js';
import { Directory } from '../../src/directory.js';
import { adoptionChartSpec } from '../../src/usage/chart.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { buildAdoptionReport } from '../../src/usage/report.js';
import { parseRange } from '../../src/usage/window.js';
import { EVENTS, openTestStore, PEOPLE } from './fixtures.js';

// Issue 24, item 14: the weekly chart listed the full weeks first and the partial week that opens the window last.
describe('the weekly chart', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('puts the weeks on the x-axis in calendar order, a partial first week first', async () => {
    const store = await openTestStore(undefined, cleanups);
    await insertEvents(store, EVENTS);
    const report = await buildAdoptionReport(store, {
      window: parseRange('2025-03-05', '2025-03-23'),
      headcount: new Directory(PEOPLE).headcount(),
      minGroupSize: 5,
      minutesSaved: DEFAULT_MINUTES_SAVED,
    });
    expect(report.weekly.map((w) => [w.weekStart, w.partial])).toEqual([
      ['2025-03-03', true],
      ['2025-03-10', false],
      ['2025-03-17', false],
    ]);
    const svg = await renderChartSvg(adoptionChartSpec(report));
    const labels = [...svg.matchAll(/<text[^>]*>(2025-03-\d\d(?: \(partial\))?)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['2025-03-03 (partial)', '2025-03-10', '2025-03-17']);
  });
});
