import type { KnownBlock } from '@slack/types';
import { askerFor, canSee } from '../retrieval/access.js';
import type { Services } from '../services.js';
import { isDue, type VerifiedAnswer } from '../verified/types.js';
import { escapeMrkdwn, truncate } from './blocks/escape.js';
import { longDate, teamLabel, VERIFIED_ACTION } from './blocks/verified.js';
import { teamsOf } from './verified-rights.js';

const SHOWN = 12;

/**
 * App Home for members of an owning team (by department, or admins): their team's verified answers that they
 * may read themselves, due ones first, with Still right / Edit / Retire.
 */
export async function verifiedHomeBlocks(services: Services, userId: string, now = Date.now()): Promise<KnownBlock[]> {
  const asker = await askerFor(services.config, services.directory, userId);
  const teams = teamsOf(services, asker);
  if (teams.length === 0) return [];
  const answers = await services.verified.records.list({ status: 'active', teams });
  return buildVerifiedHomeBlocks(
    teams,
    answers.filter((a) => canSee(asker, a.visibleTo)),
    now,
  );
}

export function buildVerifiedHomeBlocks(teams: string[], answers: VerifiedAnswer[], now = Date.now()): KnownBlock[] {
  const due = answers.filter((a) => isDue(a, now));
  const sorted = [...due, ...answers.filter((a) => !isDue(a, now))];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Verified answers' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${escapeMrkdwn(teams.map(teamLabel).join(', '))}: ${answers.length} verified answer${answers.length === 1 ? '' : 's'}, ${due.length} due for review. Save new ones with *Save as answer* in a hand-off thread; \`kiki answers\` lists them all.`,
        },
      ],
    },
  ];
  for (const a of sorted.slice(0, SHOWN)) {
    const flag = isDue(a, now) ? ' · :hourglass: *due for review*' : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(a.question)}*\n${escapeMrkdwn(teamLabel(a.team))} · verified ${longDate(a.verifiedAt)}${flag}`,
          1500,
        ),
      },
    });
    blocks.push({
      type: 'actions',
      block_id: `kiki_verified_home_${a.id}`,
      elements: [
        { type: 'button', action_id: VERIFIED_ACTION.stillRight, text: { type: 'plain_text', text: 'Still right' }, value: a.id },
        { type: 'button', action_id: VERIFIED_ACTION.edit, text: { type: 'plain_text', text: 'Edit' }, value: a.id },
        { type: 'button', action_id: VERIFIED_ACTION.retire, style: 'danger', text: { type: 'plain_text', text: 'Retire' }, value: a.id },
      ],
    });
  }
  if (sorted.length > SHOWN) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${sorted.length - SHOWN} more: \`kiki answers list\`.` }] });
  }
  blocks.push({ type: 'divider' });
  return blocks;
}
