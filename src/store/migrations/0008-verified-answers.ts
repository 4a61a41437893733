import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was (see 0001)
export async function up(db: Kysely<any>): Promise<void> {
  // Verified answers (issue 14): the current state of each answer; every change is also a row of
  // verified_answer_versions (who, when, what), so the history is never lost.
  await db.schema
    .createTable('verified_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('visible_to', 'text')
    .addColumn('review_days', 'integer', (c) => c.notNull())
    .addColumn('sources', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('verified_by', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'bigint', (c) => c.notNull())
    .addColumn('review_due_at', 'bigint', (c) => c.notNull())
    .addColumn('review_notified_at', 'bigint')
    .addColumn('handoff_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('verified_answers_team').on('verified_answers').columns(['team', 'status']).execute();
  await db.schema.createIndex('verified_answers_due').on('verified_answers').columns(['status', 'review_due_at']).execute();

  await db.schema
    .createTable('verified_answer_versions')
    .addColumn('answer_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('visible_to', 'text')
    .addColumn('review_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('verified_answer_versions_pk', ['answer_id', 'version'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('verified_answer_versions').execute();
  await db.schema.dropTable('verified_answers').execute();
}
