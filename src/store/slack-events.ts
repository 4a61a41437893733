import type { Store } from './db.js';

/**
 * Records a Slack event id before it is acted on. Returns false when the id was already claimed, by this
 * process or another replica sharing the database: the caller then acknowledges and skips the delivery.
 */
export async function claimSlackEvent(store: Store, eventId: string, now = Date.now()): Promise<boolean> {
  const result = await store.db
    .insertInto('slack_events')
    .values({ event_id: eventId, received_at: now })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Slack retries for about an hour; a day of ids is plenty to recognise a retry. */
export async function purgeSlackEvents(store: Store, olderThanMs = 24 * 3600_000, now = Date.now()): Promise<number> {
  const result = await store.db
    .deleteFrom('slack_events')
    .where('received_at', '<', now - olderThanMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
