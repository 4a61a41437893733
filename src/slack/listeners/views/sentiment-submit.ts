import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
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
import { type SlackFileRef, slackFilesToInputs } from '../../files.js';
import { type ReportDestination, runSentimentReport } from '../../flows/sentiment-report.js';

const metadataSchema = z.object({ channel: z.string().min(1) });

/** The modal's "Build report": validate, close the modal, then run the report where the person asked. */
export function sentimentSubmit(services: Services) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const text = view.state.values[SOURCES_BLOCK]?.[SOURCES_ACTION]?.value ?? '';
    const files = ((view.state.values[FILES_BLOCK]?.[FILES_ACTION] as { files?: SlackFileRef[] } | undefined)?.files ?? []).filter(
      (f) => f?.id,
    );
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
    await ack();
    const userId = body.user.id;
    const meta = metadataSchema.safeParse(safeJson(view.private_metadata));
    const where = view.state.values[DESTINATION_BLOCK]?.[DESTINATION_ACTION]?.selected_option?.value;
    const destination: ReportDestination =
      where === 'channel' && meta.success ? { kind: 'conversation', channel: meta.data.channel } : { kind: 'dm' };
    if (!(await mayRunSentiment(services, userId))) {
      await client.chat
        .postEphemeral({ channel: meta.success ? meta.data.channel : userId, user: userId, text: SENTIMENT_REFUSAL })
        .catch(() => undefined);
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

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
