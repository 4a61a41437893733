import { freshPostgres } from '../../scripts/lib/postgres.js';
import { openStore, type Store } from '../../src/store/db.js';
import { tempDir } from './env.js';

export { freshPostgres };

/**
 * A migrated store for a test: SQLite in a temp folder, or a fresh PostgreSQL database when databaseUrl is
 * set. What to undo is pushed on `cleanups`; run it in reverse order after the tests.
 */
export async function openTestStore(databaseUrl: string | undefined, cleanups: (() => Promise<void>)[]): Promise<Store> {
  let url: string | undefined;
  if (databaseUrl) {
    const db = await freshPostgres(databaseUrl);
    cleanups.push(db.drop);
    url = db.url;
  }
  const store = await openStore({ dataDir: tempDir(), databaseUrl: url });
  cleanups.push(() => store.close());
  return store;
}
