import type { KnownBlock, View } from '@slack/types';
import { SENTIMENT_LABELS } from '../../comms/human-check.js';
import type { SentimentReport } from '../../comms/report.js';
import type { ArticleResult } from '../../comms/types.js';
import { escapeMrkdwn, truncate } from './escape.js';

export const CHECK_ACTION = 'sentiment_check';
export const CORRECT_OTHER_ACTION = 'sentiment_correct_other';
export const CORRECT_MODAL_ID = 'sentiment_correct';
export const CORRECT_ARTICLE_BLOCK = 'article';
export const CORRECT_LABEL_BLOCK = 'label';
/** Sample articles shown with a label picker in the message (Slack allows 50 blocks per message). */
export const MAX_CHECK_ROWS = 15;

const EMOJI: Record<string, string> = { positive: '🟢', neutral: '⚪', negative: '🔴', mixed: '🟠' };
const option = (label: string) => ({ text: { type: 'plain_text' as const, text: label }, value: label });

export function checkBlockId(reportId: string, index: number): string {
  return `${CHECK_ACTION}:${reportId}:${index}`;
}

export function parseCheckBlockId(blockId: string): { reportId: string; index: number } | undefined {
  const m = /^sentiment_check:([\w-]{1,64}):(\d{1,4})$/.exec(blockId);
  return m ? { reportId: m[1] as string, index: Number(m[2]) } : undefined;
}

function checkLine(a: ArticleResult): string {
  const kiki = a.human ? a.human.scoredLabel : a.label;
  const parts = [`Kiki: ${kiki}, confidence ${a.confidence}`];
  if (a.brand && a.brand.mentions > 0) parts.push(`brand tone ${a.brand.label}`);
  if (a.human) parts.push(`checked by <@${a.human.by.replace(/[^\w]/g, '')}>: *${a.human.label}*`);
  else if (a.needsReview) parts.push('needs a human check');
  const why = a.rationale ? `\n_${escapeMrkdwn(a.rationale)}_` : '';
  return `${EMOJI[a.label]} *${escapeMrkdwn(a.title || a.source)}*\n${parts.join(' · ')}${why}`;
}

/** The "Human check" part of a report: what people corrected, the validation sample with pickers, agreement. */
export function buildHumanCheckBlocks(report: SentimentReport, reportId: string): KnownBlock[] {
  const h = report.humanCheck;
  const n = report.articles.length;
  const agreement =
    h.agreement === null
      ? 'agreement is measured once people check it'
      : `agreement with Kiki ${Math.round(h.agreement * 100)}% on the ${h.sampleChecked} checked`;
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*Human check:* ${h.corrected} of ${n} label${n === 1 ? '' : 's'} corrected by people (${h.checked} checked).\n` +
            `*Validation sample:* ${h.sample.length} article${h.sample.length === 1 ? '' : 's'} (a quarter of the report, at least the ten least confident): ${h.sampleChecked} checked; ${agreement}. Pick the right label for each.`,
        ),
      },
    },
  ];
  for (const i of h.sample.slice(0, MAX_CHECK_ROWS)) {
    const a = report.articles[i];
    if (!a) continue;
    blocks.push({
      type: 'section',
      block_id: checkBlockId(reportId, i),
      text: { type: 'mrkdwn', text: truncate(checkLine(a)) },
      accessory: {
        type: 'static_select',
        action_id: CHECK_ACTION,
        placeholder: { type: 'plain_text', text: 'Right label…' },
        options: SENTIMENT_LABELS.map(option),
        ...(a.human ? { initial_option: option(a.human.label) } : {}),
      },
    });
  }
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', action_id: CORRECT_OTHER_ACTION, value: reportId, text: { type: 'plain_text', text: 'Correct an article' } },
    ],
  });
  return blocks;
}

/** A modal to correct any article of the report (the sample in the message shows only some). */
export function buildCorrectModal(report: SentimentReport, reportId: string): View {
  const options = report.articles.slice(0, 100).map((a, i) => ({
    text: { type: 'plain_text' as const, text: `${i + 1}. ${(a.title || a.source).slice(0, 60)} (${a.label})` },
    value: String(i),
  }));
  return {
    type: 'modal',
    callback_id: CORRECT_MODAL_ID,
    private_metadata: JSON.stringify({ reportId }),
    title: { type: 'plain_text', text: 'Correct a label' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: CORRECT_ARTICLE_BLOCK,
        label: { type: 'plain_text', text: 'Article' },
        element: { type: 'static_select', action_id: 'choice', options },
      },
      {
        type: 'input',
        block_id: CORRECT_LABEL_BLOCK,
        label: { type: 'plain_text', text: 'Right label' },
        element: { type: 'radio_buttons', action_id: 'choice', options: SENTIMENT_LABELS.map(option) },
      },
    ],
  };
}
