import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { CORRECT_ARTICLE_BLOCK, CORRECT_LABEL_BLOCK } from '../../blocks/sentiment-check.js';
import { checkArticle } from '../../flows/sentiment-check.js';

/** The "Correct a label" modal's Save: the label is stored and the report message recomputed. */
export function sentimentCorrectSubmit(services: Services) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const index = Number(view.state.values[CORRECT_ARTICLE_BLOCK]?.choice?.selected_option?.value ?? Number.NaN);
    const label = view.state.values[CORRECT_LABEL_BLOCK]?.choice?.selected_option?.value ?? '';
    let reportId = '';
    try {
      reportId = String((JSON.parse(view.private_metadata) as { reportId?: unknown }).reportId ?? '');
    } catch {
      // handled below: an empty id is a report that is gone
    }
    if (!Number.isInteger(index)) {
      await ack({ response_action: 'errors', errors: { [CORRECT_ARTICLE_BLOCK]: 'Pick an article.' } });
      return;
    }
    const outcome = await checkArticle(services, client, { reportId, index, label, userId: body.user.id });
    if (outcome.ok) await ack();
    else await ack({ response_action: 'errors', errors: { [CORRECT_LABEL_BLOCK]: outcome.message } });
  };
}
