import type { AllMiddlewareArgs, BlockButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { buildFeedbackNoteView } from '../../blocks/feedback.js';
import { checkAsker, NOT_YOUR_ANSWER, OUT_OF_DATE } from '../../click-rules.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Only the asker rates their answer; anyone else who sees the buttons (a thread in a channel) is told so. */
async function mayRate(services: Services, eventId: string, clicker: string, respond: RespondFn): Promise<boolean> {
  const check = await checkAsker(services, eventId, clicker);
  if (check === 'ok') return true;
  await respond({ response_type: 'ephemeral', replace_original: false, text: check === 'other' ? NOT_YOUR_ANSWER : OUT_OF_DATE });
  return false;
}

/** 👍 on an answer: stored, and a quiet thank-you only the clicker sees. A second click changes nothing. */
export function feedbackUp(services: Services) {
  return async ({ ack, action, body, respond }: Args): Promise<void> => {
    await ack();
    const eventId = action.value ?? '';
    if (!(await mayRate(services, eventId, body.user.id, respond))) return;
    await services.usage.setFeedback(eventId, 1);
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'Thanks for the feedback! :+1:' });
  };
}

/** 👎 on an answer: stored at once; a small optional form asks what was wrong. */
export function feedbackDown(services: Services) {
  return async ({ ack, action, body, client, respond }: Args): Promise<void> => {
    await ack();
    const eventId = action.value ?? '';
    if (!(await mayRate(services, eventId, body.user.id, respond))) return;
    await services.usage.setFeedback(eventId, -1);
    await client.views.open({ trigger_id: body.trigger_id, view: buildFeedbackNoteView(eventId) });
  };
}
