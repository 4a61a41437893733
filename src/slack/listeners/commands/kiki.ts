import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { buildHelpBlocks, HELP_TEXT } from '../../blocks/help.js';

/** `/kiki help`, `/kiki` alone: an ephemeral overview of what Kiki does. */
export function kikiCommand(_services: Services) {
  return async ({ ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await respond({ response_type: 'ephemeral', text: HELP_TEXT, blocks: buildHelpBlocks() });
  };
}
