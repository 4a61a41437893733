import type { KnownBlock } from '@slack/types';
import type { GapsReport, TeamGaps } from '../../usage/gaps.js';
import { escapeEntities, escapeMrkdwn, truncate } from './escape.js';

const TEAMS_SHOWN = 8;
const QUESTIONS_SHOWN = 3;

function teamText(t: TeamGaps): string {
  const lines = [`*${escapeMrkdwn(t.team)}*: ${t.notFound} not found · ${t.thumbsDown} 👎 · ${t.handoffs} handed off (${t.askers} people)`];
  if (t.closest.length) {
    lines.push(
      `Closest: ${t.closest
        .slice(0, 3)
        .map((s) => `${escapeMrkdwn(s.heading)} (\`${escapeMrkdwn(s.source)}\`, ${s.count}×)`)
        .join(' · ')}`,
    );
  } else if (t.withheld) lines.push('Closest: only documents not everyone here may read.');
  else lines.push('Closest: no document came near.');
  for (const q of (t.questions ?? []).slice(0, QUESTIONS_SHOWN)) lines.push(`> ${escapeMrkdwn(q.replace(/\s+/g, ' ').slice(0, 200))}`);
  return lines.join('\n');
}

/** "Knowledge gaps": per owning team, what Kiki could not answer well and which documents came closest. */
export function buildGapsBlocks(gaps: GapsReport): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*Knowledge gaps by owning team*, ${escapeMrkdwn(gaps.window.label)}` } },
  ];
  if (gaps.teams.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: 'No gaps to show: nothing went unanswered, got a 👎 or was handed off.' },
    });
  }
  for (const t of gaps.teams.slice(0, TEAMS_SHOWN)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(teamText(t)) } });
  const more = gaps.teams.length - TEAMS_SHOWN;
  const notes = [
    ...(more > 0 ? [`${more} more team${more === 1 ? '' : 's'}: see \`kiki report --gaps\`.`] : []),
    'Not found: questions Kiki could not answer; 👎 on answers; hand-offs to the team.',
    ...gaps.notes,
  ];
  // Kiki's own sentences: entities escaped, formatting kept (no zero-width spaces that a copy would carry along).
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(escapeEntities(notes.join(' '))) }] });
  return blocks;
}
