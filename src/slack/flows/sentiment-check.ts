import type { WebClient } from '@slack/web-api';
import { SENTIMENT_LABELS } from '../../comms/human-check.js';
import { mayRunSentiment, SENTIMENT_REFUSAL } from '../../comms/rights.js';
import type { Services } from '../../services.js';
import { buildSentimentReportBlocks, reportFallbackText } from '../blocks/sentiment-report.js';

export type CheckOutcome = { ok: true } | { ok: false; message: string };

export const REPORT_GONE = 'That report is no longer stored, so its labels cannot be changed. Build a new report to check it.';

/**
 * A person from Comms gives the right label of one article of a report: stored, then the report is recomputed
 * with every label people gave and the message is updated in place.
 */
export async function checkArticle(
  services: Services,
  client: WebClient,
  request: { reportId: string; index: number; label: string; userId: string },
): Promise<CheckOutcome> {
  if (!(await mayRunSentiment(services, request.userId))) return { ok: false, message: SENTIMENT_REFUSAL };
  const label = SENTIMENT_LABELS.find((l) => l === request.label);
  if (!label) return { ok: false, message: 'Pick positive, neutral, negative or mixed.' };
  const stored = await services.sentimentChecks.getReport(request.reportId);
  if (!stored?.articles[request.index]) return { ok: false, message: REPORT_GONE };
  await services.sentimentChecks.label(stored, request.index, label, request.userId);
  const report = await services.sentimentChecks.recompute(stored, services.sentiment.reportContext());
  if (stored.channel && stored.messageTs) {
    await client.chat.update({
      channel: stored.channel,
      ts: stored.messageTs,
      text: reportFallbackText(report),
      blocks: buildSentimentReportBlocks(report, stored.id),
    });
  }
  services.logger.info(
    { report: stored.id, index: request.index, corrected: report.humanCheck.corrected },
    'sentiment label checked by a person',
  );
  return { ok: true };
}
