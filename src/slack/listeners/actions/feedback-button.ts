import type { AllMiddlewareArgs, BlockAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { parseFeedbackValue } from '../../blocks/answer.js';
import { buildFeedbackNoteView } from '../../blocks/feedback.js';
import { checkAsker, NOT_YOUR_ANSWER, OUT_OF_DATE } from '../../click-rules.js';
import { containerOf } from '../../payloads.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** Only the asker rates their answer; anyone else who sees the buttons (a thread in a channel) is told so. */
async function mayRate(services: Services, eventId: string, clicker: string, respond: RespondFn): Promise<boolean> {
  const check = await checkAsker(services, eventId, clicker);
  if (check === 'ok') return true;
  await respond({ response_type: 'ephemeral', replace_original: false, text: check === 'other' ? NOT_YOUR_ANSWER : OUT_OF_DATE });
  return false;
}

/**
 * 👍 / 👎 under an answer: Slack's feedback_buttons (value "up:<event>" or "down:<event>"), or the separate
 * buttons of answers posted before them (value = the event id). Only the asker rates; stored at once, the last
 * click counts; 👍 gets a quiet thank-you only the clicker sees, 👎 a small optional form asking what was wrong.
 */
export function feedbackClick(services: Services, legacy?: 'up' | 'down') {
  return async ({ ack, action, body, client, respond }: Args): Promise<void> => {
    await ack();
    const container = containerOf(body);
    const raw = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const parsed = legacy ? { kind: legacy, eventId: raw } : parseFeedbackValue(raw);
    if (!parsed?.eventId) return;
    if (!(await mayRate(services, parsed.eventId, body.user.id, respond))) return;
    if (parsed.kind === 'up') {
      await services.usage.setFeedback(parsed.eventId, 1);
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Thanks for the feedback! :+1:' });
      return;
    }
    await services.usage.setFeedback(parsed.eventId, -1);
    const channel = body.channel?.id ?? container.channel_id;
    const threadTs = container.thread_ts ?? container.message_ts;
    const meta = { e: parsed.eventId, ...(channel ? { c: channel } : {}), ...(threadTs ? { t: threadTs } : {}) };
    await client.views.open({ trigger_id: body.trigger_id, view: buildFeedbackNoteView(meta) });
  };
}
