import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services.js';
import { buildFeedbackNoteView, type NoteMeta } from '../../blocks/feedback.js';
import { buildSaveModal } from '../../blocks/verified.js';
import { checkAsker, NOT_YOUR_ANSWER, OUT_OF_DATE } from '../../click-rules.js';
import { type Container, containerOf, parseValue } from '../../payloads.js';
import { openDm } from '../../upload.js';
import { askVerifier, departmentsOf, readHandoffThread, saveModalForHandoff } from '../../verified-flow.js';
import { mayManage, maySaveFromHandoff } from '../../verified-rights.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const NOT_ALLOWED =
  'Only the people who replied in this thread, members of the owning team and Kiki admins can save or change verified answers.';
const GONE = "I don't know this one any more; it may have been removed.";

/** "Save as answer" in a hand-off thread: the pre-filled modal, for those allowed to save. */
export function saveAsAnswer(services: Services) {
  return async ({ ack, action, body, client, respond }: Args): Promise<void> => {
    await ack();
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const handoff = await services.handoffs.get(action.value ?? '');
    if (!handoff?.post_channel || !handoff.post_ts) return void (await tell(GONE));
    const thread = await readHandoffThread(client, handoff);
    if (!(await maySaveFromHandoff(services, handoff, body.user.id, thread.repliers))) return void (await tell(NOT_ALLOWED));
    if (!thread.answer) return void (await tell('Reply to the question in this thread first; the reply becomes the answer.'));
    await client.views.open({ trigger_id: body.trigger_id, view: await saveModalForHandoff(services, handoff, thread) });
  };
}

/** Where the 👎 was given, so that the note can be acknowledged there. */
function noteMeta(eventId: string, body: Args['body'], container: Container): NoteMeta {
  const channel = body.channel?.id ?? container.channel_id;
  const threadTs = container.thread_ts ?? container.message_ts;
  return { e: eventId, ...(channel ? { c: channel } : {}), ...(threadTs ? { t: threadTs } : {}) };
}

const verifiedIdSchema = z.object({ e: z.string(), v: z.string() });

/**
 * 👎 on a verified answer: stored like any 👎, and the verifier is asked whether it is still right. Only the
 * asker rates it, as any answer: a bystander in a shared thread is told so, and nothing counts or is sent.
 */
export function verifiedDown(services: Services) {
  return async ({ ack, action, body, client, respond }: Args): Promise<void> => {
    await ack();
    const container = containerOf(body);
    const ids = parseValue(verifiedIdSchema, action.value);
    if (!ids) return;
    const check = await checkAsker(services, ids.e, body.user.id);
    if (check !== 'ok') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: check === 'other' ? NOT_YOUR_ANSWER : OUT_OF_DATE });
      return;
    }
    await services.usage.setFeedback(ids.e, -1);
    await client.views.open({ trigger_id: body.trigger_id, view: buildFeedbackNoteView(noteMeta(ids.e, body, container)) });
    const answer = await services.verified.records.get(ids.v);
    if (answer?.status === 'active') {
      await askVerifier(client, answer, 'downvote').catch((error: unknown) =>
        services.logger.warn({ err: error }, 'verifier not told about the 👎'),
      );
    }
  };
}

/** Still right / Edit / Retire, from the review DM or App Home. */
export function reviewAction(services: Services, kind: 'stillRight' | 'edit' | 'retire') {
  return async ({ ack, action, body, client, respond }: Args): Promise<void> => {
    await ack();
    // From App Home there is no response_url: the answer comes by DM.
    const tell = async (text: string) => {
      if (body.response_url) await respond({ response_type: 'ephemeral', replace_original: false, text });
      else await client.chat.postMessage({ channel: await openDm(client, body.user.id), text });
    };
    const answer = await services.verified.records.get(action.value ?? '');
    if (!answer) return void (await tell(GONE));
    if (!(await mayManage(services, answer, body.user.id))) return void (await tell(NOT_ALLOWED));
    if (kind === 'edit') {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildSaveModal({
          metadata: `edit:${answer.id}`,
          title: 'Edit verified answer',
          question: answer.question,
          answer: answer.answer,
          departments: departmentsOf(services),
          ...(answer.visibleTo ? { visibleTo: answer.visibleTo } : {}),
          reviewDays: answer.reviewDays,
        }),
      });
      return;
    }
    if (answer.status === 'retired') return void (await tell('This answer was already retired.'));
    await services.verified.change(answer.id, kind === 'retire' ? 'retired' : 'confirmed', body.user.id);
    await tell(
      kind === 'retire'
        ? ':wastebasket: Retired: Kiki no longer gives this answer.'
        : `:white_check_mark: Thanks! Confirmed; next review in ${answer.reviewDays} days.`,
    );
  };
}
