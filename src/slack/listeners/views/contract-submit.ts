import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewStateValue, ViewSubmitAction } from '@slack/bolt';
import { APOLOGY, isKikiError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { claimSlackEvent, finishSlackEvent } from '../../../store/slack-events.js';
import { buildDraftSummary, buildRefusal, CLAUSES_BLOCK, fieldBlockId, INSTRUCTIONS_BLOCK, VALUE_ACTION } from '../../blocks/contract.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import { submittedMetadata } from '../../payloads.js';
import { openDm, uploadFiles } from '../../upload.js';
import { contractMetaSchema } from '../actions/contract-template-select.js';

/**
 * Submit of the drafting modal: invalid values go back inline (response_action: errors) and the modal
 * stays open; valid ones close it, and the .docx arrives in the requester's DM with a summary.
 */
export function contractSubmit(services: Services) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const contracts = services.contracts;
    const userId = body.user.id;
    const meta = await submittedMetadata(contractMetaSchema, view, { ack, logger: services.logger, block: 'template' });
    if (!meta) return;
    if (!meta.templateId) {
      await ack({ response_action: 'errors', errors: { template: 'Choose a template first.' } });
      return;
    }
    const access = await contracts.mayDraft(userId);
    if (!access.allowed) {
      await ack({ response_action: 'errors', errors: { template: buildRefusal(access.departments, access.askWho).slice(0, 300) } });
      return;
    }
    const template = contracts.get(meta.templateId);
    const state = view.state.values;
    const values: Record<string, string> = {};
    for (const f of template.fields) {
      const v = state[fieldBlockId(f.name)]?.[VALUE_ACTION];
      if (v) values[f.name] = readValue(v, f.type === 'boolean');
    }
    const clauses = state[CLAUSES_BLOCK]?.[VALUE_ACTION]?.selected_options?.map((o) => o.value);
    const instructions = state[INSTRUCTIONS_BLOCK]?.[VALUE_ACTION]?.value ?? '';
    const check = contracts.check(template, values);
    if (check.problems.length) {
      const errors: Record<string, string> = {};
      for (const p of check.problems) {
        const block = state[fieldBlockId(p.field)] ? fieldBlockId(p.field) : 'template';
        errors[block] = errors[block] ? `${errors[block]}; ${p.message}` : p.message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    // Slack (or a double click) may deliver one submission more than once: the view id is claimed, so it drafts
    // and uploads once. The claim is a lease: a process that died mid-draft leaves it to a later delivery.
    const claim = `view_submission:${view.id}`;
    const leaseMs = services.config.KIKI_WORK_LEASE_MS;
    if (!(await claimSlackEvent(services.store, claim, { owner: randomUUID(), leaseMs }))) {
      services.logger.info({ view: view.id }, 'duplicate contract submission skipped');
      return;
    }
    const dm = await openDm(client, userId);
    try {
      const draft = await contracts.draft(
        {
          templateId: template.id,
          values,
          ...(clauses && state[CLAUSES_BLOCK] ? { clauses } : {}),
          ...(instructions.trim() ? { instructions } : {}),
        },
        { userId, surface: 'modal' },
      );
      await uploadFiles(client, { channel: dm, initialComment: buildDraftSummary(draft) }, [
        { filename: draft.filename, data: draft.docx, title: `${draft.template.title} – DRAFT` },
      ]);
    } catch (error) {
      services.logger.error({ err: error, template: template.id }, 'contract draft failed');
      const text = isKikiError(error) ? `I could not draft that: ${escapeMrkdwn(error.userMessage)}` : APOLOGY;
      await client.chat.postMessage({ channel: dm, text });
    } finally {
      await finishSlackEvent(services.store, claim);
    }
  };
}

function readValue(v: ViewStateValue, isBoolean: boolean): string {
  if (isBoolean) return v.selected_options?.length ? 'true' : 'false';
  return v.value ?? v.selected_date ?? v.selected_option?.value ?? '';
}
