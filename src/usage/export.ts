import { csvCell } from '../csv.js';
import type { AdoptionReport, DepartmentMetrics, GroupMetrics } from './report.js';

export const OVERALL_LABEL = 'All departments';

/**
 * The `kiki report --format json` shape: window, overall, departments, weekly, then engagement (added for issue 14;
 * older keys never change); penetration is a fraction.
 */
export function reportJson(report: AdoptionReport) {
  return {
    window: { from: report.window.from, to: report.window.to },
    overall: report.overall,
    departments: report.departments,
    weekly: report.weekly,
    engagement: report.engagement,
    modelTokens: report.modelTokens ?? [],
  };
}

function featureColumns(report: AdoptionReport): string[] {
  return Object.keys(report.overall.byFeature);
}

const pct = (x: number | null) => (x === null ? '' : `${Math.round(x * 1000) / 10}%`);
const num = (x: number | null) => (x === null ? '' : String(x));

function rows(report: AdoptionReport): [string, GroupMetrics][] {
  return [...report.departments.map((d: DepartmentMetrics): [string, GroupMetrics] => [d.department, d]), [OVERALL_LABEL, report.overall]];
}

/** One row per department (small groups already folded) and the overall row; fractions stay fractions. */
export function reportCsv(report: AdoptionReport): string {
  const features = featureColumns(report);
  const header = [
    'department',
    'headcount',
    'active_users',
    'penetration',
    'interactions',
    ...features.map((f) => `${f}_interactions`),
    'satisfaction',
    'unanswered_rate',
    'handoff_rate',
    'median_first_reply_minutes',
    'hours_saved',
    'verified_share',
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const [name, m] of rows(report)) {
    lines.push(
      [
        name,
        m.headcount,
        m.activeUsers,
        m.penetration,
        m.interactions,
        ...features.map((f) => m.byFeature[f] ?? 0),
        num(m.satisfaction),
        num(m.unansweredRate),
        num(m.handoffRate),
        num(m.medianFirstReplyMinutes),
        m.hoursSaved,
        num(m.verifiedShare),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A plain-text table for terminals, then the weekly trend. */
export function reportTable(report: AdoptionReport): string {
  const header = [
    'Department',
    'People',
    'Active',
    'Penetration',
    'Interactions',
    'Satisfied',
    'Unanswered',
    'Handed off',
    'First reply',
    'Hours saved',
  ];
  const body = rows(report).map(([name, m]) => [
    name,
    String(m.headcount),
    String(m.activeUsers),
    pct(m.penetration),
    String(m.interactions),
    pct(m.satisfaction) || '–',
    pct(m.unansweredRate) || '–',
    pct(m.handoffRate) || '–',
    m.medianFirstReplyMinutes === null ? '–' : `${m.medianFirstReplyMinutes} min`,
    String(m.hoursSaved),
  ]);
  const out = [`Kiki adoption, ${report.window.label} (${report.window.from.slice(0, 10)} to ${report.window.to.slice(0, 10)})`, ''];
  out.push(...align([header, ...body], body.length));
  const e = report.engagement;
  out.push('', `Engagement (as of ${report.window.to.slice(0, 10)})`);
  out.push(
    ...align(
      [
        ['Figure', 'Value'],
        ['Weekly active users (last 7 days)', String(e.weeklyActiveUsers)],
        ['Monthly active users (last 30 days)', String(e.monthlyActiveUsers)],
        ['Stickiness (weekly / monthly)', pct(e.stickiness) || '–'],
        ['Answered by verified answers', `${pct(e.verifiedShare) || '–'} (${e.verifiedAnswered})`],
        [
          'Hand-off to saved answer (median)',
          e.medianHandoffToSavedHours === null ? '–' : `${e.medianHandoffToSavedHours} h (${e.savedFromHandoffs} saved)`,
        ],
      ],
      -1,
    ),
  );
  if (report.modelTokens?.length) {
    out.push('', 'Model tokens per day');
    out.push(
      ...align(
        [
          ['Day', 'Answers', 'Prompt tokens', 'Completion tokens'],
          ...report.modelTokens.map((d) => [d.day, String(d.questions), String(d.promptTokens), String(d.completionTokens)]),
        ],
        -1,
      ),
    );
  }
  out.push('', 'Weekly trend');
  out.push(
    ...align(
      [
        ['Week of', 'Active users', 'Penetration', ''],
        ...report.weekly.map((w) => [w.weekStart, String(w.activeUsers), pct(w.penetration), partialNote(w)]),
      ],
      -1,
    ),
  );
  if (report.notes.length) out.push('', ...report.notes.map((n) => `Note: ${n}`));
  return `${out.join('\n')}\n`;
}

/** A week cut by the window is labelled, so its lower count is not read as a drop. */
export function partialNote(w: { partial: boolean; days: number }): string {
  return w.partial ? `partial: ${w.days} of 7 days` : '';
}

function align(table: string[][], ruleBeforeRow: number): string[] {
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = table.map(line);
  out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  if (ruleBeforeRow > 0) out.splice(ruleBeforeRow + 1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out;
}
