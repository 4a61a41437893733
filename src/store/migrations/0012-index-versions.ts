import { type Kysely, PostgresAdapter } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was (see 0010)
export async function up(db: Kysely<any>): Promise<void> {
  // A fleet's search index (issue 22): each version built by the one replica that synced, file by file, with the
  // pointer every replica watches. Used with PostgreSQL only; the embedded store keeps its index on disk alone.
  await db.schema
    .createTable('index_versions')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    /** JSON: [{ name, bytes, sha256 }] of the version's files; null while the upload is in progress. */
    .addColumn('files', 'text')
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('builder', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('index_blobs')
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('index_blobs_pk', ['version', 'file', 'seq'])
    .execute();
  // One row (id 1): the version every replica serves. Switched in one transaction once a version is complete.
  await db.schema
    .createTable('index_current')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('switched_at', 'bigint', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('index_current').execute();
  await db.schema.dropTable('index_blobs').execute();
  await db.schema.dropTable('index_versions').execute();
}
