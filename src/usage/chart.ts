import type { TopLevelSpec } from '../charts/render.js';
import type { AdoptionReport } from './report.js';

/** Penetration by department (bars) above the weekly active users and penetration (line). */
export function adoptionChartSpec(report: AdoptionReport): TopLevelSpec {
  const departments = report.departments.map((d) => ({ department: d.department, penetration: d.penetration }));
  const weekly = report.weekly.map((w) => ({ week: w.weekStart, penetration: w.penetration, activeUsers: w.activeUsers }));
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
        title: 'Weekly active users',
        width: 520,
        height: 160,
        data: { values: weekly },
        mark: { type: 'line', point: true, color: '#1264A3' },
        encoding: {
          x: { field: 'week', type: 'ordinal', title: 'Week of' },
          y: { field: 'activeUsers', type: 'quantitative', title: 'Active users' },
        },
      },
    ],
  } as TopLevelSpec;
}
