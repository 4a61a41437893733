import { renderChartPng, type TopLevelSpec } from '../../charts/render.js';
import type { GroupRow, SentimentReport } from '../report.js';

const DOMAIN = ['positive', 'neutral', 'mixed', 'negative'];
const COLORS = ['#2e9e5b', '#a0a4ab', '#e0a526', '#d2453a'];

/** Stacked bars of labels over time when dates are known (else by outlet), titled with the net score. */
export function buildChartSpec(report: SentimentReport): TopLevelSpec {
  const overTime = report.trend && report.trend.rows.length >= 2;
  const rows: GroupRow[] = overTime ? (report.trend?.rows ?? []) : report.byOutlet.slice(0, 12);
  const axisTitle = overTime ? (report.trend?.period === 'week' ? 'Week of' : 'Day') : 'Outlet';
  const values = rows.flatMap((r) =>
    DOMAIN.map((label) => ({ group: r.key, label, count: r[label as keyof GroupRow] as number, order: DOMAIN.indexOf(label) })),
  );
  const net = report.summary.net;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `Press sentiment: ${report.summary.articles} article${report.summary.articles === 1 ? '' : 's'}, net ${net > 0 ? '+' : ''}${net}`,
      subtitle: overTime ? `by ${report.trend?.period}` : 'by outlet',
    },
    width: Math.max(320, Math.min(900, rows.length * 48)),
    height: 240,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'group',
        type: 'ordinal',
        title: axisTitle,
        sort: overTime ? 'ascending' : null,
        axis: { labelAngle: -35, labelLimit: 140 },
      },
      y: { field: 'count', type: 'quantitative', title: 'Articles', stack: 'zero', axis: { tickMinStep: 1 } },
      color: { field: 'label', type: 'nominal', title: 'Label', scale: { domain: DOMAIN, range: COLORS } },
      order: { field: 'order', type: 'quantitative' },
    },
  } as TopLevelSpec;
}

export function renderReportChart(report: SentimentReport): Promise<Buffer> {
  return renderChartPng(buildChartSpec(report));
}
