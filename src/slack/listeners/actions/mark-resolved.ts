import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { mayResolve, NOT_YOURS_TO_RESOLVE } from '../../click-rules.js';
import { resolveHandoff } from '../../handoff-flow.js';

/** "Mark resolved": by the asker (their thread), the owning team (the post in its channel) or an admin. */
export function markResolved(services: Services) {
  return async ({
    ack,
    action,
    body,
    client,
    respond,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const handoffId = action.value ?? '';
    const handoff = handoffId ? await services.handoffs.get(handoffId) : undefined;
    if (!handoff) {
      await tell("I don't know this hand-off any more.");
      return;
    }
    const channel = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
    if (!mayResolve(services, handoff, body.user.id, channel)) {
      await tell(NOT_YOURS_TO_RESOLVE);
      return;
    }
    const result = await resolveHandoff(services, client, handoffId, body.user.id);
    if (result === 'already') await tell('This was already marked resolved.');
    if (result === 'unknown') await tell("I don't know this hand-off any more.");
  };
}
