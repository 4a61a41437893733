import { sql } from 'kysely';
import type { Store } from './db.js';
import type { SlackEventsTable } from './schema.js';

/**
 * Claims on Slack events. A claim is a lease: it lasts `leaseMs` unless its owner renews it, and it is only
 * done once the work has finished. A redelivery (Slack's retry, or the same delivery at another replica)
 * of an event that is done or still leased is skipped; one whose lease expired unfinished (its process
 * died) takes the work over. One statement does both, so two replicas never both win.
 */
export async function claimSlackEvent(
  store: Store,
  eventId: string,
  options: { owner: string; leaseMs: number; body?: string; now?: number },
): Promise<boolean> {
  return (await claimSlackEventRow(store, eventId, options)) !== undefined;
}

/**
 * A marker taken once per key (one answer per message however often it is edited, one title per thread),
 * done at once so that nobody takes it again; `owner` (the Slack event handling it) may take it again, so
 * that the same event resumed after a crash still does its work.
 */
export async function claimOnce(store: Store, key: string, owner: string): Promise<boolean> {
  if (await claimSlackEvent(store, key, { owner, leaseMs: 0 })) {
    await finishSlackEvent(store, key);
    return true;
  }
  const row = await store.db.selectFrom('slack_events').select('owner').where('event_id', '=', key).executeTakeFirst();
  return row?.owner === owner;
}

/** As claimSlackEvent, with the claimed row (its reply so far, when the claim was taken over). */
export async function claimSlackEventRow(
  store: Store,
  eventId: string,
  options: { owner: string; leaseMs: number; body?: string; now?: number },
): Promise<Pick<SlackEventsTable, 'attempts' | 'reply_channel' | 'reply_ts'> | undefined> {
  const now = options.now ?? Date.now();
  const until = now + options.leaseMs;
  const result = await store.db
    .insertInto('slack_events')
    .values({
      event_id: eventId,
      received_at: now,
      owner: options.owner,
      lease_until: until,
      done_at: null,
      attempts: 1,
      body: options.body ?? null,
      reply_channel: null,
      reply_ts: null,
    })
    .onConflict((oc) =>
      oc
        .column('event_id')
        .doUpdateSet({ owner: options.owner, lease_until: until, attempts: sql`slack_events.attempts + 1` })
        .where('slack_events.done_at', 'is', null)
        .where('slack_events.lease_until', '<', now),
    )
    .returning(['attempts', 'reply_channel', 'reply_ts'])
    .executeTakeFirst();
  return result;
}

/** Takes over an expired, unfinished claim (the recovery sweep); false if someone else did first. */
export async function takeOverSlackEvent(
  store: Store,
  row: Pick<SlackEventsTable, 'event_id' | 'lease_until'>,
  owner: string,
  leaseMs: number,
  now = Date.now(),
): Promise<boolean> {
  const r = await store.db
    .updateTable('slack_events')
    .set({ owner, lease_until: now + leaseMs, attempts: sql`attempts + 1` })
    .where('event_id', '=', row.event_id)
    .where('done_at', 'is', null)
    .where('lease_until', '=', row.lease_until)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function renewSlackEvent(store: Store, eventId: string, owner: string, leaseMs: number, now = Date.now()): Promise<void> {
  await store.db
    .updateTable('slack_events')
    .set({ lease_until: now + leaseMs })
    .where('event_id', '=', eventId)
    .where('owner', '=', owner)
    .where('done_at', 'is', null)
    .execute();
}

export async function finishSlackEvent(store: Store, eventId: string, now = Date.now()): Promise<void> {
  await store.db.updateTable('slack_events').set({ done_at: now, body: null }).where('event_id', '=', eventId).execute();
}

export async function noteSlackReply(store: Store, eventId: string, channel: string, ts: string): Promise<void> {
  await store.db
    .updateTable('slack_events')
    .set({ reply_channel: channel, reply_ts: ts })
    .where('event_id', '=', eventId)
    .where('reply_ts', 'is', null)
    .execute();
}

export async function slackEvent(store: Store, eventId: string): Promise<SlackEventsTable | undefined> {
  return store.db.selectFrom('slack_events').selectAll().where('event_id', '=', eventId).executeTakeFirst();
}

/** Unfinished events whose claim expired: their process died mid-work. */
export async function expiredSlackEvents(store: Store, now = Date.now(), limit = 20): Promise<SlackEventsTable[]> {
  return store.db
    .selectFrom('slack_events')
    .selectAll()
    .where('done_at', 'is', null)
    .where('lease_until', '<', now)
    .orderBy('received_at')
    .limit(limit)
    .execute();
}

/** How long event ids and per-message markers are kept. Slack retries for about an hour: a day is plenty. */
export const SLACK_EVENT_RETENTION_MS = 24 * 3600_000;

/** Slack retries for about an hour; a day of ids is plenty to recognise a retry. */
export async function purgeSlackEvents(store: Store, olderThanMs = SLACK_EVENT_RETENTION_MS, now = Date.now()): Promise<number> {
  const result = await store.db
    .deleteFrom('slack_events')
    .where('received_at', '<', now - olderThanMs)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
