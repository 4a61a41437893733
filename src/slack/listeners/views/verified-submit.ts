import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { readSaveModal, VERIFIED_FIELDS } from '../../blocks/verified.js';
import { mayManage, maySaveFromHandoff, readHandoffThread, tellAsker } from '../../verified-flow.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Save as answer / Edit submitted: checked again (the modal could be replayed), saved as a new version. */
export function verifiedSubmit(services: Services) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const { sourceIndexes, ...input } = readSaveModal(view.state.values as Parameters<typeof readSaveModal>[0]);
    const errors: Record<string, string> = {};
    if (input.question.length < 5) errors[VERIFIED_FIELDS.question] = 'Write the question people ask.';
    if (input.answer.length < 2) errors[VERIFIED_FIELDS.answer] = 'Write the answer Kiki should give.';
    if (Object.keys(errors).length) return void (await ack({ response_action: 'errors', errors }));
    const [kind, id] = view.private_metadata.split(':') as [string, string];
    const userId = body.user.id;
    const refuse = () =>
      ack({ response_action: 'errors', errors: { [VERIFIED_FIELDS.question]: 'You may not save answers for this team.' } });

    if (kind === 'edit') {
      const current = await services.verified.records.get(id);
      if (!current || !(await mayManage(services, client, current, userId))) return void (await refuse());
      await ack();
      await services.verified.change(id, 'edited', userId, { ...input, visibleTo: input.visibleTo ?? [] });
      return;
    }
    const handoff = await services.handoffs.get(id);
    if (!handoff?.post_channel) return void (await refuse());
    const thread = await readHandoffThread(client, handoff);
    if (!(await maySaveFromHandoff(services, client, handoff, userId, thread.repliers))) return void (await refuse());
    await ack();
    const saved = await services.verified.save(
      {
        question: input.question,
        answer: input.answer,
        team: handoff.team,
        ...(input.visibleTo ? { visibleTo: input.visibleTo } : {}),
        reviewDays: input.reviewDays,
        // Only the cited sections the team kept, renumbered [1], [2]…
        sources: thread.sources.filter((_, i) => sourceIndexes.includes(i)).map((c, i) => ({ ...c, n: i + 1 })),
        handoffId: handoff.id,
      },
      userId,
    );
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
