import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../../config.js';
import type { SourceSyncSummary, SyncProgress } from '../../sources/engine.js';
import { cliConfig, cliLogger, openServices } from '../context.js';
import { formatSummary } from './ingest.js';

export function registerSources(program: Command): void {
  program
    .command('sources')
    .description('List the knowledge sources (KIKI_SOURCES) with their last sync, document counts and errors')
    .option('--json', 'print JSON')
    .option('--access', 'also list the permissions no mapping names (documents visible to nobody until mapped)')
    .action(async (opts: { json?: boolean; access?: boolean }) => {
      const config = cliConfig();
      const [{ loadSources }, { sourceStatuses, formatStatuses }, { openStore }] = await Promise.all([
        import('../../sources/spec.js'),
        import('../../sources/report.js'),
        import('../../store/db.js'),
      ]);
      const sources = loadSources(config.KIKI_SOURCES, config.KNOWLEDGE_DIR);
      const store = await openStore({ dataDir: config.KIKI_DATA_DIR, databaseUrl: config.DATABASE_URL });
      try {
        const list = await sourceStatuses(store, sources, opts.access ?? false, await searchInfo(config, sources));
        process.stdout.write(opts.json ? `${JSON.stringify(list)}\n` : formatStatuses(list));
      } finally {
        await store.close();
      }
    });
}

/** assistant.search.info with the bot token, only when a slack-search source is configured and a token is set. */
async function searchInfo(config: Config, sources: { type: string }[]): Promise<(() => Promise<unknown>) | undefined> {
  if (!config.SLACK_BOT_TOKEN || !sources.some((s) => s.type === 'slack-search')) return undefined;
  const [{ WebClient }, { slackClientOptions }] = await Promise.all([import('@slack/web-api'), import('../../slack/slack-calls.js')]);
  const client = new WebClient(config.SLACK_BOT_TOKEN, { ...slackClientOptions(config), retryConfig: { retries: 0 } });
  return () => client.apiCall('assistant.search.info');
}

export function registerSync(program: Command): void {
  program
    .command('sync [name]')
    .description('Sync the knowledge sources (or one), then re-index: only what changed is fetched')
    .option('--full', 'fetch everything again and rebuild the index')
    .option('--json', 'print the summary as JSON')
    .action(async (name: string | undefined, opts: { full?: boolean; json?: boolean }) => {
      const config = cliConfig();
      const services = await openServices(config, cliLogger(config));
      const { syncAll } = await import('../../sources/sync.js');
      const bar = progressBar();
      try {
        const result = await syncAll(
          {
            config,
            store: services.store,
            logger: services.logger,
            env: process.env,
            reindex: (o) => services.retrieval.ingest(o),
            exclusive: (work) => services.retrieval.exclusive(work),
          },
          { only: name, ...(opts.full ? { full: true } : {}), onProgress: bar.update },
        );
        bar.stop();
        process.stdout.write(
          opts.json ? `${JSON.stringify(result)}\n` : `${result.sources.map(formatSource).join('')}${formatSummary(result.ingest)}`,
        );
        if (result.sources.some((s) => s.error)) process.exitCode = 1;
      } finally {
        bar.stop();
        await services.close();
      }
    });
}

function formatSource(s: SourceSyncSummary): string {
  const lines = [`${s.source} (${s.type})`];
  if (s.note) lines.push(`  ${s.note}`);
  else {
    lines.push(
      `  fetched ${s.fetched}, unchanged ${s.unchanged}, removed ${s.removed}, visible to nobody ${s.hidden}, failed ${s.failed.length}`,
    );
    lines.push(`  requests ${s.requests} (${s.rateLimited} rate-limited, ${s.retries} retried), ${s.seconds.toFixed(1)} s`);
    for (const f of s.failed.slice(0, 20)) lines.push(`    - ${f.title}: ${f.reason}`);
  }
  if (s.error) lines.push(`  error: ${s.error}`);
  return `${lines.join('\n')}\n`;
}

/** A bar per source on a terminal; nothing otherwise (the summary says it all). */
function progressBar(): { update: (p: SyncProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: 'Syncing {source} [{bar}] {value}/{total}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let current = '';
  return {
    update: (p) => {
      if (p.source !== current) {
        if (current) bar.stop();
        current = p.source;
        bar.start(Math.max(p.total, 1), p.done, { source: p.source });
      }
      bar.setTotal(Math.max(p.total, 1));
      bar.update(p.done, { source: p.source });
    },
    stop: () => {
      if (current) bar.stop();
      current = '';
    },
  };
}
