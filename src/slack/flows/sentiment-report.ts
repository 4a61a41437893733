import type { WebClient } from '@slack/web-api';
import { renderReportChart } from '../../comms/render/chart.js';
import { buildCsv } from '../../comms/render/csv.js';
import type { FailedArticle, SourceInput } from '../../comms/types.js';
import { isAdmin } from '../../config.js';
import { APOLOGY, isKikiError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { Surface } from '../../usage/events.js';
import { buildNoticeBlocks } from '../blocks/errors.js';
import { buildSentimentReportBlocks, progressText, reportFallbackText } from '../blocks/sentiment-report.js';
import { openDm, uploadFiles } from '../upload.js';

// chat.update is rate-limited (about 1 per second per channel): progress edits are spaced out.
const PROGRESS_INTERVAL_MS = 1200;

export const SENTIMENT_REFUSAL =
  'Sorry, press sentiment reports are for the Comms team. If you need one, ask someone in Comms or a Kiki admin.';

export async function mayRunSentiment(services: Services, userId: string): Promise<boolean> {
  if (isAdmin(services.config, userId)) return true;
  const department = (await services.directory.departmentOf(userId)).toLowerCase();
  return services.config.KIKI_SENTIMENT_DEPARTMENTS.some((d) => d.toLowerCase() === department);
}

/**
 * The one sentiment flow of every Slack surface: a progress message that counts articles as they are read,
 * then the report in its place, then the chart and the CSV, then a usage event.
 */
export async function runSentimentReport(
  client: WebClient,
  services: Services,
  request: {
    userId: string;
    channel: string | 'dm';
    inputs: SourceInput[];
    surface: Surface;
    /** Problems found before reading (a Slack file that could not be downloaded). */
    failures?: FailedArticle[];
    /** Post in this thread (files shared with Kiki in a thread or DM). */
    threadTs?: string;
  },
): Promise<void> {
  const started = Date.now();
  const { logger } = services;
  const total = request.inputs.length;
  let channel = request.channel === 'dm' ? await openDm(client, request.userId) : request.channel;
  let thread: { thread_ts?: string } = request.threadTs ? { thread_ts: request.threadTs } : {};
  let ts: string | undefined;
  try {
    ts = (await client.chat.postMessage({ channel, text: progressText(0, total), ...thread })).ts;
  } catch (error) {
    // Kiki is not in that channel (or may not post there): the requester gets it in a DM instead.
    logger.info({ err: error, channel }, 'cannot post the sentiment report in the channel; sending it by DM');
    channel = await openDm(client, request.userId);
    thread = {};
    ts = (
      await client.chat.postMessage({
        channel,
        text: `${progressText(0, total)} (I can't post in that channel, so the report comes here.)`,
      })
    ).ts;
  }
  const recordReport = (outcome: 'completed' | 'error', meta?: Record<string, unknown>) =>
    services.usage.record({
      name: 'sentiment.report',
      userId: request.userId,
      feature: 'sentiment',
      surface: request.surface,
      outcome,
      latencyMs: Date.now() - started,
      ...(meta ? { meta } : {}),
    });
  let lastUpdate = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const showProgress = (done: number) => {
    const now = Date.now();
    if (!ts || done === 0 || done === total || now - lastUpdate < PROGRESS_INTERVAL_MS) return;
    lastUpdate = now;
    pending = pending.then(() => client.chat.update({ channel, ts: ts as string, text: progressText(done, total) }).catch(() => undefined));
  };
  try {
    const report = await services.sentiment.run(request.inputs, {
      onProgress: showProgress,
      ...(request.failures?.length ? { failures: request.failures } : {}),
    });
    await pending;
    if (report.articles.length === 0) {
      const reasons = report.failures
        .slice(0, 5)
        .map((f) => `• ${f.source}: ${f.error}`)
        .join('\n');
      await finish(client, channel, ts, `I couldn't read any of those articles.\n${reasons}`);
      recordReport('error', { articles: 0, failures: report.failures.length });
      return;
    }
    const reportId = await services.sentimentChecks.saveReport(report, {
      userId: request.userId,
      brandTerms: services.config.KIKI_BRAND_TERMS,
    });
    const blocks = buildSentimentReportBlocks(report, reportId);
    const text = reportFallbackText(report);
    if (ts) await client.chat.update({ channel, ts, text, blocks });
    else ts = (await client.chat.postMessage({ channel, text, blocks, ...thread })).ts;
    if (ts) await services.sentimentChecks.setMessage(reportId, channel, ts);
    const stamp = report.generatedAt.slice(0, 10);
    const files = [
      { filename: `press-sentiment-${stamp}.png`, data: await renderReportChart(report), title: 'Press sentiment chart' },
      { filename: `press-sentiment-${stamp}.csv`, data: Buffer.from(buildCsv(report), 'utf8'), title: 'Press sentiment per article' },
    ];
    try {
      await uploadFiles(
        client,
        {
          channel,
          ...(thread.thread_ts ? { threadTs: thread.thread_ts } : {}),
          initialComment: 'Chart and per-article CSV of the report above.',
        },
        files,
      );
    } catch (error) {
      // The report is already there: keep it, and say how to get the chart (it comes by DM meanwhile).
      logger.warn({ err: error, channel }, 'sentiment chart and CSV not uploaded in the channel');
      const dm = await openDm(client, request.userId);
      const inDm =
        dm !== channel &&
        (await uploadFiles(
          client,
          { channel: dm, initialComment: 'Chart and per-article CSV of your press sentiment report.' },
          files,
        ).then(
          () => true,
          () => false,
        ));
      const threadTs = thread.thread_ts ?? ts;
      await client.chat
        .postMessage({
          channel,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: `The report above is complete, but I couldn't attach its chart and CSV here. ${inDm ? 'I sent them to you by direct message. ' : ''}To get them in this channel next time, invite me with \`/invite @Kiki\`.`,
        })
        .catch((postError: unknown) => logger.warn({ err: postError }, 'could not explain the missing chart'));
    }
    recordReport('completed', {
      articles: report.articles.length,
      failures: report.failures.length,
      net: report.summary.net,
      scorer: report.scorer,
    });
  } catch (error) {
    await pending;
    logger.error({ err: error }, 'sentiment report failed');
    await finish(client, channel, ts, isKikiError(error) ? error.userMessage : APOLOGY).catch(() => undefined);
    recordReport('error');
  }
}

async function finish(client: WebClient, channel: string, ts: string | undefined, text: string): Promise<void> {
  if (ts) await client.chat.update({ channel, ts, text, blocks: buildNoticeBlocks(text) });
  else await client.chat.postMessage({ channel, text });
}
