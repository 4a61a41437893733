import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contract_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('surface', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_version', 'text', (c) => c.notNull())
    .addColumn('values_hash', 'text', (c) => c.notNull())
    .addColumn('clauses', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contract_drafts_ts').on('contract_drafts').column('ts').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contract_drafts').execute();
}
