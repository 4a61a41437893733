import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was, not as the types say it is now.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  // Channels an admin opted in to auto-answer (issue 23), with their settings; every replica reads them here.
  await db.schema
    .createTable('channel_answers')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('questions_only', 'integer', (c) => c.notNull())
    .addColumn('only_tagged', 'integer', (c) => c.notNull())
    /** thread or ephemeral */
    .addColumn('reply', 'text', (c) => c.notNull())
    /** JSON array of departments whose members are answered; null: everyone. */
    .addColumn('teams', 'text')
    .addColumn('handoff_team', 'text')
    .addColumn('daily_cap', 'integer')
    /** 1: answer in a channel shared with another organisation, from public documents only. */
    .addColumn('allow_external', 'integer', (c) => c.notNull())
    .addColumn('enabled_by', 'text', (c) => c.notNull())
    .addColumn('enabled_at', 'bigint', (c) => c.notNull())
    .execute();
  // Answers given per channel and UTC day, counted in one statement so that the cap holds across replicas.
  await db.schema
    .createTable('channel_answer_days')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_answer_days_pk', ['channel_id', 'day'])
    .execute();
  // The channel a person is looking at beside Kiki's Messages tab (app_context_changed), for routing.
  await db.schema
    .createTable('viewing_contexts')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('viewing_contexts').execute();
  await db.schema.dropTable('channel_answer_days').execute();
  await db.schema.dropTable('channel_answers').execute();
}
