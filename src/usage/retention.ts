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
