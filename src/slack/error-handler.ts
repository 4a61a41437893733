import type { CodedError } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { APOLOGY, isKikiError, SlackCallError } from '../errors.js';
import type { Logger } from '../logger.js';

/** A field that is not what the apology needs counts as absent, so that the rest still finds the person. */
const text = z.string().optional().catch(undefined);
/** What the apology needs of the failed request, whatever kind it was; a body that is none of these gets none. */
const bodySchema = z.object({
  event: z
    .object({
      channel: text,
      ts: text,
      thread_ts: text,
      type: text,
      user: text,
      assistant_thread: z.object({ channel_id: text, thread_ts: text }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  response_url: z.url().optional().catch(undefined),
  user_id: text,
  user: z.object({ id: text }).optional().catch(undefined),
});

/**
 * The last stop for an error thrown by a listener: the log gets the details (with the cause), the person
 * who asked gets a short apology where they asked, never silence and never the raw exception.
 */
export function createErrorHandler(logger: Logger, client: WebClient, timeoutMs = 5000) {
  return async ({ error, body }: { error: CodedError; body: unknown }): Promise<void> => {
    const original = (error as { original?: unknown }).original ?? error;
    logger.error({ err: original, code: error.code }, 'listener failed');
    const apology = isKikiError(original) ? original.userMessage : APOLOGY;
    const parsed = bodySchema.safeParse(body);
    const b = parsed.success ? parsed.data : {};
    try {
      if (b.response_url) {
        const res = await fetch(b.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: apology }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) throw new SlackCallError(`response_url answered ${res.status}`);
        return;
      }
      const event = b.event;
      if (event?.channel && event.type !== 'app_home_opened') {
        const threadTs = event.thread_ts ?? event.ts;
        await client.chat.postMessage({ channel: event.channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: apology });
        return;
      }
      // assistant_thread_started / _context_changed carry their pane thread here, not in event.channel.
      const pane = event?.assistant_thread;
      if (pane?.channel_id && pane.thread_ts) {
        await client.chat.postMessage({ channel: pane.channel_id, thread_ts: pane.thread_ts, text: apology });
        return;
      }
      const userId = b.user?.id ?? b.user_id ?? event?.user;
      if (userId) await client.chat.postMessage({ channel: userId, text: apology });
    } catch (replyError) {
      logger.error({ err: replyError }, 'could not tell the user about the failure');
    }
  };
}
