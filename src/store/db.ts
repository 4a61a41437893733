import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { StoreUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for messages: a file path, or the database URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  logger?: Logger;
}

const INT8_OID = 20;

/** Opens the store (SQLite under dataDir, or PostgreSQL when databaseUrl is set) and migrates it. */
export async function openStore(options: StoreOptions): Promise<Store> {
  // pg is loaded only for PostgreSQL: a SQLite process (the CLI, the sandbox) does not pay ~100 ms for it.
  const store = options.databaseUrl
    ? openPostgres((await import('pg')).default, options.databaseUrl, options.logger)
    : openSqlite(options.dataDir);
  try {
    await migrate(store.db, options.logger);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openSqlite(dataDir: string): Store {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'kiki.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

function openPostgres(pg: typeof import('pg').default, url: string, logger?: Logger): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint columns hold millisecond timestamps and counts, all well inside Number's safe range.
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
  // replaces it on the next query.
  pool.on('error', (error) => logger?.warn({ err: error }, 'PostgreSQL connection lost; it will be replaced'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return { db, dialect: 'postgres', location: safe.toString(), close: () => db.destroy() };
}

async function migrate(db: Kysely<Database>, logger?: Logger): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger?.info({ migration: r.migrationName }, 'store migrated');
    if (r.status === 'Error') logger?.error({ migration: r.migrationName }, 'store migration failed');
  }
  if (error)
    throw new StoreUnavailableError('The store could not be migrated; the failed migration is named in the log.', { cause: error });
}
