import type { KnownBlock } from '@slack/types';
import type { SentimentReport } from '../../comms/report.js';
import { escapeMrkdwn, truncate } from './escape.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text) } });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatAudience(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return String(n);
}

/** Share of voice, key-message pick-up, spokespeople quoted and potential reach (no AVE, on purpose). */
export function buildCoverageBlocks(report: SentimentReport): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (report.shareOfVoice) {
    blocks.push(
      section(
        `*Share of voice* (sentences naming each company)\n${report.shareOfVoice
          .map(
            (r) =>
              `• ${escapeMrkdwn(r.name)}: ${r.share}% (${plural(r.mentions, 'mention')} in ${plural(r.articles, 'article')}; tone 🟢 ${r.counts.positive} ⚪ ${r.counts.neutral} 🔴 ${r.counts.negative} 🟠 ${r.counts.mixed})`,
          )
          .join('\n')}`,
      ),
    );
  }
  if (report.keyMessages) {
    blocks.push(
      section(
        `*Key messages picked up*\n${report.keyMessages
          .map((k) => `• “${escapeMrkdwn(k.message)}”: ${k.articles} of ${report.summary.articles} articles (${k.share}%)`)
          .join('\n')}`,
      ),
    );
  }
  if (report.spokespeople.length) {
    blocks.push(
      section(
        `*Spokespeople quoted*\n${report.spokespeople
          .slice(0, 8)
          .map(
            (p) =>
              `• ${escapeMrkdwn(p.name)}: ${plural(p.articles, 'article')}${p.outlets.length ? ` (${escapeMrkdwn(p.outlets.join(', '))})` : ''}`,
          )
          .join('\n')}`,
      ),
    );
  }
  if (report.reach) {
    const r = report.reach;
    blocks.push(
      section(
        `*Potential reach: ${formatAudience(r.total)}* (monthly audience of each article's outlet, summed; ${r.matched} of ${report.summary.articles} articles matched the outlet list${r.unmatched ? `, ${r.unmatched} not counted` : ''}).`,
      ),
    );
  }
  if (blocks.length)
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'No advertising value equivalent (AVE): it prices coverage as advertising and says nothing about its quality (AMEC Barcelona Principles).',
        },
      ],
    });
  return blocks;
}
