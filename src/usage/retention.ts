import { sql } from 'kysely';
import type { Store } from '../store/db.js';
import { DAY_MS } from './window.js';

/** Deletes usage events older than `retentionDays`; returns how many went. */
export async function purgeUsageEvents(store: Store, retentionDays: number, now = Date.now()): Promise<number> {
  const result = await store.db
    .deleteFrom('usage_events')
    .where('ts', '<', now - retentionDays * DAY_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Refreshes the planner's statistics on usage_events. Without them SQLite would read a 90-day report through
 * the ts index, row by row (5 s instead of under 2 s for a million events; docs/benchmarks.md). PostgreSQL's
 * autovacuum does the same on its own; an explicit ANALYZE after a purge or a bulk load does no harm there.
 */
export async function analyzeUsageEvents(store: Store): Promise<void> {
  await sql`ANALYZE usage_events`.execute(store.db);
}
