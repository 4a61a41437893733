import type { WebClient } from '@slack/web-api';
import { parsePasted } from '../../comms/intake/index.js';
import { mayRunSentiment, SENTIMENT_REFUSAL } from '../../comms/rights.js';
import type { Services } from '../../services.js';
import type { Surface } from '../../usage/events.js';
import { type SlackFileRef, slackFilesToInputs } from '../files.js';
import { runSentimentReport } from './sentiment-report.js';

/** Words that make files shared with Kiki a request for a press sentiment report rather than a question. */
const ASKS_FOR_SENTIMENT = /\b(sentiment|press|coverage|tone|tonalité|revue de presse|couverture)\b/i;

/**
 * Files shared with Kiki (in a DM, or with a mention, in a thread or not) with a message asking for sentiment:
 * a report on the files and any links in the message, in the same thread. Returns false when the message is
 * not such a request, so the caller answers it as a question.
 */
export async function sentimentFromSharedFiles(
  services: Services,
  client: WebClient,
  request: { userId: string; channel: string; threadTs: string; text: string; files: SlackFileRef[] | undefined; surface: Surface },
): Promise<boolean> {
  const files = (request.files ?? []).filter((f) => f?.id);
  if (files.length === 0 || !ASKS_FOR_SENTIMENT.test(request.text)) return false;
  if (!(await mayRunSentiment(services, request.userId))) {
    await client.chat.postMessage({ channel: request.channel, thread_ts: request.threadTs, text: SENTIMENT_REFUSAL });
    return true;
  }
  const links = parsePasted(request.text).filter((i) => i.kind === 'url');
  const attached = await slackFilesToInputs(client, files, services.logger);
  await runSentimentReport(client, services, {
    userId: request.userId,
    destination: { kind: 'conversation', channel: request.channel, threadTs: request.threadTs },
    inputs: [...links, ...attached.inputs],
    failures: attached.problems,
    surface: request.surface,
  });
  return true;
}
