import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was, not as the types say it is now.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  // One row per sentiment report posted in Slack: what was scored, so that a correction recomputes it.
  await db.schema
    .createTable('sentiment_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text')
    .addColumn('message_ts', 'text')
    .addColumn('brand_terms', 'text', (c) => c.notNull())
    /** JSON: the scored articles (with their text) and the sources that could not be read. */
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  // A person's label for one article of a report (the latest one counts): a correction when it differs
  // from Kiki's, a confirmation when it agrees. Exported as labelled data by `kiki sentiment corrections --export`.
  await db.schema
    .createTable('sentiment_corrections')
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('article_index', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('scorer', 'text', (c) => c.notNull())
    .addColumn('scored_label', 'text', (c) => c.notNull())
    .addColumn('scored_confidence', 'real', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('in_sample', 'integer', (c) => c.notNull())
    .addColumn('corrected_by', 'text', (c) => c.notNull())
    .addColumn('corrected_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sentiment_corrections_pk', ['report_id', 'article_index'])
    .execute();
  await db.schema.createIndex('sentiment_corrections_at').on('sentiment_corrections').column('corrected_at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sentiment_corrections').execute();
  await db.schema.dropTable('sentiment_reports').execute();
}
