import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services.js';
import { NOTE_ACTION, NOTE_BLOCK, NOTE_THANKS } from '../../blocks/feedback.js';
import { messageTs, parseMetadata, slackId } from '../../payloads.js';

/** The 👎's usage event and where to thank; a form opened before these were JSON holds the bare event id. */
const metaSchema = z.union([
  z.object({ e: z.string().min(1), c: slackId.optional(), t: messageTs.optional() }),
  z
    .string()
    .regex(/^[\w-]+$/)
    .transform((e): { e: string; c?: string; t?: string } => ({ e })),
]);

import { checkAsker } from '../../click-rules.js';

/** The "what was wrong?" note joins the 👎 already stored on the answer's usage event (the asker's only); the person is thanked. */
export function feedbackNote(services: Services) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const note = view.state.values[NOTE_BLOCK]?.[NOTE_ACTION]?.value?.trim();
    if (!note) return;
    const meta = parseMetadata(metaSchema, view);
    const user = body.user.id;
    if ((await checkAsker(services, meta.e, user)) !== 'ok') {
      services.logger.warn({ user }, 'feedback note for an answer this user did not ask for; ignored');
      return;
    }
    await services.usage.setFeedback(meta.e, -1, note);
    await client.chat
      .postEphemeral({ channel: meta.c ?? user, user, ...(meta.t ? { thread_ts: meta.t } : {}), text: NOTE_THANKS })
      .catch((error: unknown) => services.logger.warn({ err: error }, 'could not thank for the feedback note'));
  };
}
