import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { withoutResolveButton } from '../../blocks/handoff.js';
import { mayResolve, NOT_YOURS_TO_RESOLVE } from '../../click-rules.js';
import { replaceResolveButton, resolveHandoff } from '../../handoff-flow.js';
import { containerOf, messageOf } from '../../payloads.js';

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
    const container = containerOf(body);
    const message = messageOf(body);
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const handoffId = action.value ?? '';
    const handoff = handoffId ? await services.handoffs.get(handoffId) : undefined;
    if (!handoff) {
      await tell("I don't know this hand-off any more.");
      return;
    }
    const channel = body.channel?.id ?? container.channel_id;
    if (!mayResolve(services, handoff, body.user.id, channel)) {
      await tell(NOT_YOURS_TO_RESOLVE);
      return;
    }
    const result = await resolveHandoff(services, client, handoffId, body.user.id);
    const ts = container.message_ts ?? message?.ts;
    if (result !== 'unknown' && channel && ts && !container.is_ephemeral) {
      // The clicked message (the asker's notice or the team post) keeps no button that does nothing any more.
      const update = message?.blocks
        ? client.chat.update({
            channel,
            ts,
            text: message.text ?? 'Marked resolved.',
            blocks: withoutResolveButton(message.blocks, body.user.id),
          })
        : replaceResolveButton(client, channel, ts, body.user.id);
      await Promise.resolve(update).catch((error: unknown) => services.logger.warn({ err: error }, 'could not remove "Mark resolved"'));
    }
    if (result === 'already') await tell('This was already marked resolved.');
    if (result === 'unknown') await tell("I don't know this hand-off any more.");
  };
}
