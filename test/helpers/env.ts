import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Config, loadConfig } from '../../src/config.js';

const created: string[] = [];
let cleanupRegistered = false;

/**
 * A temporary folder, removed when the test process exits (each test file runs in its own fork, so that is
 * after the file: servers and child processes using the folder are closed by then).
 */
export function tempDir(prefix = 'kiki-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.on('exit', () => {
      for (const d of created) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** A config for tests: a fresh data dir, SQLite unless `withPostgres` is asked and DATABASE_URL is set. */
export function testConfig(overrides: Record<string, string | undefined> = {}, options: { withPostgres?: boolean } = {}): Config {
  const env: Record<string, string | undefined> = {
    KIKI_DATA_DIR: tempDir(),
    LOG_LEVEL: 'silent',
    ...(options.withPostgres && process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...overrides,
  };
  return loadConfig(env);
}

/** The engines the store tests run against: SQLite always, PostgreSQL when DATABASE_URL is set (CI sets it). */
export const storeEngines: { name: string; databaseUrl?: string }[] = [
  { name: 'sqlite' },
  ...(process.env.DATABASE_URL ? [{ name: 'postgres', databaseUrl: process.env.DATABASE_URL }] : []),
];
