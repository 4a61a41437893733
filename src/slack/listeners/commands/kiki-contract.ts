import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { findTemplate } from '../../../legal/registry.js';
import type { Services } from '../../../services.js';
import { buildContractForm, buildRefusal, buildTemplateChooser } from '../../blocks/contract.js';

/** `/kiki-contract [template] [counterparty]`: opens the drafting modal, pre-filled when a template is named. */
export function kikiContractCommand(services: Services) {
  return async ({ ack, command, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const contracts = services.contracts;
    const access = await contracts.mayDraft(command.user_id);
    if (!access.allowed) {
      services.usage.record({
        name: 'contract.refused',
        userId: command.user_id,
        feature: 'contract',
        surface: 'command',
        outcome: 'refused',
      });
      await respond({ response_type: 'ephemeral', text: buildRefusal(access.departments, access.askWho) });
      return;
    }
    const templates = contracts.list().filter((t) => t.errors.length === 0);
    if (templates.length === 0) {
      await respond({
        response_type: 'ephemeral',
        text: 'No contract templates are available yet. Ask Legal to add approved templates to the template folder.',
      });
      return;
    }
    const meta = { channel: command.channel_id };
    const [first = '', ...rest] = command.text.trim().split(/\s+/);
    const found = first ? findTemplate(templates, first) : undefined;
    const template = found ? contracts.get(found.id) : undefined;
    let view = buildTemplateChooser(templates, meta);
    if (template && template.errors.length === 0) {
      const party = template.fields.find((f) => f.type === 'party');
      const counterparty = rest
        .join(' ')
        .trim()
        .slice(0, party?.maxLength ?? 200);
      const prefill = party && counterparty ? { [party.name]: counterparty } : {};
      view = buildContractForm(templates, template, contracts.clausesOf(template), meta, prefill, contracts.hasModel);
    }
    await client.views.open({ trigger_id: command.trigger_id, view });
    if (first && !template) {
      await respond({
        response_type: 'ephemeral',
        text: `There is no template called "${first.slice(0, 60)}"; choose one in the form I opened.`,
      });
    }
  };
}
