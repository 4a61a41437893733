import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { claimOnce, SLACK_EVENT_RETENTION_MS } from '../../../store/slack-events.js';
import { answerQuestion, fileNames, stripMentions } from '../../ask-flow.js';
import { sentimentFromSharedFiles } from '../../flows/sentiment-files.js';
import { actionTokenOf } from '../../live-search.js';
import { userTeamOf } from '../../outsiders.js';
import { filesOf } from '../../payloads.js';
import { currentWork } from '../../work.js';

/** `@Kiki …` in a channel: answered in the thread of the mention; a mention inside a thread reads the thread. */
export function appMention(services: Services) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    if (!event.user || event.bot_id) return;
    // An edit of a message older than the markers are kept (a day) was answered, or missed, long ago: its
    // marker may be purged, so without this rule the edit would be answered as a new question.
    const edited = 'edited' in event && Boolean(event.edited);
    if (edited && Date.now() - Number(event.ts) * 1000 > SLACK_EVENT_RETENTION_MS - 3600_000) return;
    // An edited mention comes again with a new event id: one answer per message, not per event.
    if (!(await claimOnce(services.store, `message:${event.channel}:${event.ts}`, currentWork()?.eventId ?? randomUUID()))) return;
    const files = filesOf(event);
    const shared = {
      userId: event.user,
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      text: event.text,
      files,
      surface: 'mention' as const,
    };
    if (await sentimentFromSharedFiles(services, client, shared)) return;
    await answerQuestion(services, client, {
      surface: 'mention',
      userId: event.user,
      ...(context.teamId ? { teamId: context.teamId } : {}),
      ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
      ...userTeamOf(event),
      channel: event.channel,
      threadTs: event.thread_ts ?? event.ts,
      messageTs: event.ts,
      followUp: Boolean(event.thread_ts),
      text: stripMentions(event.text),
      files: fileNames(event),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      ...actionTokenOf(event),
    });
  };
}
