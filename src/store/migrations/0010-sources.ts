import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they run against the schema as it was, not as the types say it is now.
// biome-ignore lint/suspicious/noExplicitAny: see above
export async function up(db: Kysely<any>): Promise<void> {
  // One row per configured knowledge source: its cursor (where the next sync resumes) and last outcome.
  await db.schema
    .createTable('source_state')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('succeeded_at', 'bigint')
    .addColumn('error', 'text')
    /** JSON of the last sync's counts (fetched, unchanged, removed, requests…). */
    .addColumn('summary', 'text')
    .execute();
  // One row per document a source holds (visible or not): what was fetched, where it was written, who may read it.
  await db.schema
    .createTable('source_documents')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('version', 'text', (c) => c.notNull())
    /** Where the document was written under the source's folder; null when it is not indexed (visible to nobody, or failed). */
    .addColumn('path', 'text')
    /** everyone | groups:A,B | nobody */
    .addColumn('access', 'text', (c) => c.notNull())
    /** JSON array of the source's principals that no mapping names. */
    .addColumn('unmapped', 'text')
    .addColumn('error', 'text')
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('source_documents_pk', ['source', 'doc_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('source_documents').execute();
  await db.schema.dropTable('source_state').execute();
}
