import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import YAML from 'yaml';
import type { Config } from '../../../src/config.js';
import { RetrievalService } from '../../../src/retrieval/service.js';
import type { Asker } from '../../../src/retrieval/types.js';
import { createConnector } from '../../../src/sources/connectors/index.js';
import { ingestRoots } from '../../../src/sources/roots.js';
import type { SourceSpec } from '../../../src/sources/spec.js';
import { type SyncAllOptions, type SyncAllResult, syncAll } from '../../../src/sources/sync.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { tempDir, testConfig } from '../env.js';

export const silent = pino({ level: 'silent' });

export interface Harness {
  config: Config;
  store: Store;
  retrieval: RetrievalService;
  sync(options?: SyncAllOptions): Promise<SyncAllResult>;
  /** Which of `markers` a search as `asker` returns (each marker is one document's unique word). */
  visible(asker: Asker, markers: string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** A data folder, a store, a KIKI_SOURCES file with `sources`, and sync + search over them, HTTP retries without waiting. */
export async function harness(sources: Record<string, unknown>[], env: NodeJS.ProcessEnv = {}, databaseUrl?: string): Promise<Harness> {
  const dir = tempDir('kiki-sources-');
  const file = path.join(dir, 'sources.yml');
  fs.writeFileSync(file, YAML.stringify({ sources }));
  const config = testConfig({
    KIKI_SOURCES: file,
    KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const store = await openStore({ dataDir: config.KIKI_DATA_DIR, databaseUrl: config.DATABASE_URL });
  const retrieval = new RetrievalService(config, silent, ingestRoots(config));
  const fast = (spec: SourceSpec) => createConnector(spec, env, silent, { baseDelayMs: 1, maxDelayMs: 20 });
  return {
    config,
    store,
    retrieval,
    sync: (options = {}) =>
      syncAll({ config, store, logger: silent, env, reindex: (o) => retrieval.reindex(o) }, { connectorFor: fast, ...options }),
    async visible(asker, markers) {
      const seen: string[] = [];
      for (const m of markers) {
        const hits = await retrieval.search(m, asker, { k: 20 });
        if (hits.some((h) => `${h.text} ${h.title}`.toLowerCase().includes(m.toLowerCase()))) seen.push(m);
      }
      return seen;
    },
    async close() {
      retrieval.close();
      await store.close();
    },
  };
}
