import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { parsePasted } from '../../../comms/intake/index.js';
import { mayRunSentiment, SENTIMENT_REFUSAL } from '../../../comms/rights.js';
import { MAX_ARTICLES } from '../../../comms/service.js';
import type { Services } from '../../../services.js';
import {
  DESTINATION_ACTION,
  DESTINATION_BLOCK,
  FILES_ACTION,
  FILES_BLOCK,
  PASTE_LIMIT_MESSAGE,
  SLACK_INPUT_LIMIT,
  SOURCES_ACTION,
  SOURCES_BLOCK,
} from '../../blocks/sentiment-report.js';
import { slackFilesToInputs } from '../../files.js';
import { type ReportDestination, runSentimentReport } from '../../flows/sentiment-report.js';
import { filesOf, slackId, submittedMetadata } from '../../payloads.js';

/** The channel /kiki-sentiment was typed in. */
const metadataSchema = z.object({ channel: slackId });

/** The modal's "Build report": validate, close the modal, then run the report where the person asked. */
export function sentimentSubmit(services: Services) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const text = view.state.values[SOURCES_BLOCK]?.[SOURCES_ACTION]?.value ?? '';
    const files = filesOf(view.state.values[FILES_BLOCK]?.[FILES_ACTION]);
    // Slack cuts what is pasted beyond its limit without saying so: never report on a cut article.
    if (text.length >= SLACK_INPUT_LIMIT - 5) {
      await ack({ response_action: 'errors', errors: { [SOURCES_BLOCK]: PASTE_LIMIT_MESSAGE } });
      return;
    }
    const pasted = parsePasted(text);
    if (pasted.length === 0 && files.length === 0) {
      await ack({
        response_action: 'errors',
        errors: { [SOURCES_BLOCK]: 'Paste at least one http(s) link or the text of an article, or attach article files.' },
      });
      return;
    }
    if (pasted.length + files.length > MAX_ARTICLES) {
      await ack({ response_action: 'errors', errors: { [SOURCES_BLOCK]: `At most ${MAX_ARTICLES} articles per report.` } });
      return;
    }
    const meta = await submittedMetadata(metadataSchema, view, { ack, logger: services.logger, block: SOURCES_BLOCK });
    if (!meta) return;
    await ack();
    const userId = body.user.id;
    const where = view.state.values[DESTINATION_BLOCK]?.[DESTINATION_ACTION]?.selected_option?.value;
    const destination: ReportDestination = where === 'channel' ? { kind: 'conversation', channel: meta.channel } : { kind: 'dm' };
    if (!(await mayRunSentiment(services, userId))) {
      await client.chat.postEphemeral({ channel: meta.channel, user: userId, text: SENTIMENT_REFUSAL }).catch(() => undefined);
      return;
    }
    const attached = await slackFilesToInputs(client, files, services.logger);
    await runSentimentReport(client, services, {
      userId,
      destination,
      inputs: [...pasted, ...attached.inputs],
      failures: attached.problems,
      surface: 'modal',
    });
  };
}
