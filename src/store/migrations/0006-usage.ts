import { type Kysely, sql } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was, not as the types say it is now.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  // One row per scheduled run of a job (digest, purge): the replica whose insert wins runs it.
  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('status', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'slot'])
    .execute();
  await createReportIndexes(db);
}

/**
 * Covering indexes in the order the adoption report groups by, so both engines aggregate a 90-day window
 * by streaming one index instead of sorting every event (see docs/benchmarks.md, "Usage reports").
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function createReportIndexes(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('usage_events_dept_feature')
    .on('usage_events')
    .columns(['department', 'feature', 'ts', 'outcome', 'feedback', 'handoff_opened_at', 'demo'])
    .execute();
  await db.schema.createIndex('usage_events_dept_user').on('usage_events').columns(['department', 'user_id', 'ts', 'feature']).execute();
  // Only the few events a human replied to: the median time to first reply reads these alone.
  await db.schema
    .createIndex('usage_events_handoffs')
    .on('usage_events')
    .columns(['ts', 'department', 'handoff_opened_at', 'handoff_first_reply_at'])
    .where(sql.ref('handoff_first_reply_at'), 'is not', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function dropReportIndexes(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('usage_events_dept_feature').ifExists().execute();
  await db.schema.dropIndex('usage_events_dept_user').ifExists().execute();
  await db.schema.dropIndex('usage_events_handoffs').ifExists().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await dropReportIndexes(db);
  await db.schema.dropTable('job_runs').execute();
}
