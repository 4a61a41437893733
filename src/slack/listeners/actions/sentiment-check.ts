import type { AllMiddlewareArgs, BlockAction, BlockButtonAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { mayRunSentiment, SENTIMENT_REFUSAL } from '../../../comms/rights.js';
import type { Services } from '../../../services.js';
import { buildCorrectModal, parseCheckBlockId } from '../../blocks/sentiment-check.js';
import { checkArticle, REPORT_GONE } from '../../flows/sentiment-check.js';

/** A label picked for an article of the validation sample, right in the report message. */
export function sentimentCheckSelect(services: Services) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const target = parseCheckBlockId(action.block_id);
    const channel = body.channel?.id;
    if (!target) return;
    const outcome = await checkArticle(services, client, { ...target, label: action.selected_option.value, userId: body.user.id });
    if (!outcome.ok && channel)
      await client.chat.postEphemeral({ channel, user: body.user.id, text: outcome.message }).catch(() => undefined);
  };
}

/** "Correct an article": a modal listing every article of the report. */
export function sentimentCorrectOther(services: Services) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const channel = body.channel?.id;
    const say = (text: string) =>
      channel ? client.chat.postEphemeral({ channel, user: body.user.id, text }).catch(() => undefined) : Promise.resolve();
    if (!(await mayRunSentiment(services, body.user.id))) return void (await say(SENTIMENT_REFUSAL));
    const stored = await services.sentimentChecks.getReport(action.value ?? '');
    if (!stored) return void (await say(REPORT_GONE));
    const report = await services.sentimentChecks.recompute(stored, services.sentiment.reportContext());
    await client.views.open({ trigger_id: body.trigger_id, view: buildCorrectModal(report, stored.id) });
  };
}
