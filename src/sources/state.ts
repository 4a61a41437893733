import type { Store } from '../store/db.js';
import type { SourceDocumentsTable, SourceStateTable } from '../store/schema.js';
import type { KnownDocument } from './types.js';

export type DocumentRow = SourceDocumentsTable;
export type StateRow = SourceStateTable;

/** The store's view of sources: cursors, last outcomes and every document each source holds. */
export class SourceState {
  constructor(private readonly store: Store) {}

  async state(source: string): Promise<StateRow | undefined> {
    return this.store.db.selectFrom('source_state').selectAll().where('source', '=', source).executeTakeFirst();
  }

  async begin(source: string, type: string, now = Date.now()): Promise<void> {
    await this.store.db
      .insertInto('source_state')
      .values({ source, type, cursor: null, started_at: now, finished_at: null, succeeded_at: null, error: null, summary: null })
      .onConflict((oc) => oc.column('source').doUpdateSet({ type, started_at: now, finished_at: null }))
      .execute();
  }

  async checkpoint(source: string, cursor: string | null): Promise<void> {
    await this.store.db.updateTable('source_state').set({ cursor }).where('source', '=', source).execute();
  }

  async finish(source: string, outcome: { error?: string | undefined; summary: unknown }, now = Date.now()): Promise<void> {
    await this.store.db
      .updateTable('source_state')
      .set({
        finished_at: now,
        error: outcome.error ?? null,
        summary: JSON.stringify(outcome.summary),
        ...(outcome.error ? {} : { succeeded_at: now }),
      })
      .where('source', '=', source)
      .execute();
  }

  async known(source: string): Promise<Map<string, KnownDocument>> {
    const rows = await this.store.db
      .selectFrom('source_documents')
      .select(['doc_id', 'version', 'access', 'path'])
      .where('source', '=', source)
      .execute();
    return new Map(rows.map((r) => [r.doc_id, { version: r.version, access: r.access, path: r.path }]));
  }

  async upsert(row: DocumentRow): Promise<void> {
    const { source: _s, doc_id: _d, ...rest } = row;
    await this.store.db
      .insertInto('source_documents')
      .values(row)
      .onConflict((oc) => oc.columns(['source', 'doc_id']).doUpdateSet(rest))
      .execute();
  }

  async remove(source: string, docId: string): Promise<void> {
    await this.store.db.deleteFrom('source_documents').where('source', '=', source).where('doc_id', '=', docId).execute();
  }

  async documents(source: string): Promise<DocumentRow[]> {
    return this.store.db.selectFrom('source_documents').selectAll().where('source', '=', source).orderBy('title').execute();
  }
}
