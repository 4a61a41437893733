import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was, not as the types say it is now.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('slack_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('slack_events_received_at').on('slack_events').column('received_at').execute();

  await db.schema
    .createTable('usage_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('surface', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer')
    .addColumn('question', 'text')
    .addColumn('feedback', 'integer')
    .addColumn('feedback_at', 'bigint')
    .addColumn('feedback_note', 'text')
    .addColumn('handoff_opened_at', 'bigint')
    .addColumn('handoff_first_reply_at', 'bigint')
    .addColumn('handoff_resolved_at', 'bigint')
    .addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('meta', 'text')
    .execute();
  await db.schema.createIndex('usage_events_ts').on('usage_events').column('ts').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('usage_events').execute();
  await db.schema.dropTable('slack_events').execute();
}
