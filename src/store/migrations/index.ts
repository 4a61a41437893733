import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0003 from './0003-answers.js';
import * as m0004 from './0004-contracts.js';
import * as m0006 from './0006-usage.js';
import * as m0007 from './0007-resumable-work.js';
import * as m0008 from './0008-verified-answers.js';
import * as m0009 from './0009-sentiment-corrections.js';
import * as m0010 from './0010-sources.js';
import * as m0011 from './0011-channel-answers.js';
import * as m0012 from './0012-index-versions.js';

/** Every migration, in order. Add new ones at the end with the next number; never edit a shipped one. */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0003-answers': m0003,
  '0004-contracts': m0004,
  '0006-usage': m0006,
  '0007-resumable-work': m0007,
  '0008-verified-answers': m0008,
  '0009-sentiment-corrections': m0009,
  '0010-sources': m0010,
  '0011-channel-answers': m0011,
  '0012-index-versions': m0012,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
