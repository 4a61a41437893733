import type { Store } from './db.js';

/**
 * Stops of agent sessions (Slack's stop button), kept with the Slack event markers so that the replica doing the
 * work sees a stop another replica received. One row per thread; a newer stop moves its time forward.
 */
const key = (channel: string, threadTs: string) => `session-stop:${channel}:${threadTs}`;

export async function markSessionStopped(store: Store, channel: string, threadTs: string, now = Date.now()): Promise<void> {
  await store.db
    .insertInto('slack_events')
    .values({
      event_id: key(channel, threadTs),
      received_at: now,
      owner: null,
      lease_until: null,
      done_at: now,
      attempts: 1,
      body: null,
      reply_channel: null,
      reply_ts: null,
    })
    .onConflict((oc) => oc.column('event_id').doUpdateSet({ received_at: now, done_at: now }))
    .execute();
}

/** True when the thread's session was stopped at or after `since` (ms). */
export async function sessionStoppedSince(store: Store, channel: string, threadTs: string, since: number): Promise<boolean> {
  const row = await store.db
    .selectFrom('slack_events')
    .select('received_at')
    .where('event_id', '=', key(channel, threadTs))
    .executeTakeFirst();
  return row !== undefined && Number(row.received_at) >= since;
}
