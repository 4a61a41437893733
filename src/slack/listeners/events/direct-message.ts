import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { answerQuestion } from '../../ask-flow.js';
import type { SlackFileRef } from '../../files.js';
import { sentimentFromSharedFiles } from '../../flows/sentiment-files.js';

/**
 * A new direct message to Kiki (message.im): answered in a thread under it. Replies inside a DM thread are
 * taken by the Assistant listener (Bolt routes every threaded DM there), which answers them as follow-ups.
 */
export function directMessage(services: Services) {
  return async ({ message, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (message.channel_type !== 'im' || 'bot_id' in message) return;
    if (message.subtype !== undefined && message.subtype !== 'file_share') return;
    const files = 'files' in message ? (message.files as SlackFileRef[] | undefined) : undefined;
    const shared = {
      userId: message.user,
      channel: message.channel,
      threadTs: message.thread_ts ?? message.ts,
      text: message.text ?? '',
      files,
      surface: 'dm' as const,
    };
    if (await sentimentFromSharedFiles(services, client, shared)) return;
    await answerQuestion(services, client, {
      surface: 'dm',
      userId: message.user,
      ...(context.teamId ? { teamId: context.teamId } : {}),
      channel: message.channel,
      threadTs: message.thread_ts ?? message.ts,
      messageTs: message.ts,
      followUp: Boolean(message.thread_ts),
      text: message.text ?? '',
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    });
  };
}
