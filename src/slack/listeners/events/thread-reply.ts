import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { answerQuestion } from '../../ask-flow.js';
import { relayHumanReply } from '../../handoff-flow.js';
import { userTeamOf } from '../../outsiders.js';

/**
 * A reply in a channel thread (message.channels / message.groups), without a mention of Kiki: either a
 * person answering a hand-off in the team's channel (relayed to the asker), or a follow-up in a thread
 * Kiki answered in (answered with the thread as context). Anything else is not for Kiki.
 */
export function threadReply(services: Services) {
  return async ({ message, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (message.channel_type !== 'channel' && message.channel_type !== 'group' && message.channel_type !== 'mpim') return;
    if (message.subtype !== undefined && message.subtype !== 'thread_broadcast') return;
    if ('bot_id' in message && message.bot_id) return;
    const threadTs = 'thread_ts' in message ? message.thread_ts : undefined;
    if (!threadTs || threadTs === message.ts || !message.user) return;
    const text = message.text ?? '';
    // A mention also arrives as app_mention, which answers it.
    if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
    if (await relayHumanReply(services, client, { channel: message.channel, threadTs, user: message.user, text })) return;
    if ((await services.askThreads.kind(message.channel, threadTs)) !== 'mention') return;
    await answerQuestion(services, client, {
      surface: 'mention',
      userId: message.user,
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      ...userTeamOf(message),
      channel: message.channel,
      threadTs,
      messageTs: message.ts,
      followUp: true,
      text,
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    });
  };
}
