import type { WebClient } from '@slack/web-api';
import type { ReportAttachment } from '../../comms/render/attachments.js';
import type { SentimentReport } from '../../comms/report.js';
import { type ReportDelivery, type ReportRequest, runAndSaveReport } from '../../comms/report-run.js';
import type { FailedArticle } from '../../comms/types.js';
import { APOLOGY, isKikiError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import { buildNoticeBlocks } from '../blocks/errors.js';
import { buildSentimentReportBlocks, progressText, reportFallbackText } from '../blocks/sentiment-report.js';
import { openDm } from '../upload.js';
import { attachReportFiles } from './sentiment-attachments.js';

// chat.update is rate-limited (about 1 per second per channel): progress edits are spaced out.
const PROGRESS_INTERVAL_MS = 1200;

/** Where a report goes: the requester's DM with Kiki, or a conversation (in a thread, for files shared in one). */
export type ReportDestination = { kind: 'dm' } | { kind: 'conversation'; channel: string; threadTs?: string };

/**
 * The one sentiment flow of every Slack surface: the report is run and saved by comms, and delivered here: a
 * progress message that counts articles as they are read, then the report in its place, then the chart and CSV.
 */
export async function runSentimentReport(
  client: WebClient,
  services: Services,
  request: ReportRequest & { destination: ReportDestination },
): Promise<void> {
  const { sentiment, sentimentChecks: corrections, usage, logger } = services;
  const delivery = new SlackReportDelivery(client, logger, request.userId, request.destination);
  await runAndSaveReport({ sentiment, corrections, usage, logger, brandTerms: services.config.KIKI_BRAND_TERMS }, request, delivery);
}

/** A report's messages in Slack: where they go (the DM when Kiki may not post at the destination) and their order. */
class SlackReportDelivery implements ReportDelivery {
  private channel = '';
  private threadTs: string | undefined;
  /** The progress message, which the report replaces. */
  private ts: string | undefined;
  private total = 0;
  private lastUpdate = 0;
  /** Progress edits in flight: each later message waits for them, so a late edit never hides the report. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly userId: string,
    private readonly destination: ReportDestination,
  ) {}

  async start(total: number): Promise<void> {
    this.total = total;
    const { client, destination } = this;
    this.channel = destination.kind === 'dm' ? await openDm(client, this.userId) : destination.channel;
    this.threadTs = destination.kind === 'conversation' ? destination.threadTs : undefined;
    try {
      const thread = this.threadTs ? { thread_ts: this.threadTs } : {};
      this.ts = (await client.chat.postMessage({ channel: this.channel, text: progressText(0, total), ...thread })).ts;
    } catch (error) {
      // Kiki is not in that channel (or may not post there): the requester gets it in a DM instead.
      this.logger.info({ err: error, channel: this.channel }, 'cannot post the sentiment report in the channel; sending it by DM');
      this.channel = await openDm(client, this.userId);
      this.threadTs = undefined;
      const text = `${progressText(0, total)} (I can't post in that channel, so the report comes here.)`;
      this.ts = (await client.chat.postMessage({ channel: this.channel, text })).ts;
    }
  }

  progress(done: number): void {
    const now = Date.now();
    const { channel, ts, total } = this;
    if (!ts || done === 0 || done === total || now - this.lastUpdate < PROGRESS_INTERVAL_MS) return;
    this.lastUpdate = now;
    this.pending = this.pending.then(() =>
      this.client.chat.update({ channel, ts, text: progressText(done, total) }).catch(() => undefined),
    );
  }

  async unread(failures: FailedArticle[]): Promise<void> {
    await this.pending;
    const reasons = failures
      .slice(0, 5)
      .map((f) => `• ${f.source}: ${f.error}`)
      .join('\n');
    await this.notice(`I couldn't read any of those articles.\n${reasons}`);
  }

  async report(report: SentimentReport, reportId: string): Promise<{ channel: string; ts: string } | undefined> {
    await this.pending;
    const { client, channel } = this;
    const blocks = buildSentimentReportBlocks(report, reportId);
    const text = reportFallbackText(report);
    if (this.ts) await client.chat.update({ channel, ts: this.ts, text, blocks });
    else this.ts = (await client.chat.postMessage({ channel, text, blocks, ...(this.threadTs ? { thread_ts: this.threadTs } : {}) })).ts;
    return this.ts ? { channel, ts: this.ts } : undefined;
  }

  attachments(files: ReportAttachment[]): Promise<void> {
    const { channel, threadTs, ts } = this;
    return attachReportFiles(this.client, this.logger, { userId: this.userId, channel, threadTs, reportTs: ts }, files);
  }

  async failed(error: unknown): Promise<void> {
    await this.pending;
    await this.notice(isKikiError(error) ? error.userMessage : APOLOGY);
  }

  /** The progress message becomes this notice (or it is posted, when there is no progress message). */
  private async notice(text: string): Promise<void> {
    const { client, channel, ts } = this;
    if (ts) await client.chat.update({ channel, ts, text, blocks: buildNoticeBlocks(text) });
    else await client.chat.postMessage({ channel, text });
  }
}
