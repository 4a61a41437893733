import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { Audience } from '../assistant/audience.js';
import { askerFor } from '../retrieval/access.js';
import type { Asker } from '../retrieval/types.js';
import type { Services } from '../services.js';

/** Beyond this many members a private channel is read as a public one (only what everyone may read). */
const MAX_MEMBERS = 2000;

/** A channel's readers, per deployment: kept 30 s (people join and leave), for the 500 channels last asked about. */
const caches = new WeakMap<Services, LRUCache<string, { audience: Audience | undefined }>>();
const botIds = new WeakMap<Services, string>();

/**
 * Kiki's own user id, asked of Slack once (auth.test) when the caller does not know it: Kiki is never a reader.
 * Unknown (Slack failed): undefined, and Kiki then counts as a member who reads public documents only, which
 * narrows what is shown, never widens it. Only an answer Slack gave is kept.
 */
async function kikiUserId(services: Services, client: WebClient, given?: string): Promise<string | undefined> {
  if (given) return given;
  const known = botIds.get(services);
  if (known) return known;
  const id = await client.auth
    .test()
    .then((r) => r.user_id)
    .catch(() => undefined);
  if (id) botIds.set(services, id);
  return id;
}

/**
 * Who can read a channel: undefined for a DM with Kiki (the asker alone), otherwise the audience that
 * bounds an answer posted there. Anything Slack will not tell us counts as a public channel, never as a DM.
 */
export async function audienceOf(
  services: Services,
  client: WebClient,
  channel: string,
  botUserId?: string,
): Promise<Audience | undefined> {
  let cache = caches.get(services);
  if (!cache) {
    cache = new LRUCache({ max: 500, ttl: 30_000 });
    caches.set(services, cache);
  }
  const hit = cache.get(channel);
  if (hit) return hit.audience;
  const audience = await lookUp(services, client, channel, await kikiUserId(services, client, botUserId));
  cache.set(channel, { audience });
  return audience;
}

async function lookUp(services: Services, client: WebClient, channel: string, botUserId?: string): Promise<Audience | undefined> {
  const everyone: Audience = { kind: 'everyone', where: channel };
  let info: { is_im?: boolean; is_private?: boolean; is_mpim?: boolean; is_ext_shared?: boolean; is_pending_ext_shared?: boolean };
  try {
    info = (await client.conversations.info({ channel })).channel ?? {};
  } catch (error) {
    services.logger.warn({ err: error, channel }, 'conversations.info failed: answering as in a public channel');
    return everyone;
  }
  if (info.is_im) return undefined;
  if (info.is_ext_shared || info.is_pending_ext_shared) return { kind: 'outside', where: channel };
  if (!info.is_private && !info.is_mpim) return everyone;
  const ids: string[] = [];
  try {
    let cursor: string | undefined;
    do {
      const page = await client.conversations.members({ channel, limit: 200, ...(cursor ? { cursor } : {}) });
      ids.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor && ids.length <= MAX_MEMBERS);
  } catch (error) {
    services.logger.warn({ err: error, channel }, 'conversations.members failed: answering as in a public channel');
    return everyone;
  }
  if (ids.length > MAX_MEMBERS) return everyone;
  const people = ids.filter((id) => id !== botUserId);
  if (people.length === 0) return everyone;
  const members: Asker[] = await Promise.all(people.map((id) => askerFor(services.config, services.directory, id)));
  return { kind: 'members', where: channel, members };
}

export const OUTSIDE_CHANNEL =
  "This channel includes people from outside the company, so I can't answer from our internal documents here. Ask me in a direct message instead.";

/** Told to the asker alone when their answer in a shared place left out what only some may read. */
export function withheldNote(withheld: number): string {
  const what = withheld === 1 ? 'one source' : `${withheld} sources`;
  return `I left out ${what} that not everyone here may read. Ask me in a direct message to get the answer with everything you may see.`;
}

/** True when every reader of the place may read everything the asker may (so the asker's answer can be shown). */
export function audienceCovers(audience: Audience | undefined, asker: Asker): boolean {
  if (!audience) return true;
  if (audience.kind === 'outside') return false;
  if (!asker.isAdmin && !asker.department) return true;
  if (audience.kind === 'everyone') return false;
  const dept = asker.department?.toLowerCase();
  return audience.members.every((m) => m.isAdmin || (!asker.isAdmin && m.department?.toLowerCase() === dept));
}
