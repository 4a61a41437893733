import type { WebClient } from '@slack/web-api';
import { type Audience, audienceMayRead } from '../assistant/audience.js';
import type { Services } from '../services.js';
import type { GapSection, GapsReport, TeamGaps } from '../usage/gaps.js';
import { audienceOf } from './audience.js';

type AccessOf = (source: string) => Promise<string[] | null | undefined>;

/**
 * The knowledge gaps as a channel may see them: a closest section is named only when every reader of the
 * channel may read its document. A document the index does not know counts as unreadable, and so does any
 * channel Slack will not describe (a DM counts as public too: we do not know whose it is).
 */
export async function gapsForChannel(services: Services, client: WebClient, channel: string, gaps: GapsReport): Promise<GapsReport> {
  const audience: Audience = (await audienceOf(services, client, channel)) ?? { kind: 'everyone', where: channel };
  return boundGaps(gaps, audience, (source) => services.verified.accessOf(source));
}

export async function boundGaps(gaps: GapsReport, audience: Audience, accessOf: AccessOf): Promise<GapsReport> {
  const readable = async (s: GapSection) => {
    const access = await accessOf(s.source);
    return access !== undefined && audienceMayRead(audience, access ?? undefined);
  };
  const teams = await Promise.all(gaps.teams.map((t) => boundTeam(t, readable)));
  const withheld = teams.reduce((n, t) => n + (t.withheld ?? 0), 0);
  const notes = withheld
    ? [...gaps.notes, 'Documents that not everyone in this channel may read are not named (`kiki report --gaps` shows them).']
    : gaps.notes;
  return { ...gaps, teams, notes };
}

async function boundTeam(t: TeamGaps, readable: (s: GapSection) => Promise<boolean>): Promise<TeamGaps> {
  const keep = await Promise.all(t.closest.map(readable));
  const closest = t.closest.filter((_, i) => keep[i]);
  const withheld = t.closest.length - closest.length;
  return { ...t, closest, ...(withheld ? { withheld } : {}) };
}
