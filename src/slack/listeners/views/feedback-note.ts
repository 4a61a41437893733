import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { NOTE_ACTION, NOTE_BLOCK } from '../../blocks/feedback.js';

/** The "what was wrong?" note joins the 👎 already stored on the answer's usage event. */
export function feedbackNote(services: Services) {
  return async ({ ack, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const note = view.state.values[NOTE_BLOCK]?.[NOTE_ACTION]?.value?.trim();
    if (note) await services.usage.setFeedback(view.private_metadata, -1, note);
  };
}
