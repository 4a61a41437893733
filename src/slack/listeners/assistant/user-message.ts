import { randomUUID } from 'node:crypto';
import type { AssistantUserMessageMiddleware } from '@slack/bolt';
import { clip } from '../../../assistant/text.js';
import type { Services } from '../../../services.js';
import { claimOnce } from '../../../store/slack-events.js';
import { answerQuestion } from '../../ask-flow.js';
import { sentimentFromSharedFiles } from '../../flows/sentiment-files.js';
import { actionTokenOf } from '../../live-search.js';
import { userTeamOf } from '../../outsiders.js';
import { filesOf } from '../../payloads.js';
import { currentWork } from '../../work.js';

/** A message in the assistant pane, or a reply inside a DM thread: both answered with the thread as memory. */
export function userMessage(services: Services): AssistantUserMessageMiddleware {
  return async ({ message, client, context, setStatus, setTitle }) => {
    if ('bot_id' in message && message.bot_id) return;
    if (!('user' in message) || !message.user || !('thread_ts' in message) || !message.thread_ts) return;
    const text = 'text' in message && typeof message.text === 'string' ? message.text : '';
    const kind = await services.askThreads.kind(message.channel, message.thread_ts);
    const pane = kind === 'assistant';
    // Files shared in the thread with a request for sentiment: a report in that thread.
    const files = filesOf(message);
    const shared = {
      userId: message.user,
      channel: message.channel,
      threadTs: message.thread_ts,
      text,
      files,
      surface: pane ? ('assistant' as const) : ('dm' as const),
    };
    if (await sentimentFromSharedFiles(services, client, shared)) return;
    // The title comes from the first question of the thread and stays (claimed once, across replicas).
    if (
      pane &&
      text.trim() &&
      (await claimOnce(services.store, `title:${message.channel}:${message.thread_ts}`, currentWork()?.eventId ?? randomUUID()))
    ) {
      void setTitle(clip(text, 60)).catch((error: unknown) => services.logger.debug({ err: error }, 'title not set'));
    }
    await answerQuestion(services, client, {
      surface: pane ? 'assistant' : 'dm',
      userId: message.user,
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      ...userTeamOf(message),
      channel: message.channel,
      threadTs: message.thread_ts,
      messageTs: message.ts,
      followUp: true,
      text,
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      ...actionTokenOf(message),
      ...(pane ? { setStatus: (status: string) => setStatus(status) } : {}),
    });
  };
}
