import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { isAdmin } from '../../../config.js';
import type { Services } from '../../../services.js';
import { answerQuestion } from '../../ask-flow.js';
import { buildHelpBlocks, HELP_TEXT } from '../../blocks/help.js';

/** `/kiki help` or `/kiki` alone: the overview. `/kiki reindex`: admins rebuild the index. Anything else is a question. */
export function kikiCommand(services: Services) {
  return async ({ ack, respond, command, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = command.text.trim();
    const word = text.toLowerCase();
    if (word === '' || word === 'help') {
      await ack();
      await respond({ response_type: 'ephemeral', text: HELP_TEXT, blocks: buildHelpBlocks() });
      return;
    }
    if (word === 'reindex') {
      if (!isAdmin(services.config, command.user_id)) {
        await ack({ response_type: 'ephemeral', text: 'Only Kiki admins can rebuild the index (KIKI_ADMINS).' });
        return;
      }
      await ack({ response_type: 'ephemeral', text: 'Rebuilding the index is not available in this version.' });
      return;
    }
    await ack();
    await answerQuestion(services, client, {
      surface: 'command',
      userId: command.user_id,
      teamId: command.team_id,
      channel: command.channel_id,
      followUp: false,
      text,
      respond,
    });
  };
}
