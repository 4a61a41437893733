import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { isAdmin } from '../../../config.js';
import { isKikiError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { answerQuestion } from '../../ask-flow.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import { buildHelpBlocks, HELP_TEXT } from '../../blocks/help.js';
import { userTeamOf } from '../../outsiders.js';

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
      await ack({ response_type: 'ephemeral', text: 'Rebuilding the search index from the documents… I will tell you when it is done.' });
      try {
        const s = await services.retrieval.reindex();
        const failed = s.failed.length
          ? `\n${s.failed.length} file(s) could not be read: ${s.failed
              .slice(0, 5)
              .map((f) => `\`${escapeMrkdwn(f.source)}\` (${escapeMrkdwn(f.reason)})`)
              .join(', ')}${s.failed.length > 5 ? ', …' : ''}`
          : '';
        await respond({
          response_type: 'ephemeral',
          text: `Index rebuilt: ${s.files} files, ${s.chunks} passages (${s.changed} changed, ${s.removed} removed) in ${s.seconds.toFixed(1)} s.${failed}`,
        });
      } catch (error) {
        services.logger.error({ err: error }, '/kiki reindex failed');
        await respond({
          response_type: 'ephemeral',
          text: `The index could not be rebuilt: ${isKikiError(error) ? error.userMessage : "see Kiki's log for details."}`,
        });
      }
      return;
    }
    await ack();
    await answerQuestion(services, client, {
      surface: 'command',
      userId: command.user_id,
      teamId: command.team_id,
      ...(command.enterprise_id ? { enterpriseId: command.enterprise_id } : {}),
      ...userTeamOf(command),
      channel: command.channel_id,
      followUp: false,
      text,
      respond,
    });
  };
}
