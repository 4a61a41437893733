import type { KnownBlock } from '@slack/types';
import type { SuggestedPrompt } from '../../assistant/suggested-prompts.js';
import type { Engagement } from '../../usage/engagement.js';
import { OVERALL_LABEL } from '../../usage/export.js';
import type { AdoptionReport, GroupMetrics } from '../../usage/report.js';
import { escapeEntities, escapeMrkdwn, truncate } from './escape.js';

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const int = (x: number) => x.toLocaleString('en-US');

export const USAGE_EXPORT_ACTION = /^usage_export_(7d|30d|90d)$/;

/** One line for notifications and the fallback text. */
export function usageSummaryText(report: AdoptionReport): string {
  const o = report.overall;
  return `Kiki adoption, ${report.window.label}: ${int(o.activeUsers)} of ${int(o.headcount)} people active (${pct(o.penetration)}), ${int(o.interactions)} interactions, ${pct(o.satisfaction)} satisfied.`;
}

function headline(o: GroupMetrics, e: Engagement): KnownBlock {
  return {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: `*Active users*\n${int(o.activeUsers)} of ${int(o.headcount)} (${pct(o.penetration)})` },
      { type: 'mrkdwn', text: `*Interactions*\n${int(o.interactions)}` },
      { type: 'mrkdwn', text: `*Satisfaction* (👍 of rated)\n${pct(o.satisfaction)}` },
      { type: 'mrkdwn', text: `*Unanswered questions*\n${pct(o.unansweredRate)}` },
      {
        type: 'mrkdwn',
        text: `*Handed off to a human*\n${pct(o.handoffRate)}${o.medianFirstReplyMinutes === null ? '' : ` · first reply after ${o.medianFirstReplyMinutes} min (median)`}`,
      },
      { type: 'mrkdwn', text: `*Hours saved (estimate)*\n${int(o.hoursSaved)}` },
      {
        type: 'mrkdwn',
        text: `*Weekly / monthly active*\n${int(e.weeklyActiveUsers)} / ${int(e.monthlyActiveUsers)} (stickiness ${pct(e.stickiness)})`,
      },
      {
        type: 'mrkdwn',
        text: `*Answered by verified answers*\n${pct(e.verifiedShare)}${e.medianHandoffToSavedHours === null ? '' : ` · hand-off to saved answer ${e.medianHandoffToSavedHours} h (median)`}`,
      },
    ],
  };
}

/** Departments as a monospaced table (Block Kit has no table element); names come from the directory. */
function departmentsTable(report: AdoptionReport): string {
  const rows = [
    ['Department', 'People', 'Active', 'Pen.', 'Inter.', '👍', 'Unans.', 'Hours'],
    ...[...report.departments.map((d) => [d.department, d] as const), [OVERALL_LABEL, report.overall] as const].map(([name, m]) => [
      name.length > 22 ? `${name.slice(0, 21)}…` : name,
      String(m.headcount),
      String(m.activeUsers),
      pct(m.penetration),
      String(m.interactions),
      pct(m.satisfaction),
      pct(m.unansweredRate),
      String(Math.round(m.hoursSaved)),
    ]),
  ];
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  const lines = rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
  return `\`\`\`${truncate(escapeEntities(lines.join('\n')), 2800)}\`\`\``;
}

function trendLine(report: AdoptionReport): string {
  return report.weekly
    .map(
      (w) => `${w.weekStart.slice(5)}: ${w.activeUsers} (${pct(w.penetration)}${w.partial ? `, partial week: ${w.days} of 7 days` : ''})`,
    )
    .join(' · ');
}

function footer(report: AdoptionReport, minutesSaved: string): KnownBlock {
  const notes = [
    `Window ${report.window.from.slice(0, 10)} to ${report.window.to.slice(0, 10)}. Groups under ${report.minGroupSize} people are folded into "Other (small groups)"; no individual is ever listed.`,
    `Hours saved assume ${minutesSaved} per successful interaction.`,
    ...report.notes,
  ];
  // Kiki's own sentences: entities escaped, formatting kept (no zero-width spaces that a copy would carry along).
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(escapeEntities(notes.join(' '))) }] };
}

/** The `/kiki-usage` reply and the weekly digest. */
export function buildUsageSummaryBlocks(report: AdoptionReport, minutesSaved: string, title?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title ?? `Kiki adoption, ${report.window.label}` } }];
  if (report.demoInteractions > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: ':warning: *Demo data*: these figures include events made by `kiki demo-data`.' }],
    });
  }
  blocks.push(headline(report.overall, report.engagement));
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: departmentsTable(report) } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Weekly active users*\n${trendLine(report)}` } });
  blocks.push(footer(report, minutesSaved));
  return blocks;
}

/** The admin's App Home: the dashboard and export buttons. */
export function buildAdminHomeBlocks(report: AdoptionReport, minutesSaved: string): KnownBlock[] {
  return [
    ...buildUsageSummaryBlocks(report, minutesSaved, `Adoption dashboard, ${report.window.label}`),
    {
      type: 'actions',
      elements: (['7d', '30d', '90d'] as const).map((w) => ({
        type: 'button' as const,
        action_id: `usage_export_${w}`,
        value: w,
        text: { type: 'plain_text' as const, text: `Chart + CSV, ${w.replace('d', ' days')}` },
      })),
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'The export arrives in your DM with Kiki. Also: `/kiki-usage 90d` anywhere, or `kiki report --since 90d --format csv` on the server.',
        },
      ],
    },
  ];
}

export interface EmployeeHome {
  department?: string;
  prompts: SuggestedPrompt[];
  escalationChannel?: string;
}

/** A suggested question on the App Home: pressing it asks Kiki in the person's DM. */
export const HOME_ASK_ACTION = 'kiki_home_ask';

/** Every other employee's App Home: what Kiki does, prompts for their department, how to reach a person. */
export function buildEmployeeHomeBlocks(home: EmployeeHome): KnownBlock[] {
  const channel = home.escalationChannel;
  const human = channel
    ? `Say "talk to a human" in any conversation with me, press *Talk to a human* under an answer, or ask in ${/^[CG][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : `#${escapeMrkdwn(channel.replace(/^#/, ''))}`}.`
    : 'Say "talk to a human" in any conversation with me, or press *Talk to a human* under an answer: I pass your question to the team that owns the topic.';
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Hi, I am Kiki' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          'I answer questions about how we work from our internal documents, and cite the document and section I used. When the documents do not say, I tell you so.',
          '• DM me, mention `@Kiki` in a channel, open me in the assistant pane, or type `/kiki your question`.',
          '• `/kiki-contract` drafts a contract from an approved template (Legal).',
          '• `/kiki-sentiment` turns press articles into a sentiment report (Comms).',
        ].join('\n'),
      },
    },
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Try asking${home.department ? ` (suggested for ${escapeMrkdwn(home.department)})` : ''}*: press a question and I answer it in our DM.`,
      },
    },
    {
      type: 'actions',
      block_id: 'kiki_home_prompts',
      elements: home.prompts.slice(0, 5).map((p, i) => ({
        type: 'button' as const,
        action_id: `${HOME_ASK_ACTION}_${i}`,
        text: { type: 'plain_text' as const, text: p.message.length <= 75 ? p.message : p.title.slice(0, 75) },
        value: p.message.slice(0, 2000),
      })),
    },
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*Need a person?*\n${human}` } },
  ];
}
