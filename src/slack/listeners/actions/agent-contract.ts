import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { parseReviewValue } from '../../../agent/contract-tool.js';
import { isKikiError } from '../../../errors.js';
import { findTemplate } from '../../../legal/registry.js';
import type { Services } from '../../../services.js';
import { buildContractForm, buildRefusal } from '../../blocks/contract.js';

/**
 * "Review the draft" under the agent's reply: opens the /kiki-contract modal prefilled with what the agent read from
 * the request. Rights are checked again at the click (the button can be clicked by anyone who sees it); the draft is
 * made only when the person submits the modal (the modal's own submit handler).
 */
export function agentContractReview(services: Services) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await ack();
    const userId = body.user.id;
    const contracts = services.contracts;
    const access = await contracts.mayDraft(userId);
    const record = (outcome: 'completed' | 'refused' | 'error') =>
      services.usage.record({ name: 'contract.review_opened', userId, feature: 'contract', surface: 'agent', outcome });
    if (!access.allowed) {
      record('refused');
      await respond({ response_type: 'ephemeral', replace_original: false, text: buildRefusal(access.departments, access.askWho) });
      return;
    }
    const value = parseReviewValue(action.value);
    const usable = contracts.list().filter((t) => t.errors.length === 0);
    const found = value ? findTemplate(usable, value.t) : undefined;
    if (!value || !found) {
      record('error');
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'That template is no longer available. Use `/kiki-contract` to choose one.',
      });
      return;
    }
    try {
      const template = contracts.get(found.id);
      const channel = body.channel?.id;
      const view = buildContractForm(
        usable,
        template,
        contracts.clausesOf(template),
        channel ? { channel } : {},
        value.v,
        contracts.hasModel,
      );
      await client.views.open({ trigger_id: body.trigger_id, view });
      record('completed');
    } catch (error) {
      if (!isKikiError(error)) throw error;
      record('error');
      await respond({ response_type: 'ephemeral', replace_original: false, text: error.userMessage });
    }
  };
}
