import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { buildHelpBlocks, HELP_TEXT } from '../../blocks/help.js';

/** A direct message to Kiki (message.im). Edits, bot messages and other subtypes are not questions. */
export function directMessage(_services: Services) {
  return async ({ message, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || 'bot_id' in message) return;
    await client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.thread_ts ?? message.ts,
      text: HELP_TEXT,
      blocks: buildHelpBlocks(),
    });
  };
}
