import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Audience } from '../assistant/audience.js';
import type { Answer } from '../assistant/types.js';
import { channelDoubt, type Doubt, type Evidence } from '../channels/confidence.js';
import { answersTeam, type ChannelMessage, skipReason } from '../channels/rules.js';
import type { ChannelSettings } from '../channels/settings.js';
import { askerFor } from '../retrieval/access.js';
import { terms } from '../retrieval/tokenize.js';
import type { Asker } from '../retrieval/types.js';
import type { Services } from '../services.js';
import { claimOnce } from '../store/slack-events.js';
import { audienceOf } from './audience.js';
import { answerFallbackText, buildAnswerBlocks } from './blocks/answer.js';
import { unescapeEntities } from './blocks/escape.js';
import { membershipOf } from './outsiders.js';
import { currentWork, usageKey } from './work.js';

export interface ChannelPost extends ChannelMessage {
  channel: string;
  user: string;
  ts: string;
  teamId?: string;
  enterpriseId?: string;
  userTeam?: string;
  botUserId?: string;
}

/** Why Kiki stayed silent on a message of an opted-in channel (logged at debug, counted by the benchmark). */
export type Silence =
  | ReturnType<typeof skipReason>
  | 'not_enabled'
  | 'claimed'
  | 'team'
  | 'outside'
  | 'outsider'
  | Doubt
  | 'cap'
  /** Answering failed (logged and counted as an error): a channel is not told. */
  | 'error'
  | 'slack_failed';

/** A guest of another organisation: the reader that bounds a channel shared with one (public documents only). */
const OUTSIDE_READER: Asker = { userId: 'external', isAdmin: false, external: true };

/**
 * A new message in a channel an admin opted in (issue 23): answered only when Kiki is sure (answer state
 * "answer"), within what every member of the channel may read, once per message; silent otherwise. A mention
 * is left to the mention flow (which may say "the closest I found", since the person asked Kiki directly).
 */
export async function autoAnswer(
  services: Services,
  client: WebClient,
  m: ChannelPost,
): Promise<{ answered: boolean; silence?: Silence; answer?: Answer }> {
  const silent = (silence: Silence, answer?: Answer) => {
    services.logger.debug({ channel: m.channel, silence }, 'channel message left unanswered');
    return { answered: false, silence, ...(answer ? { answer } : {}) };
  };
  const settings = await services.channels.get(m.channel);
  if (!settings) return silent('not_enabled');
  const text = unescapeEntities(m.text).trim();
  const skip = skipReason(settings, { ...m, text });
  if (skip) return silent(skip);
  if (!(await claimOnce(services.store, `channel-answer:${m.channel}:${m.ts}`, currentWork()?.eventId ?? randomUUID()))) {
    return silent('claimed');
  }
  if (!answersTeam(settings, await services.directory.departmentOf(m.user))) return silent('team');
  let audience = await audienceOf(services, client, m.channel, m.botUserId);
  if (audience?.kind === 'outside') {
    if (!settings.allowExternal) return silent('outside');
    audience = { kind: 'members', where: m.channel, members: [OUTSIDE_READER] };
  }
  const membership = await membershipOf(client, services.logger, {
    userId: m.user,
    ...(m.teamId ? { workspaceTeamId: m.teamId } : {}),
    ...(m.enterpriseId ? { enterpriseId: m.enterpriseId } : {}),
    ...(m.userTeam ? { userTeamHint: m.userTeam } : {}),
  });
  if (membership.outsider && !settings.allowExternal) return silent('outsider');
  const asker: Asker = membership.outsider
    ? { userId: m.user, isAdmin: false, external: true }
    : await askerFor(services.config, services.directory, m.user);
  const result = await services.ask.ask({
    question: text,
    asker,
    userId: m.user,
    surface: 'channel',
    // A DM-less place is never undefined here: a channel always has readers beyond the asker.
    audience: audience ?? ({ kind: 'everyone', where: m.channel } satisfies Audience),
    verifiedFirst: false,
    ...(usageKey('ask').key ? { usageKey: usageKey('ask').key } : {}),
    meta: { reply: settings.reply },
    // Stricter than a DM: only when sure, and within the channel's daily cap.
    decline: async (answer): Promise<Silence | undefined> => {
      const doubt = await channelDoubt(answer, text, await evidenceFor(services, asker));
      if (doubt) return doubt;
      if (settings.dailyCap && !(await services.channels.takeDailySlot(m.channel, settings.dailyCap))) return 'cap';
      return undefined;
    },
  });
  if (result.kind === 'declined') return silent(result.reason, result.answer);
  if (result.kind !== 'answered') return silent('error');
  const { answer, eventId } = result;
  const shown: Answer = settings.handoffTeam ? { ...answer, owners: [settings.handoffTeam] } : answer;
  const posted = await post(services, client, m, settings, shown, eventId);
  return posted ? { answered: true, answer } : silent('slack_failed', answer);
}

export { isSure } from '../channels/confidence.js';

/** The cited document's words (as the asker may read it) and the knowledge's word counts, for the channel rule. */
async function evidenceFor(services: Services, asker: Asker): Promise<Evidence> {
  const index = await services.retrieval.current();
  return {
    // Without an index of its own (a retriever given to the assistant directly) no word is known to be unknown.
    df: (term) => (index ? index.bm25.df(term) : 1),
    documentTerms: async (source) => {
      const sections = await services.retrieval.sections(source, asker);
      return new Set(terms(sections.map((s) => `${s.headingPath.join(' ')} ${s.text}`).join('\n')));
    },
  };
}

async function post(
  services: Services,
  client: WebClient,
  m: ChannelPost,
  settings: ChannelSettings,
  answer: Answer,
  eventId: string,
): Promise<boolean> {
  const args = { channel: m.channel, text: answerFallbackText(answer), blocks: buildAnswerBlocks(answer, { eventId }) };
  try {
    if (settings.reply === 'ephemeral') await client.chat.postEphemeral({ ...args, user: m.user });
    else {
      const res = await client.chat.postMessage({ ...args, thread_ts: m.ts });
      if (res.ts) currentWork()?.noteReply(m.channel, res.ts);
      await services.askThreads.remember(m.channel, m.ts, 'channel', m.user);
    }
    return true;
  } catch (error) {
    services.logger.warn({ err: error, channel: m.channel }, 'channel answer not posted');
    return false;
  }
}
