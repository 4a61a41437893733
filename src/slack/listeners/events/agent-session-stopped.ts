import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services.js';
import { stopSession } from '../../sessions.js';

/** https://docs.slack.dev/reference/events/agent_session_stopped */
const stoppedSchema = z.object({
  channel: z.string().min(1),
  thread_ts: z.string().min(1),
  streaming_message_ts: z.array(z.string()).default([]),
});

/** The person pressed Slack's stop button on a session: the model call and the stream stop, what was written stays. */
export function agentSessionStopped(services: Services) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'agent_session_stopped'> & AllMiddlewareArgs): Promise<void> => {
    const parsed = stoppedSchema.safeParse(event);
    if (!parsed.success) {
      services.logger.warn({ issues: parsed.error.issues.length }, 'agent_session_stopped without a channel or thread: ignored');
      return;
    }
    const { channel, thread_ts: threadTs, streaming_message_ts: streamingMessageTs } = parsed.data;
    await stopSession(services, client, { channel, threadTs, streamingMessageTs });
  };
}
