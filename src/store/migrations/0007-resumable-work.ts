import { type Kysely, sql } from 'kysely';

// Claims that expire (issue 12, defect 6): an event or hand-off whose work did not finish is resumed.
// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was (see 0001)
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of [
    ['owner', 'text'],
    ['lease_until', 'bigint'],
    ['done_at', 'bigint'],
    ['attempts', 'integer'],
    ['body', 'text'],
    ['reply_channel', 'text'],
    ['reply_ts', 'text'],
  ] as const) {
    await db.schema.alterTable('slack_events').addColumn(name, type).execute();
  }
  // Events recorded before this migration were handled by the old rule: done.
  await sql`update slack_events set done_at = received_at, attempts = 1`.execute(db);
  await db.schema.createIndex('slack_events_pending').on('slack_events').columns(['done_at', 'lease_until']).execute();

  for (const [name, type] of [
    ['lease_until', 'bigint'],
    ['pending', 'text'],
    ['notified_at', 'bigint'],
    ['failed_at', 'bigint'],
  ] as const) {
    await db.schema.alterTable('handoffs').addColumn(name, type).execute();
  }
  await sql`update handoffs set notified_at = opened_at`.execute(db);
  await db.schema.createIndex('handoffs_unfinished').on('handoffs').columns(['notified_at', 'lease_until']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('handoffs_unfinished').execute();
  for (const name of ['lease_until', 'pending', 'notified_at', 'failed_at'])
    await db.schema.alterTable('handoffs').dropColumn(name).execute();
  await db.schema.dropIndex('slack_events_pending').execute();
  for (const name of ['owner', 'lease_until', 'done_at', 'attempts', 'body', 'reply_channel', 'reply_ts']) {
    await db.schema.alterTable('slack_events').dropColumn(name).execute();
  }
}
