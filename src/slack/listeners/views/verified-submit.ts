import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services.js';
import { claimOnce } from '../../../store/slack-events.js';
import { readSaveModal, VERIFIED_FIELDS } from '../../blocks/verified.js';
import { submittedMetadata } from '../../payloads.js';
import { readHandoffThread, tellAsker } from '../../verified-flow.js';
import { boundVisibility, mayManage, maySaveFromHandoff } from '../../verified-rights.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Input = ReturnType<typeof readSaveModal>;

/** "handoff:<hand-off id>" (Save as answer) or "edit:<answer id>" (Edit), as blocks/verified.ts wrote it. */
const metaSchema = z
  .string()
  .regex(/^(handoff|edit):[\w-]+$/)
  .transform((s) => {
    const at = s.indexOf(':');
    return { kind: s.slice(0, at), id: s.slice(at + 1) };
  });

function checkText(input: Input): Record<string, string> {
  const errors: Record<string, string> = {};
  if (input.question.length < 5) errors[VERIFIED_FIELDS.question] = 'Write the question people ask.';
  if (input.answer.length < 2) errors[VERIFIED_FIELDS.answer] = 'Write the answer Kiki should give.';
  return errors;
}

/**
 * Save as answer / Edit submitted: checked again (the modal could be replayed), bounded by its sources, saved
 * once however often Slack delivers the same submission (claimed by the view's id), as a new version.
 */
export function verifiedSubmit(services: Services) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const { sourceIndexes, ...input } = readSaveModal(view.state.values as Parameters<typeof readSaveModal>[0]);
    const errors = checkText({ sourceIndexes, ...input });
    if (Object.keys(errors).length) return void (await ack({ response_action: 'errors', errors }));
    const meta = await submittedMetadata(metaSchema, view, { ack, logger: services.logger, block: VERIFIED_FIELDS.question });
    if (!meta) return;
    const { kind, id } = meta;
    const userId = body.user.id;
    const fail = (field: string, text: string) => ack({ response_action: 'errors', errors: { [field]: text } });
    const refuse = () => fail(VERIFIED_FIELDS.question, 'You may not save answers for this team.');
    const once = () => claimOnce(services.store, `verified-submit:${view.id}`, randomUUID());

    if (kind === 'edit') {
      const current = await services.verified.records.get(id);
      if (!current || !(await mayManage(services, current, userId))) return void (await refuse());
      const bound = await boundVisibility(services, input.visibleTo, current.sources);
      if (!bound.ok) return void (await fail(VERIFIED_FIELDS.visibleTo, bound.error));
      await ack();
      if (!(await once())) return;
      await services.verified.change(id, 'edited', userId, { ...input, visibleTo: bound.visibleTo ?? [] });
      return;
    }
    const handoff = await services.handoffs.get(id);
    if (!handoff?.post_channel) return void (await refuse());
    const thread = await readHandoffThread(client, handoff);
    if (!(await maySaveFromHandoff(services, handoff, userId, thread.repliers))) return void (await refuse());
    // Only the cited sections the team kept, renumbered [1], [2]…
    const sources = thread.sources.filter((_, i) => sourceIndexes.includes(i)).map((c, i) => ({ ...c, n: i + 1 }));
    const bound = await boundVisibility(services, input.visibleTo, sources);
    if (!bound.ok) return void (await fail(VERIFIED_FIELDS.sources, bound.error));
    await ack();
    if (!(await once())) return;
    const { visibleTo } = bound;
    const draft = { question: input.question, answer: input.answer, team: handoff.team, reviewDays: input.reviewDays, sources };
    const saved = await services.verified.save({ ...draft, ...(visibleTo ? { visibleTo } : {}), handoffId: handoff.id }, userId);
    await client.chat
      .postMessage({
        channel: handoff.post_channel,
        thread_ts: handoff.post_ts as string,
        text: `:white_check_mark: Saved as a verified answer by <@${userId}>. Kiki will give it to the next person who asks this.`,
      })
      .catch((error: unknown) => services.logger.warn({ err: error }, 'save not noted in the team thread'));
    await tellAsker(services, client, handoff, saved);
  };
}
