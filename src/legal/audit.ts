import type { Store } from '../store/db.js';

export interface DraftRecord {
  id: string;
  ts: number;
  userId: string;
  surface: string;
  templateId: string;
  templateVersion: string;
  valuesHash: string;
  clauses: string[];
}

/** The audit trail of drafts: who drafted which template version from which values (a hash, not the values). */
export async function recordDraft(store: Store, r: DraftRecord): Promise<void> {
  await store.db
    .insertInto('contract_drafts')
    .values({
      id: r.id,
      ts: r.ts,
      user_id: r.userId,
      surface: r.surface,
      template_id: r.templateId,
      template_version: r.templateVersion,
      values_hash: r.valuesHash,
      clauses: JSON.stringify(r.clauses),
    })
    .execute();
}

export async function listDrafts(store: Store, limit = 50): Promise<DraftRecord[]> {
  const rows = await store.db.selectFrom('contract_drafts').selectAll().orderBy('ts', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    ts: Number(r.ts),
    userId: r.user_id,
    surface: r.surface,
    templateId: r.template_id,
    templateVersion: r.template_version,
    valuesHash: r.values_hash,
    clauses: JSON.parse(r.clauses) as string[],
  }));
}
