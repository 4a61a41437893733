import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { buildHelpBlocks, HELP_TEXT } from '../../blocks/help.js';

/** `@Kiki …` in a channel: the reply goes into the thread of the mention. */
export function appMention(_services: Services) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    await client.chat.postMessage({
      channel: event.channel,
      thread_ts: event.thread_ts ?? event.ts,
      text: HELP_TEXT,
      blocks: buildHelpBlocks(),
    });
  };
}
