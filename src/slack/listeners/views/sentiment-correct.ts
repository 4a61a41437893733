import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services.js';
import { CORRECT_ARTICLE_BLOCK, CORRECT_LABEL_BLOCK } from '../../blocks/sentiment-check.js';
import { checkArticle } from '../../flows/sentiment-check.js';
import { submittedMetadata } from '../../payloads.js';

const metaSchema = z.object({ reportId: z.string().min(1) });

/** The "Correct a label" modal's Save: the label is stored and the report message recomputed. */
export function sentimentCorrectSubmit(services: Services) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const index = Number(view.state.values[CORRECT_ARTICLE_BLOCK]?.choice?.selected_option?.value ?? Number.NaN);
    const label = view.state.values[CORRECT_LABEL_BLOCK]?.choice?.selected_option?.value ?? '';
    const meta = await submittedMetadata(metaSchema, view, { ack, logger: services.logger, block: CORRECT_LABEL_BLOCK });
    if (!meta) return;
    const { reportId } = meta;
    if (!Number.isInteger(index)) {
      await ack({ response_action: 'errors', errors: { [CORRECT_ARTICLE_BLOCK]: 'Pick an article.' } });
      return;
    }
    const outcome = await checkArticle(services, client, { reportId, index, label, userId: body.user.id });
    if (outcome.ok) await ack();
    else await ack({ response_action: 'errors', errors: { [CORRECT_LABEL_BLOCK]: outcome.message } });
  };
}
