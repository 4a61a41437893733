import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { autoAnswer } from '../../channel-answer-flow.js';
import { userTeamOf } from '../../outsiders.js';

/**
 * A new message in a public or private channel (message.channels / message.groups): answered unprompted
 * only in channels an admin opted in (kiki channels enable, or the App Home), and only when Kiki is sure.
 */
export function channelMessage(services: Services) {
  return async ({ message, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (message.channel_type !== 'channel' && message.channel_type !== 'group') return;
    // Edits, joins, topic changes and the like are not questions; a bot's post never is one for Kiki.
    const fromBot = ('bot_id' in message && Boolean(message.bot_id)) || message.subtype === 'bot_message';
    if (message.subtype !== undefined && !fromBot) return;
    const user = 'user' in message && typeof message.user === 'string' ? message.user : undefined;
    if (!user && !fromBot) return;
    const text = 'text' in message && typeof message.text === 'string' ? message.text : '';
    const threadTs = 'thread_ts' in message ? message.thread_ts : undefined;
    await autoAnswer(services, client, {
      channel: message.channel,
      user: user ?? '',
      ts: message.ts,
      text,
      fromBot,
      inThread: Boolean(threadTs && threadTs !== message.ts),
      mentionsKiki: Boolean(context.botUserId && text.includes(`<@${context.botUserId}>`)),
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      ...userTeamOf(message),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    });
  };
}
