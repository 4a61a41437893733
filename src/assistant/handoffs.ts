import crypto from 'node:crypto';
import type { Store } from '../store/db.js';
import type { HandoffsTable } from '../store/schema.js';

export type Handoff = HandoffsTable;

/** Stored hand-offs: opened, first human reply, resolved. The usage event carries the same stamps. */
export class HandoffStore {
  constructor(private readonly store: Store) {}

  async open(
    input: Omit<
      Handoff,
      | 'id'
      | 'opened_at'
      | 'first_reply_at'
      | 'resolved_at'
      | 'resolved_by'
      | 'post_channel'
      | 'post_ts'
      | 'lease_until'
      | 'pending'
      | 'notified_at'
      | 'failed_at'
    >,
    at = Date.now(),
  ): Promise<Handoff> {
    const row: Handoff = {
      id: crypto.randomUUID(),
      ...input,
      post_channel: null,
      post_ts: null,
      opened_at: at,
      first_reply_at: null,
      resolved_at: null,
      resolved_by: null,
      // Until the asker is told, a crash leaves it to be resumed (src/store/handoff-work.ts).
      lease_until: null,
      pending: null,
      notified_at: null,
      failed_at: null,
    };
    await this.store.db.insertInto('handoffs').values(row).execute();
    return row;
  }

  async setPost(id: string, channel: string, ts: string): Promise<void> {
    await this.store.db.updateTable('handoffs').set({ post_channel: channel, post_ts: ts }).where('id', '=', id).execute();
  }

  async get(id: string): Promise<Handoff | undefined> {
    return this.store.db.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The hand-off whose post in the team's channel is the root of this thread. */
  async byPost(channel: string, ts: string): Promise<Handoff | undefined> {
    return this.store.db
      .selectFrom('handoffs')
      .selectAll()
      .where('post_channel', '=', channel)
      .where('post_ts', '=', ts)
      .executeTakeFirst();
  }

  /** Stamps the first human reply; true only for the first one. */
  async markFirstReply(id: string, at = Date.now()): Promise<boolean> {
    const r = await this.store.db
      .updateTable('handoffs')
      .set({ first_reply_at: at })
      .where('id', '=', id)
      .where('first_reply_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Closes the hand-off; true only for the first close (two people may press the button). */
  async resolve(id: string, by: string, at = Date.now()): Promise<boolean> {
    const r = await this.store.db
      .updateTable('handoffs')
      .set({ resolved_at: at, resolved_by: by })
      .where('id', '=', id)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

export type ThreadKind = 'dm' | 'mention' | 'assistant' | 'channel';

/** Threads Kiki takes part in, so that a follow-up there needs no new mention. */
export class AskThreads {
  constructor(private readonly store: Store) {}

  async remember(channel: string, threadTs: string, kind: ThreadKind, userId?: string, at = Date.now()): Promise<void> {
    await this.store.db
      .insertInto('ask_threads')
      .values({ channel, thread_ts: threadTs, kind, user_id: userId ?? null, created_at: at })
      .onConflict((oc) => oc.columns(['channel', 'thread_ts']).doNothing())
      .execute();
  }

  async kind(channel: string, threadTs: string): Promise<ThreadKind | undefined> {
    const row = await this.store.db
      .selectFrom('ask_threads')
      .select('kind')
      .where('channel', '=', channel)
      .where('thread_ts', '=', threadTs)
      .executeTakeFirst();
    return row?.kind as ThreadKind | undefined;
  }
}
