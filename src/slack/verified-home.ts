import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { isAdmin } from '../config.js';
import type { Services } from '../services.js';
import { isDue, type VerifiedAnswer } from '../verified/types.js';
import { escapeMrkdwn, truncate } from './blocks/escape.js';
import { longDate, teamLabel, VERIFIED_ACTION } from './blocks/verified.js';
import { isChannelMember } from './verified-flow.js';

const SHOWN = 12;

/** The teams whose answers this person manages: members of a team's channel; admins manage all. */
export async function managedTeams(services: Services, client: WebClient, userId: string): Promise<string[]> {
  const teams = services.routing.routes;
  if (isAdmin(services.config, userId)) return teams.map((r) => r.team);
  const out: string[] = [];
  for (const r of teams) if (await isChannelMember(services, client, r.channel, userId)) out.push(r.team);
  return out;
}

/** App Home for members of an owning team: their verified answers, due ones first, with Still right / Edit / Retire. */
export async function verifiedHomeBlocks(services: Services, client: WebClient, userId: string, now = Date.now()): Promise<KnownBlock[]> {
  const teams = await managedTeams(services, client, userId);
  if (teams.length === 0) return [];
  const answers = await services.verified.records.list({ status: 'active', teams });
  return buildVerifiedHomeBlocks(teams, answers, now);
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
