import crypto from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.js';
import { tempDir } from './env.js';

/**
 * A new, empty PostgreSQL database on the server named by DATABASE_URL, so test files running in
 * parallel never see each other's rows. Returns its URL and a function that drops it.
 */
export async function freshPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kiki_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

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
