import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { buildContractForm, type ContractModalMeta } from '../../blocks/contract.js';

/** Choosing a template in the modal swaps in its fields and optional clauses (views.update). */
export function contractTemplateSelect(services: Services) {
  return async ({
    ack,
    body,
    action,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const contracts = services.contracts;
    const template = contracts.get(action.selected_option.value);
    const meta = parseMeta(view.private_metadata);
    const templates = contracts.list().filter((t) => t.errors.length === 0 || t.id === template.id);
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: buildContractForm(
        templates,
        template,
        contracts.clausesOf(template),
        { ...(meta.channel ? { channel: meta.channel } : {}) },
        {},
        contracts.hasModel,
      ),
    });
  };
}

export function parseMeta(text: string | undefined): ContractModalMeta {
  try {
    const data = JSON.parse(text ?? '{}') as Record<string, unknown>;
    return {
      ...(typeof data.templateId === 'string' ? { templateId: data.templateId } : {}),
      ...(typeof data.channel === 'string' ? { channel: data.channel } : {}),
    };
  } catch {
    return {};
  }
}
