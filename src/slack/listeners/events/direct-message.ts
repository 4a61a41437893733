import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { answerQuestion, fileNames } from '../../ask-flow.js';
import { sentimentFromSharedFiles } from '../../flows/sentiment-files.js';
import { actionTokenOf } from '../../live-search.js';
import { userTeamOf } from '../../outsiders.js';
import { filesOf } from '../../payloads.js';

/** Subtypes of a message a person wrote: with a file, "/me …", and a thread reply also sent to the channel. */
const PERSON_SUBTYPES = new Set(['file_share', 'me_message', 'thread_broadcast']);

/**
 * A new direct message to Kiki (message.im): answered in a thread under it. Plain replies inside a DM thread
 * are taken by the Assistant listener (Bolt routes them there); the ones it does not take (sent with "Also
 * send as direct message", or written with /me) arrive here and are answered as follow-ups.
 */
export function directMessage(services: Services) {
  return async ({ message, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (message.channel_type !== 'im' || ('bot_id' in message && message.bot_id)) return;
    if (message.subtype !== undefined && !PERSON_SUBTYPES.has(message.subtype)) return;
    if (!('user' in message) || !message.user) return;
    const threadTs = 'thread_ts' in message && message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : undefined;
    const pane = threadTs ? (await services.askThreads.kind(message.channel, threadTs)) === 'assistant' : false;
    const files = filesOf(message);
    const shared = {
      userId: message.user,
      channel: message.channel,
      threadTs: threadTs ?? message.ts,
      text: 'text' in message && typeof message.text === 'string' ? message.text : '',
      files,
      surface: 'dm' as const,
    };
    if (await sentimentFromSharedFiles(services, client, shared)) return;
    await answerQuestion(services, client, {
      surface: pane ? 'assistant' : 'dm',
      userId: message.user,
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      ...userTeamOf(message),
      channel: message.channel,
      threadTs: threadTs ?? message.ts,
      messageTs: message.ts,
      followUp: Boolean(threadTs),
      text: 'text' in message && typeof message.text === 'string' ? message.text : '',
      files: fileNames(message),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      ...actionTokenOf(message),
    });
  };
}
