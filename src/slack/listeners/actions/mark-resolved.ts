import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { resolveHandoff } from '../../handoff-flow.js';

/** "Mark resolved", from the team's channel or the asker's thread. */
export function markResolved(services: Services) {
  return async ({
    ack,
    action,
    body,
    client,
    respond,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const result = await resolveHandoff(services, client, action.value ?? '', body.user.id);
    if (result === 'already')
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'This was already marked resolved.' });
    if (result === 'unknown')
      await respond({ response_type: 'ephemeral', replace_original: false, text: "I don't know this hand-off any more." });
  };
}
