import type { WebClient } from '@slack/web-api';
import { IngestBusyError } from '../errors.js';
import type { Services } from '../services.js';
import { purgeSlackEvents } from '../store/slack-events.js';
import { JobScheduler } from '../usage/jobs.js';
import { analyzeUsageEvents, purgeUsageEvents } from '../usage/retention.js';
import { parseSince } from '../usage/window.js';
import { postUsageDigest } from './usage-delivery.js';
import { sendReviewReminders } from './verified-flow.js';

/** Daily at 03:15 server time: quiet hours for the retention purge. */
export const PURGE_CRON = '15 3 * * *';

/** Hourly: verified answers past their review date get a DM to their verifier (once each). */
export const REVIEW_CRON = '7 * * * *';

/** The jobs that run beside the Slack app (not in one-shot CLI commands): retention purge, weekly digest. */
export function startScheduledJobs(services: Services, client: WebClient): JobScheduler {
  const { config, logger, store } = services;
  const scheduler = new JobScheduler(store, logger);
  scheduler.add({
    name: 'usage-retention-purge',
    cron: PURGE_CRON,
    run: async () => {
      const events = await purgeUsageEvents(store, config.KIKI_RETENTION_DAYS);
      const ids = await purgeSlackEvents(store);
      await analyzeUsageEvents(store);
      logger.info({ usageEvents: events, slackEventIds: ids, retentionDays: config.KIKI_RETENTION_DAYS }, 'retention purge');
    },
  });
  scheduler.add({
    name: 'verified-review-reminders',
    cron: REVIEW_CRON,
    run: async () => {
      const sent = await sendReviewReminders(services, client);
      if (sent) logger.info({ sent }, 'verified answers due for review: verifiers told');
    },
  });
  if (config.KIKI_SOURCES) {
    // One replica per slot (the job claim); the index it publishes is picked up by every replica's watcher.
    scheduler.add({
      name: 'sources-sync',
      cron: config.KIKI_SYNC_CRON,
      run: async () => {
        const { syncAll } = await import('../sources/sync.js');
        const { retrieval } = services;
        const result = await syncAll({
          config,
          store,
          logger,
          env: process.env,
          reindex: (o) => retrieval.reindex(o),
          exclusive: (work) => retrieval.exclusive(work),
        }).catch((error: unknown) => {
          // A `kiki sync` or a longer previous slot holds the fleet's lock: its index reaches this replica anyway.
          if (error instanceof IngestBusyError) return logger.info({ reason: error.userMessage }, 'sources sync skipped');
          throw error;
        });
        for (const s of result?.sources ?? []) logger.info({ ...s, failed: s.failed.length }, 'source synced');
      },
    });
  }
  const channel = config.KIKI_REPORT_CHANNEL;
  if (channel) {
    scheduler.add({
      name: 'usage-weekly-digest',
      cron: config.KIKI_REPORT_CRON,
      run: async (slot) => {
        const window = parseSince('7d', slot.getTime());
        const [report, gaps] = await Promise.all([services.reports.report(window), services.reports.gaps(window)]);
        await postUsageDigest(client, services, channel, report, gaps);
      },
    });
  } else {
    logger.info('KIKI_REPORT_CHANNEL is not set: no weekly usage digest');
  }
  return scheduler;
}
