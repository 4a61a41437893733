import type { Block, KnownBlock } from '@slack/types';
import type { Citation } from '../../assistant/types.js';
import { ACTION, citationLabel, sanitizeAnswerText } from './answer.js';
import { escapeMrkdwn, truncate } from './escape.js';

export interface HandoffPost {
  handoffId: string;
  askerId: string;
  department: string;
  question: string;
  /** Kiki's own answer, when there was one. */
  answerText?: string;
  citations?: Citation[];
  /** The sources as rendered under Kiki's answer, when only the message is at hand. */
  sourcesMrkdwn?: string;
  threadLink?: string;
  /** Sources left out because not everyone in the team's channel may read them. */
  withheld?: number;
  /** A user group (S…) or user (U…) to ping. */
  mention?: string;
}

function mentionOf(id: string | undefined): string {
  if (!id) return '';
  if (/^S[A-Z0-9]+$/.test(id)) return `<!subteam^${id}> `;
  if (/^[UW][A-Z0-9]+$/.test(id)) return `<@${id}> `;
  return '';
}

/** The post in the owning team's channel: who asked, what, Kiki's answer and sources, and where. */
export function buildHandoffPostBlocks(p: HandoffPost): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${mentionOf(p.mention)}:raising_hand: <@${p.askerId}> (${escapeMrkdwn(p.department)}) would like a person to help with:\n> ${escapeMrkdwn(p.question.replace(/\s+/g, ' '))}`,
        ),
      },
    },
  ];
  if (p.answerText) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Kiki answered:*\n${sanitizeAnswerText(p.answerText)}`, 2500) },
    });
  } else {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Kiki found nothing on this in the documents.' }] });
  }
  if (p.citations?.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(`*Sources*\n${p.citations.map((c) => `[${c.n}] ${citationLabel(c)}`).join('\n')}`) }],
    });
  } else if (p.sourcesMrkdwn) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(p.sourcesMrkdwn) }] });
  }
  if (p.withheld) {
    const what = p.withheld === 1 ? 'one source' : `${p.withheld} sources`;
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Kiki left out ${what} that not everyone in this channel may read.` }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Reply in this thread: Kiki passes your replies on to <@${p.askerId}>.${p.threadLink ? ` <${p.threadLink}|Their conversation with Kiki>` : ''}`,
      },
    ],
  });
  blocks.push(resolveActions(p.handoffId));
  return blocks;
}

export const RESOLVE_BLOCK = 'kiki_handoff_actions';

export function resolveActions(handoffId: string): KnownBlock {
  return {
    type: 'actions',
    block_id: RESOLVE_BLOCK,
    elements: [
      {
        type: 'button',
        action_id: ACTION.resolve,
        text: { type: 'plain_text', text: 'Mark resolved' },
        style: 'primary',
        value: handoffId,
      },
    ],
  };
}

/** What the asker is told once the team has been asked. */
export function buildHandoffNoticeBlocks(team: string, channel: string, handoffId: string, inThread: boolean): KnownBlock[] {
  const where = inThread ? 'Their replies will appear in this thread.' : "I'll send you their replies in a direct message.";
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `:raising_hand: I've asked *${escapeMrkdwn(team)}* in <#${channel}> to follow up with you. ${where}` },
    },
    resolveActions(handoffId),
  ];
}

export function buildRelayText(humanId: string, team: string, text: string): string {
  return truncate(`*<@${humanId}>* (${escapeMrkdwn(team)}) replied:\n> ${escapeMrkdwn(text).replace(/\n/g, '\n> ')}`);
}

export function buildResolvedBlocks(by: string): KnownBlock[] {
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: `:white_check_mark: Marked resolved by <@${by}>.` }] }];
}

/** A hand-off message once resolved: the same blocks without the "Mark resolved" button, and who resolved it. */
export function withoutResolveButton(blocks: (KnownBlock | Block)[], by: string): (KnownBlock | Block)[] {
  return [...blocks.filter((b) => b.block_id !== RESOLVE_BLOCK), ...buildResolvedBlocks(by)];
}
