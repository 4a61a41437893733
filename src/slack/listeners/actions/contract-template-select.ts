import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { z } from 'zod';
import { isKikiError } from '../../../errors.js';
import type { Template } from '../../../legal/types.js';
import type { Services } from '../../../services.js';
import { buildContractForm, buildTemplateChooser, type ContractModalMeta } from '../../blocks/contract.js';
import { parseMetadata, slackId } from '../../payloads.js';

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
    const meta = parseMeta(view);
    let template: Template;
    try {
      template = contracts.get(action.selected_option.value);
    } catch (error) {
      // A template removed (or renamed) since the modal opened: say so in the modal and offer the ones there are.
      if (!isKikiError(error)) throw error;
      const usable = contracts.list().filter((t) => t.errors.length === 0);
      const chooser = buildTemplateChooser(usable, { ...(meta.channel ? { channel: meta.channel } : {}) }, error.userMessage);
      await client.views.update({ view_id: view.id, hash: view.hash, view: chooser });
      return;
    }
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

export const contractMetaSchema = z.object({ templateId: z.string().min(1).optional(), channel: slackId.optional() }).default({});

/** The contract modal's private_metadata: the template chosen and the channel it was opened from (both optional). */
export function parseMeta(view: { private_metadata?: string }): ContractModalMeta {
  const { templateId, channel } = parseMetadata(contractMetaSchema, view);
  return { ...(templateId ? { templateId } : {}), ...(channel ? { channel } : {}) };
}
