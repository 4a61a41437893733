import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { ErrorCode, KikiError } from '../errors.js';
import type { Store } from '../store/db.js';
import { sourceDir } from './materialise.js';

/** How many documents the store says the sources hold in a file that this machine's data folder lacks. */
export async function missingLocalCopies(store: Store, dataDir: string): Promise<number> {
  const rows = await store.db.selectFrom('source_documents').select(['source', 'path']).where('path', 'is not', null).execute();
  return rows.filter((r) => r.path && !fs.existsSync(path.join(sourceDir(dataDir, r.source), r.path))).length;
}

/**
 * In a fleet, a re-index outside a sync (`kiki ingest`, /kiki reindex) on a replica that did not run the last
 * sync would publish an index without the documents the other replica fetched: refused, `kiki sync` fetches them.
 */
export async function requireLocalCopies(store: Store, config: Pick<Config, 'KIKI_DATA_DIR'>): Promise<void> {
  const missing = await missingLocalCopies(store, config.KIKI_DATA_DIR);
  if (missing > 0)
    throw new KikiError(
      ErrorCode.InvalidInput,
      `this replica lacks ${missing} document(s) another replica synced from the sources; run "kiki sync" here instead (it fetches them), or let the scheduled sync re-index`,
    );
}
