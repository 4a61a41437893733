import type { Logger } from '../logger.js';
import type { Surface, UsageRecorder } from '../usage/events.js';
import type { SentimentCorrections } from './corrections.js';
import { type ReportAttachment, reportAttachments } from './render/attachments.js';
import type { SentimentReport } from './report.js';
import type { SentimentService } from './service.js';
import type { FailedArticle, SourceInput } from './types.js';

/** How a report reaches the person who asked for it. The run decides what happens; the delivery shows it. */
export interface ReportDelivery {
  /** Before anything is read: how many articles are coming. */
  start(total: number): Promise<void>;
  /** After each article, read or failed: called often, the delivery decides how often to show it. */
  progress(done: number, total: number): void;
  /** Not one article could be read. */
  unread(failures: FailedArticle[]): Promise<void>;
  /** The saved report; returns where it was posted (so a correction can edit it later), when that is known. */
  report(report: SentimentReport, reportId: string): Promise<{ channel: string; ts: string } | undefined>;
  /** The chart and the CSV of the report just delivered. */
  attachments(files: ReportAttachment[]): Promise<void>;
  /** The run stopped on this error after start. */
  failed(error: unknown): Promise<void>;
}

export interface ReportRunDeps {
  sentiment: Pick<SentimentService, 'run'>;
  corrections: Pick<SentimentCorrections, 'saveReport' | 'setMessage'>;
  usage: Pick<UsageRecorder, 'record'>;
  logger: Logger;
  brandTerms: string[];
}

export interface ReportRequest {
  userId: string;
  inputs: SourceInput[];
  surface: Surface;
  /** Problems found before reading (a Slack file that could not be downloaded). */
  failures?: FailedArticle[];
}

/**
 * One press sentiment report, from request to usage event: read and score the articles, save the report for
 * the human check, hand each step to the delivery, and count the outcome once (its latency includes delivery).
 */
export async function runAndSaveReport(deps: ReportRunDeps, request: ReportRequest, delivery: ReportDelivery): Promise<void> {
  const started = Date.now();
  await delivery.start(request.inputs.length);
  const record = (outcome: 'completed' | 'error', meta?: Record<string, unknown>) =>
    deps.usage.record({
      name: 'sentiment.report',
      userId: request.userId,
      feature: 'sentiment',
      surface: request.surface,
      outcome,
      latencyMs: Date.now() - started,
      ...(meta ? { meta } : {}),
    });
  try {
    const report = await deps.sentiment.run(request.inputs, {
      onProgress: (done, total) => delivery.progress(done, total),
      ...(request.failures?.length ? { failures: request.failures } : {}),
    });
    if (report.articles.length === 0) {
      await delivery.unread(report.failures);
      record('error', { articles: 0, failures: report.failures.length });
      return;
    }
    const reportId = await deps.corrections.saveReport(report, { userId: request.userId, brandTerms: deps.brandTerms });
    const posted = await delivery.report(report, reportId);
    if (posted) await deps.corrections.setMessage(reportId, posted.channel, posted.ts);
    await delivery.attachments(await reportAttachments(report));
    record('completed', {
      articles: report.articles.length,
      failures: report.failures.length,
      net: report.summary.net,
      scorer: report.scorer,
    });
  } catch (error) {
    deps.logger.error({ err: error }, 'sentiment report failed');
    await delivery.failed(error).catch(() => undefined);
    record('error');
  }
}
