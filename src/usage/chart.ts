import type { TopLevelSpec } from '../charts/render.js';
import type { AdoptionReport } from './report.js';

const FULL = 'full week';
const PARTIAL = 'partial week';

/** Penetration by department (bars) above the weekly active users and penetration (line). */
export function adoptionChartSpec(report: AdoptionReport): TopLevelSpec {
  const departments = report.departments.map((d) => ({ department: d.department, penetration: d.penetration }));
  const weekly = report.weekly.map((w) => ({
    week: w.partial ? `${w.weekStart} (partial)` : w.weekStart,
    kind: w.partial ? PARTIAL : FULL,
    penetration: w.penetration,
    activeUsers: w.activeUsers,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `Kiki adoption, ${report.window.label}`, subtitle: report.demoInteractions > 0 ? 'Includes demo data' : '' },
    vconcat: [
      {
        title: 'Penetration by department (active users / headcount)',
        width: 520,
        height: Math.max(60, departments.length * 22),
        data: { values: departments },
        mark: { type: 'bar', color: '#4A154B' },
        encoding: {
          y: { field: 'department', type: 'nominal', sort: '-x', title: null },
          x: { field: 'penetration', type: 'quantitative', axis: { format: '.0%' }, scale: { domain: [0, 1] }, title: null },
          tooltip: [{ field: 'penetration', format: '.0%' }],
        },
      },
      {
        // A week cut by the window is a grey point labelled "partial", off the line: it is no ramp and no fall.
        title: 'Weekly active users',
        width: 520,
        height: 160,
        data: { values: weekly },
        encoding: {
          // In calendar order: with sort null, the line layer (full weeks only) would set the order and the
          // partial weeks would trail after the last full one.
          x: { field: 'week', type: 'ordinal', sort: weekly.map((w) => w.week), title: 'Week of', axis: { labelAngle: -30 } },
          y: { field: 'activeUsers', type: 'quantitative', title: 'Active users' },
        },
        layer: [
          { transform: [{ filter: `datum.kind === '${FULL}'` }], mark: { type: 'line', color: '#1264A3' } },
          {
            mark: { type: 'point', filled: true, size: 50 },
            encoding: {
              color: { field: 'kind', type: 'nominal', scale: { domain: [FULL, PARTIAL], range: ['#1264A3', '#9E9E9E'] }, title: null },
            },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}
