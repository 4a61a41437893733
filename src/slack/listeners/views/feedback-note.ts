import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { NOTE_ACTION, NOTE_BLOCK, NOTE_THANKS, parseNoteMeta } from '../../blocks/feedback.js';
import { checkAsker } from '../../click-rules.js';

/** The "what was wrong?" note joins the 👎 already stored on the answer's usage event (the asker's only); the person is thanked. */
export function feedbackNote(services: Services) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const note = view.state.values[NOTE_BLOCK]?.[NOTE_ACTION]?.value?.trim();
    if (!note) return;
    const meta = parseNoteMeta(view.private_metadata);
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
