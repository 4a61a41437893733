import type { KnownBlock, View } from '@slack/types';
import type { GroupRow, SentimentReport } from '../../comms/report.js';
import type { ArticleResult } from '../../comms/types.js';
import { escapeMrkdwn, truncate } from './escape.js';
import { buildHumanCheckBlocks } from './sentiment-check.js';
import { buildCoverageBlocks } from './sentiment-coverage.js';

export const SENTIMENT_MODAL_ID = 'sentiment_submit';
export const SOURCES_BLOCK = 'sources';
export const SOURCES_ACTION = 'text';
export const FILES_BLOCK = 'files';
export const FILES_ACTION = 'files';
/** Slack's limit for a text box in a modal: pasted text beyond it is cut by Slack, so Kiki refuses it. */
export const SLACK_INPUT_LIMIT = 3000;
export const FILE_TYPES = ['pdf', 'docx', 'html', 'htm', 'txt', 'md', 'markdown'];
export const PASTE_LIMIT_MESSAGE =
  "This text reaches Slack's 3,000-character limit for this box, so the end may have been cut off. Attach the articles as files below (PDF, Word, HTML, text or Markdown), or paste their links instead.";
export const DESTINATION_BLOCK = 'destination';
export const DESTINATION_ACTION = 'choice';

const EMOJI: Record<string, string> = { positive: '🟢', neutral: '⚪', negative: '🔴', mixed: '🟠' };
const sign = (n: number) => (n > 0 ? `+${n}` : String(n));

export function buildSentimentModal(privateMetadata: string, inChannel: boolean): View {
  return {
    type: 'modal',
    callback_id: SENTIMENT_MODAL_ID,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Press sentiment' },
    submit: { type: 'plain_text', text: 'Build report' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: SOURCES_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Links or article text' },
        hint: {
          type: 'plain_text',
          text: 'One link per line (http or https). Pasted text is limited to 3,000 characters in all: for whole articles, attach files below or paste links. Separate pasted articles with a line containing only ---. English and French are scored best.',
        },
        element: {
          type: 'plain_text_input',
          action_id: SOURCES_ACTION,
          multiline: true,
          max_length: SLACK_INPUT_LIMIT,
          placeholder: { type: 'plain_text', text: 'https://example.com/news/acme-pay-results\nhttps://example.fr/acme-pay-lancement' },
        },
      },
      {
        type: 'input',
        block_id: FILES_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Article files' },
        hint: { type: 'plain_text', text: 'Up to 10 files: PDF, Word (.docx), HTML, text or Markdown.' },
        element: { type: 'file_input', action_id: FILES_ACTION, filetypes: FILE_TYPES, max_files: 10 },
      },
      {
        type: 'input',
        block_id: DESTINATION_BLOCK,
        label: { type: 'plain_text', text: 'Post the report' },
        element: {
          type: 'radio_buttons',
          action_id: DESTINATION_ACTION,
          initial_option: inChannel ? channelOption : dmOption,
          options: inChannel ? [channelOption, dmOption] : [dmOption],
        },
      },
    ],
  };
}

const channelOption = { text: { type: 'plain_text' as const, text: 'In this channel' }, value: 'channel' };
const dmOption = { text: { type: 'plain_text' as const, text: 'To me in a DM' }, value: 'dm' };

export function progressText(done: number, total: number): string {
  return `Reading ${total} article${total === 1 ? '' : 's'}… ${done}/${total}`;
}

export function reportFallbackText(report: SentimentReport): string {
  const s = report.summary;
  const h = report.headline;
  const check = h.needingCheck ? `, ${h.needingCheck} need a human check` : '';
  return `Press sentiment: ${s.articles} articles, net ${sign(h.net)}${h.provisional ? ' (provisional)' : ''} (${s.positive} positive, ${s.neutral} neutral, ${s.negative} negative, ${s.mixed} mixed${check})`;
}

/** The headline figure: over confident or checked articles; those that need a check are counted apart. */
function headlineText(report: SentimentReport): string {
  const s = report.summary;
  const h = report.headline;
  const plural = (k: number) => `${k} article${k === 1 ? '' : 's'}`;
  if (h.provisional)
    return `*Net sentiment: ${sign(h.net)}* (provisional: ${s.articles === 1 ? 'the article needs' : `all ${s.articles} articles need`} a human check before this figure can be trusted)`;
  if (h.needingCheck === 0) return `*Net sentiment: ${sign(h.net)}* across ${plural(s.articles)}`;
  return `*Net sentiment: ${sign(h.net)}* across ${plural(h.articles)} scored with confidence or checked by people; ${h.needingCheck} more ${h.needingCheck === 1 ? 'needs' : 'need'} a human check and ${h.needingCheck === 1 ? 'is' : 'are'} not in this figure`;
}

function link(a: { source: string; title: string }): string {
  const title = escapeMrkdwn(a.title || a.source);
  return /^https?:\/\//.test(a.source) ? `<${a.source.replace(/[<>|]/g, '')}|${title.replace(/\|/g, '¦')}>` : `*${title}*`;
}

function groupLines(rows: GroupRow[], max: number): string {
  const shown = rows
    .slice(0, max)
    .map(
      (r) =>
        `• ${escapeMrkdwn(r.key)}: ${r.articles} article${r.articles === 1 ? '' : 's'}, net ${sign(r.net)} (🟢 ${r.positive} ⚪ ${r.neutral} 🔴 ${r.negative} 🟠 ${r.mixed})`,
    );
  if (rows.length > max) shown.push(`…and ${rows.length - max} more in the CSV`);
  return shown.join('\n');
}

function articleLine(a: ArticleResult): string {
  const where = [a.outlet, a.date]
    .filter(Boolean)
    .map((x) => escapeMrkdwn(String(x)))
    .join(', ');
  const brand = a.brand && a.brand.mentions > 0 ? `; brand tone ${a.brand.label}` : '';
  const top = a.deciding?.[0];
  const why = a.rationale ? `\n      _${escapeMrkdwn(a.rationale)}_` : top ? `\n      ↳ _${escapeMrkdwn(shorten(top.text, 160))}_` : '';
  const team = a.team ? ` (as the team labelled similar coverage; Kiki alone said ${a.team.offlineLabel})` : '';
  return `${EMOJI[a.label]} ${link(a)}${where ? ` (${where})` : ''}: ${a.label}${team}, score ${a.score}${brand}${why}`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text) } });

/** The report as Block Kit: summary, brand, trend, outlets, languages, drivers, quotes, themes, failures. */
export function buildSentimentReportBlocks(report: SentimentReport, reportId?: string): KnownBlock[] {
  const s = report.summary;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Press sentiment report' } },
    section(
      `${headlineText(report)}\n` +
        `All ${s.articles} article${s.articles === 1 ? '' : 's'}: 🟢 positive ${s.positive} (${s.shares.positive}%)   ⚪ neutral ${s.neutral} (${s.shares.neutral}%)   🔴 negative ${s.negative} (${s.shares.negative}%)   🟠 mixed ${s.mixed} (${s.shares.mixed}%)`,
    ),
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${report.netFormula} Scored ${report.scorer === 'offline' ? 'offline' : 'with the model'}.` }],
    },
  ];
  if (report.brand) {
    const b = report.brand;
    blocks.push(
      section(
        `*How ${escapeMrkdwn(b.terms.join(' / '))} is treated:* ${b.mentions} mention${b.mentions === 1 ? '' : 's'} in ${b.articlesMentioning} article${b.articlesMentioning === 1 ? '' : 's'}; net ${sign(b.counts.net)} on the sentences about the brand.`,
      ),
    );
  }
  blocks.push(...buildCoverageBlocks(report));
  if (report.trend && report.trend.rows.length > 1)
    blocks.push(section(`*Trend by ${report.trend.period}*\n${groupLines(report.trend.rows, 14)}`));
  if (report.byOutlet.length) blocks.push(section(`*By outlet*\n${groupLines(report.byOutlet, 8)}`));
  if (report.byLanguage.length) blocks.push(section(`*By language*\n${groupLines(report.byLanguage, 6)}`));
  const drivers = [...report.drivers.negative, ...report.drivers.positive];
  if (drivers.length) blocks.push(section(`*Articles driving the result*\n${drivers.map(articleLine).join('\n')}`));
  const quotes = (title: string, list: SentimentReport['topQuotes']['positive']) =>
    list.length
      ? [
          section(
            `*${title}*\n${list
              .slice(0, 3)
              .map((q) => `> ${escapeMrkdwn(q.text)}\n— ${link(q)}${q.outlet ? `, ${escapeMrkdwn(q.outlet)}` : ''}`)
              .join('\n')}`,
          ),
        ]
      : [];
  blocks.push(...quotes('Top positive quotes', report.topQuotes.positive), ...quotes('Top negative quotes', report.topQuotes.negative));
  if (report.themes.length) {
    blocks.push(
      section(
        `*Themes*\n${report.themes
          .slice(0, 8)
          .map((t) => `• ${escapeMrkdwn(t.phrase)} (${t.articles}, avg ${t.averageScore})`)
          .join('\n')}`,
      ),
    );
  }
  if (report.failures.length) {
    const shown = report.failures.slice(0, 5).map((f) => `• ${escapeMrkdwn(f.source)}: ${escapeMrkdwn(f.error)}`);
    if (report.failures.length > 5) shown.push(`…and ${report.failures.length - 5} more in the CSV`);
    blocks.push(
      section(`*Could not read ${report.failures.length} source${report.failures.length === 1 ? '' : 's'}*\n${shown.join('\n')}`),
    );
  }
  const notes = report.articles.filter((a) => a.note);
  if (notes.length)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            notes
              .slice(0, 5)
              .map((a) => `${escapeMrkdwn(a.title)}: ${escapeMrkdwn(a.note ?? '')}`)
              .join('\n'),
          ),
        },
      ],
    });
  if (reportId) blocks.push(...buildHumanCheckBlocks(report, reportId));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'The chart and a CSV of every article follow below.' }] });
  return blocks;
}
