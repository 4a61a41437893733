import type { Config } from '../config.js';
import { CliUsageError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { IngestOptions, IngestSummary } from '../retrieval/ingest.js';
import type { Store } from '../store/db.js';
import { type SourceSyncSummary, type SyncDeps, type SyncProgress, syncSource } from './engine.js';
import { loadSources, type SourceSpec } from './spec.js';

export interface SyncAllOptions {
  only?: string | undefined;
  full?: boolean;
  onProgress?: (p: SyncProgress) => void;
  onIngestProgress?: IngestOptions['onProgress'];
  connectorFor?: SyncDeps['connectorFor'];
}

export interface SyncAllResult {
  sources: SourceSyncSummary[];
  ingest: IngestSummary;
}

export interface SyncAllDeps {
  config: Config;
  store: Store;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** Re-indexes every source's folder and swaps the new index in (the retrieval service's ingest). */
  reindex: (options: IngestOptions) => Promise<IngestSummary>;
  /** Runs the whole sync as the fleet's one syncing replica (RetrievalService.exclusive); unset: just runs it. */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** Syncs the sources (one, or all) and then re-indexes, so that removals and new restrictions take effect in the same run. */
export async function syncAll(deps: SyncAllDeps, options: SyncAllOptions = {}): Promise<SyncAllResult> {
  return deps.exclusive ? deps.exclusive(() => syncLocked(deps, options)) : syncLocked(deps, options);
}

async function syncLocked(deps: SyncAllDeps, options: SyncAllOptions): Promise<SyncAllResult> {
  const all = loadSources(deps.config.KIKI_SOURCES, deps.config.KNOWLEDGE_DIR);
  let chosen: SourceSpec[] = all;
  if (options.only) {
    chosen = all.filter((s) => s.name === options.only);
    if (!chosen.length) throw new CliUsageError(`no source is named "${options.only}" (sources: ${all.map((s) => s.name).join(', ')})`);
  }
  const summaries: SourceSyncSummary[] = [];
  for (const spec of chosen) {
    summaries.push(
      await syncSource(spec, {
        config: deps.config,
        store: deps.store,
        logger: deps.logger,
        env: deps.env,
        ...(options.full ? { full: true } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.connectorFor ? { connectorFor: options.connectorFor } : {}),
      }),
    );
  }
  const ingest = await deps.reindex({
    ...(options.full ? { full: true } : {}),
    ...(options.onIngestProgress ? { onProgress: options.onIngestProgress } : {}),
  });
  return { sources: summaries, ingest };
}
