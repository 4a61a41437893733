import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Config } from '../../../src/config.js';
import type { Logger } from '../../../src/logger.js';
import { EVERYONE } from '../../../src/retrieval/types.js';
import { type CoreServices, createCoreServices } from '../../../src/services.js';
import { createConnector } from '../../../src/sources/connectors/index.js';
import type { SourceSpec } from '../../../src/sources/spec.js';
import { type SyncAllOptions, type SyncAllResult, syncAll } from '../../../src/sources/sync.js';
import { tempDir, testConfig } from '../env.js';
import { silent } from './harness.js';

/** One replica of a fleet: its own data folder, the shared database, the services `kiki start` builds. */
export interface Replica {
  config: Config;
  services: CoreServices;
  sync(options?: SyncAllOptions): Promise<SyncAllResult>;
  /** Which of `markers` a search as everyone finds (each marker is one document's unique word). */
  visible(markers: string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** Writes a KIKI_SOURCES file for the replicas to share. */
export function sourcesFile(sources: Record<string, unknown>[]): string {
  const dir = tempDir('kiki-fleet-');
  const file = path.join(dir, 'sources.yml');
  fs.writeFileSync(file, YAML.stringify({ sources }));
  fs.mkdirSync(path.join(dir, 'knowledge'));
  return file;
}

export async function replica(
  file: string,
  databaseUrl: string,
  env: NodeJS.ProcessEnv,
  watchSeconds = 1,
  logger: Logger = silent,
): Promise<Replica> {
  const config = testConfig({
    KIKI_SOURCES: file,
    KNOWLEDGE_DIR: path.join(path.dirname(file), 'knowledge'),
    DATABASE_URL: databaseUrl,
    KIKI_INDEX_WATCH_SECONDS: String(watchSeconds),
  });
  const services = await createCoreServices(config, logger);
  const fast = (spec: SourceSpec) => createConnector(spec, env, silent, { baseDelayMs: 1, maxDelayMs: 20 });
  const { store, retrieval } = services;
  return {
    config,
    services,
    sync: (options = {}) =>
      syncAll(
        { config, store, logger: silent, env, reindex: (o) => retrieval.reindex(o), exclusive: (w) => retrieval.exclusive(w) },
        { connectorFor: fast, ...options },
      ),
    async visible(markers) {
      const seen: string[] = [];
      for (const m of markers) {
        const hits = await retrieval.search(m, EVERYONE, { k: 20 });
        if (hits.some((h) => `${h.text} ${h.title}`.toLowerCase().includes(m.toLowerCase()))) seen.push(m);
      }
      return seen;
    },
    close: () => services.close(),
  };
}

/** Polls until `check` holds, returning the milliseconds it took; throws past `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, stepMs = 25): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await check()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
