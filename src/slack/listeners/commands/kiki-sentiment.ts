import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parsePasted } from '../../../comms/intake/index.js';
import { mayRunSentiment, SENTIMENT_REFUSAL } from '../../../comms/rights.js';
import type { Services } from '../../../services.js';
import { buildSentimentModal } from '../../blocks/sentiment-report.js';
import { runSentimentReport } from '../../flows/sentiment-report.js';

/** `/kiki-sentiment`: a modal to paste links or text; `/kiki-sentiment <links>` builds the report at once. */
export function kikiSentimentCommand(services: Services) {
  return async ({ ack, command, client, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    if (!(await mayRunSentiment(services, command.user_id))) {
      await respond({ response_type: 'ephemeral', text: SENTIMENT_REFUSAL });
      return;
    }
    const inputs = parsePasted(command.text ?? '');
    if (inputs.length > 0) {
      await runSentimentReport(client, services, {
        userId: command.user_id,
        destination: { kind: 'conversation', channel: command.channel_id },
        inputs,
        surface: 'command',
      });
      return;
    }
    const inChannel = !command.channel_id.startsWith('D');
    await client.views.open({
      trigger_id: command.trigger_id,
      view: buildSentimentModal(JSON.stringify({ channel: command.channel_id }), inChannel),
    });
  };
}
