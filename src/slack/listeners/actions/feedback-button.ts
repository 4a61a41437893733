import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { buildFeedbackNoteView } from '../../blocks/feedback.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** 👍 on an answer: stored, and a quiet thank-you only the clicker sees. */
export function feedbackUp(services: Services) {
  return async ({ ack, action, respond }: Args): Promise<void> => {
    await ack();
    await services.usage.setFeedback(action.value ?? '', 1);
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'Thanks for the feedback! :+1:' });
  };
}

/** 👎 on an answer: stored at once; a small optional form asks what was wrong. */
export function feedbackDown(services: Services) {
  return async ({ ack, action, body, client }: Args): Promise<void> => {
    await ack();
    const eventId = action.value ?? '';
    await services.usage.setFeedback(eventId, -1);
    const container = body.container as { channel_id?: string; thread_ts?: string; message_ts?: string } | undefined;
    const channel = body.channel?.id ?? container?.channel_id;
    const threadTs = container?.thread_ts ?? container?.message_ts;
    const meta = { e: eventId, ...(channel ? { c: channel } : {}), ...(threadTs ? { t: threadTs } : {}) };
    await client.views.open({ trigger_id: body.trigger_id, view: buildFeedbackNoteView(meta) });
  };
}
