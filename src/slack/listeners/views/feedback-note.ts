import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { NOTE_ACTION, NOTE_BLOCK } from '../../blocks/feedback.js';
import { checkAsker } from '../../click-rules.js';

/** The "what was wrong?" note joins the 👎 already stored on the answer's usage event (the asker's only). */
export function feedbackNote(services: Services) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const note = view.state.values[NOTE_BLOCK]?.[NOTE_ACTION]?.value?.trim();
    if (!note) return;
    if ((await checkAsker(services, view.private_metadata, body.user.id)) !== 'ok') {
      services.logger.warn({ user: body.user.id }, 'feedback note for an answer this user did not ask for; ignored');
      return;
    }
    await services.usage.setFeedback(view.private_metadata, -1, note);
  };
}
