import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services.js';
import { NOT_FOUND_TEXT } from '../../blocks/answer.js';
import { unescapeEntities } from '../../blocks/escape.js';
import { checkAsker, claimHandoff, NOT_YOUR_QUESTION, postedHandoffFor, releaseHandoff } from '../../click-rules.js';
import { startHandoff } from '../../handoff-flow.js';
import { containerOf, messageOf, parseValue } from '../../payloads.js';

const OUT_OF_DATE = 'That button is out of date. Say "talk to a human" and I will find the right team.';
const valueSchema = z.object({ e: z.string(), q: z.string(), o: z.array(z.string()).default([]) });

/**
 * "Talk to a human" under an answer: the question, Kiki's answer and its sources go to the owning team.
 * Only the asker may press it, and an answer is handed over once, however often it is clicked.
 */
export function talkToHuman(services: Services) {
  return async ({
    ack,
    action,
    body,
    client,
    respond,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const container = containerOf(body);
    const message = messageOf(body);
    const parsed = parseValue(valueSchema, action.value);
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    if (!parsed) {
      await tell(OUT_OF_DATE);
      return;
    }
    const eventId = parsed.e;
    const asker = await checkAsker(services, eventId, body.user.id);
    if (asker !== 'ok') {
      await tell(asker === 'other' ? NOT_YOUR_QUESTION : OUT_OF_DATE);
      return;
    }
    const done = await postedHandoffFor(services, eventId);
    if (done) {
      await tell(`I've already asked ${done.team} to follow up on this question; they will reply in this thread or by DM.`);
      return;
    }
    if (!(await claimHandoff(services, eventId))) {
      await tell("I'm already handing this question over; you'll see who follows up in a moment.");
      return;
    }
    const channel = body.channel?.id ?? container.channel_id ?? body.user.id;
    const threadTs = container.is_ephemeral ? undefined : (message?.thread_ts ?? container.thread_ts ?? message?.ts);
    const answerText = message?.text && message.text !== NOT_FOUND_TEXT ? unescapeEntities(message.text) : undefined;
    const sources = message?.blocks
      ?.filter((b) => b.type === 'context')
      .map((b) => b.elements?.[0]?.text)
      .find((text): text is string => typeof text === 'string' && text.startsWith('*Sources*'));
    const { q: question, o: owners } = parsed;
    try {
      await startHandoff(services, client, {
        askerId: body.user.id,
        channel,
        ...(threadTs ? { threadTs } : {}),
        question,
        ...(answerText ? { answerText } : {}),
        ...(sources ? { sourcesMrkdwn: sources } : {}),
        owners,
        answerEventId: eventId,
        surface: channel.startsWith('D') ? 'dm' : container.is_ephemeral ? 'command' : 'mention',
        ...(threadTs ? {} : { respond }),
      });
    } finally {
      // Not posted (no route, Slack refused): the asker may press again.
      if (!(await postedHandoffFor(services, eventId))) await releaseHandoff(services, eventId);
    }
  };
}
