import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { askerFor } from '../../../retrieval/access.js';
import type { Services } from '../../../services.js';
import { audienceOf, OUTSIDE_CHANNEL, withheldNote } from '../../audience.js';
import { answerFallbackText, buildAnswerBlocks } from '../../blocks/answer.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import { containerOf, parseValue } from '../../payloads.js';

const valueSchema = z.object({ e: z.string(), q: z.string() });

const NOT_SHAREABLE =
  "I didn't share this: the answer rests on documents that not everyone in this channel may read. It stays visible to you only.";

/**
 * "Share in channel" under an ephemeral /kiki answer. Slack does not send an ephemeral message back with the
 * click, so the question is answered again, bounded by what everyone in the channel may read, and posted
 * through response_url.
 */
export function shareAnswer(services: Services) {
  return async ({
    ack,
    action,
    body,
    respond,
    client,
    context,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const container = containerOf(body);
    const parsed = parseValue(valueSchema, action.value);
    if (!parsed) return;
    const tellAsker = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const channel = body.channel?.id ?? container.channel_id ?? '';
    const audience = await audienceOf(services, client, channel, context.botUserId);
    if (audience?.kind === 'outside') {
      await tellAsker(OUTSIDE_CHANNEL);
      return;
    }
    const asker = await askerFor(services.config, services.directory, body.user.id);
    const answer = await services.assistant.answer({ question: parsed.q, asker, ...(audience ? { audience } : {}) });
    if (answer.withheld && answer.citations.length === 0) {
      await tellAsker(NOT_SHAREABLE);
      return;
    }
    const blocks = buildAnswerBlocks(answer, { eventId: parsed.e });
    const intro = `<@${body.user.id}> shared Kiki's answer to: _${escapeMrkdwn(parsed.q.replace(/\s+/g, ' ')).slice(0, 300)}_`;
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      text: answerFallbackText(answer),
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: intro }] }, ...blocks],
    });
    await respond({ response_type: 'ephemeral', replace_original: true, text: 'Shared in the channel.' });
    if (answer.withheld) await tellAsker(withheldNote(answer.withheld));
  };
}
