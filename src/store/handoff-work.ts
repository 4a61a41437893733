import type { Store } from './db.js';
import type { HandoffsTable } from './schema.js';

/** What a hand-off still has to send: the post in the team's channel, then the notice to the asker. */
export interface PendingHandoff {
  post: { channel: string; text: string; blocks: unknown[] };
  notice: { text: string; blocks: unknown[] };
}

export async function saveHandoffPending(store: Store, id: string, pending: PendingHandoff, leaseUntil: number): Promise<void> {
  await store.db
    .updateTable('handoffs')
    .set({ pending: JSON.stringify(pending), lease_until: leaseUntil })
    .where('id', '=', id)
    .execute();
}

export async function markHandoffNotified(store: Store, id: string, now = Date.now()): Promise<void> {
  await store.db.updateTable('handoffs').set({ notified_at: now, pending: null }).where('id', '=', id).execute();
}

export async function markHandoffFailed(store: Store, id: string, now = Date.now()): Promise<void> {
  await store.db.updateTable('handoffs').set({ failed_at: now, pending: null }).where('id', '=', id).execute();
}

/** Hand-offs whose asker was never told (posted or not), past their claim: the process died mid-way. */
export async function unfinishedHandoffs(store: Store, leaseMs: number, now = Date.now(), limit = 20): Promise<HandoffsTable[]> {
  return store.db
    .selectFrom('handoffs')
    .selectAll()
    .where('notified_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('resolved_at', 'is', null)
    .where((eb) => eb.or([eb('lease_until', '<', now), eb.and([eb('lease_until', 'is', null), eb('opened_at', '<', now - leaseMs)])]))
    .orderBy('opened_at')
    .limit(limit)
    .execute();
}

/** Takes over a hand-off found by unfinishedHandoffs; false when another process did first. */
export async function takeOverHandoff(store: Store, row: HandoffsTable, leaseUntil: number): Promise<boolean> {
  const q = store.db.updateTable('handoffs').set({ lease_until: leaseUntil }).where('id', '=', row.id).where('notified_at', 'is', null);
  const r = await (row.lease_until === null
    ? q.where('lease_until', 'is', null)
    : q.where('lease_until', '=', row.lease_until)
  ).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
