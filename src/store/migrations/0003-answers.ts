import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was (see 0001)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('usage_event_id', 'text', (c) => c.notNull())
    .addColumn('answer_event_id', 'text')
    .addColumn('asker_id', 'text', (c) => c.notNull())
    .addColumn('asker_channel', 'text', (c) => c.notNull())
    .addColumn('asker_thread_ts', 'text')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('route_channel', 'text', (c) => c.notNull())
    .addColumn('post_channel', 'text')
    .addColumn('post_ts', 'text')
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('first_reply_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema.createIndex('handoffs_post').on('handoffs').columns(['post_channel', 'post_ts']).execute();
  await db.schema.createIndex('handoffs_opened_at').on('handoffs').column('opened_at').execute();

  // Threads Kiki answered in: a later message there is a follow-up, answered without a new mention.
  await db.schema
    .createTable('ask_threads')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('thread_ts', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ask_threads_pk', ['channel', 'thread_ts'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ask_threads').execute();
  await db.schema.dropTable('handoffs').execute();
}
