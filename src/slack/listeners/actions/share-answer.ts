import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { askerFor } from '../../../retrieval/access.js';
import type { Services } from '../../../services.js';
import { answerFallbackText, buildAnswerBlocks } from '../../blocks/answer.js';
import { escapeMrkdwn } from '../../blocks/escape.js';

const valueSchema = z.object({ e: z.string(), q: z.string() });

/**
 * "Share in channel" under an ephemeral /kiki answer. Slack does not send an ephemeral message back with the
 * click, so the question is answered again, with the asker's own access, and posted through response_url.
 */
export function shareAnswer(services: Services) {
  return async ({ ack, action, body, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    let raw: unknown;
    try {
      raw = JSON.parse(action.value ?? '');
    } catch {
      raw = undefined;
    }
    const parsed = valueSchema.safeParse(raw);
    if (!parsed.success) return;
    const asker = await askerFor(services.config, services.directory, body.user.id);
    const answer = await services.assistant.answer({ question: parsed.data.q, asker });
    const blocks = buildAnswerBlocks(answer, { eventId: parsed.data.e });
    const intro = `<@${body.user.id}> shared Kiki's answer to: _${escapeMrkdwn(parsed.data.q.replace(/\s+/g, ' ')).slice(0, 300)}_`;
    await respond({
      response_type: 'in_channel',
      replace_original: false,
      text: answerFallbackText(answer),
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: intro }] }, ...blocks],
    });
    await respond({ response_type: 'ephemeral', replace_original: true, text: 'Shared in the channel.' });
  };
}
