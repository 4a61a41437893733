import crypto from 'node:crypto';
import type { Store } from '../store/db.js';
import type { VerifiedAnswersTable, VerifiedAnswerVersionsTable } from '../store/schema.js';
import {
  DAY_MS,
  type VerifiedAnswer,
  type VerifiedChange,
  type VerifiedDraft,
  type VerifiedStatus,
  type VerifiedVersion,
} from './types.js';

/** Verified answers in the store; every change writes the new state as a version (who, when, what) in one transaction. */
export class VerifiedStore {
  constructor(private readonly store: Store) {}

  async create(draft: VerifiedDraft, by: string, change: VerifiedChange = 'created', at = Date.now()): Promise<VerifiedAnswer> {
    const [created] = await this.createMany([draft], by, change, at);
    if (!created) throw new Error('verified answer not created');
    return created;
  }

  /** All or nothing: an import with one bad row leaves the store as it was. */
  async createMany(drafts: VerifiedDraft[], by: string, change: VerifiedChange, at = Date.now()): Promise<VerifiedAnswer[]> {
    // One millisecond apart: a list shows an imported FAQ in the file's order (ids are random).
    const rows: VerifiedAnswersTable[] = drafts.map((d, i) => ({
      id: crypto.randomUUID(),
      question: d.question,
      answer: d.answer,
      team: d.team,
      visible_to: d.visibleTo?.length ? JSON.stringify(d.visibleTo) : null,
      review_days: d.reviewDays,
      sources: d.sources?.length ? JSON.stringify(d.sources) : null,
      status: 'active',
      version: 1,
      verified_by: by,
      verified_at: at,
      review_due_at: at + d.reviewDays * DAY_MS,
      review_notified_at: null,
      handoff_id: d.handoffId ?? null,
      created_at: at + i,
    }));
    await this.store.db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await trx.insertInto('verified_answers').values(row).execute();
        await trx
          .insertInto('verified_answer_versions')
          .values(versionRow(row, change, by, at))
          .execute();
      }
    });
    return rows.map(fromRow);
  }

  /** Applies a change to the current version; undefined if the answer is unknown. */
  async update(
    id: string,
    change: Exclude<VerifiedChange, 'created' | 'imported'>,
    by: string,
    patch: Partial<Pick<VerifiedDraft, 'question' | 'answer' | 'visibleTo' | 'reviewDays'>> = {},
    at = Date.now(),
  ): Promise<VerifiedAnswer | undefined> {
    return this.store.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('verified_answers').selectAll().where('id', '=', id).executeTakeFirst();
      if (!current) return undefined;
      const next: VerifiedAnswersTable = { ...current, version: current.version + 1 };
      if (patch.question !== undefined) next.question = patch.question;
      if (patch.answer !== undefined) next.answer = patch.answer;
      if (patch.visibleTo !== undefined) next.visible_to = patch.visibleTo.length ? JSON.stringify(patch.visibleTo) : null;
      if (patch.reviewDays !== undefined) next.review_days = patch.reviewDays;
      if (change === 'retired') next.status = 'retired';
      else {
        // Editing or confirming is a fresh verification by that person.
        next.status = 'active';
        next.verified_by = by;
        next.verified_at = at;
        next.review_due_at = at + next.review_days * DAY_MS;
        next.review_notified_at = null;
      }
      await trx.updateTable('verified_answers').set(withoutId(next)).where('id', '=', id).execute();
      await trx
        .insertInto('verified_answer_versions')
        .values(versionRow(next, change, by, at))
        .execute();
      return fromRow(next);
    });
  }

  async get(id: string): Promise<VerifiedAnswer | undefined> {
    const row = await this.store.db.selectFrom('verified_answers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async list(filter: { status?: VerifiedStatus; teams?: string[] } = {}): Promise<VerifiedAnswer[]> {
    let q = this.store.db.selectFrom('verified_answers').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.teams) {
      if (filter.teams.length === 0) return [];
      q = q.where('team', 'in', filter.teams);
    }
    const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map(fromRow);
  }

  async versions(id: string): Promise<VerifiedVersion[]> {
    const rows = await this.store.db
      .selectFrom('verified_answer_versions')
      .selectAll()
      .where('answer_id', '=', id)
      .orderBy('version', 'asc')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      change: r.change as VerifiedChange,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
      question: r.question,
      answer: r.answer,
      team: r.team,
      ...(r.visible_to ? { visibleTo: JSON.parse(r.visible_to) as string[] } : {}),
      reviewDays: r.review_days,
      status: r.status as VerifiedStatus,
    }));
  }

  /** Active answers past their review date whose verifier has not been told yet. */
  async dueUnnotified(now = Date.now()): Promise<VerifiedAnswer[]> {
    const rows = await this.store.db
      .selectFrom('verified_answers')
      .selectAll()
      .where('status', '=', 'active')
      .where('review_due_at', '<=', now)
      .where('review_notified_at', 'is', null)
      .execute();
    return rows.map(fromRow);
  }

  /** Claims the review DM for one answer; true only for the first claimer (several replicas may run the job). */
  async claimReviewNotice(id: string, at = Date.now()): Promise<boolean> {
    const r = await this.store.db
      .updateTable('verified_answers')
      .set({ review_notified_at: at })
      .where('id', '=', id)
      .where('review_notified_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

function versionRow(row: VerifiedAnswersTable, change: VerifiedChange, by: string, at: number): VerifiedAnswerVersionsTable {
  return {
    answer_id: row.id,
    version: row.version,
    change,
    changed_by: by,
    changed_at: at,
    question: row.question,
    answer: row.answer,
    team: row.team,
    visible_to: row.visible_to,
    review_days: row.review_days,
    status: row.status,
  };
}

function fromRow(r: VerifiedAnswersTable): VerifiedAnswer {
  return {
    id: r.id,
    question: r.question,
    answer: r.answer,
    team: r.team,
    ...(r.visible_to ? { visibleTo: JSON.parse(r.visible_to) as string[] } : {}),
    reviewDays: r.review_days,
    sources: r.sources ? JSON.parse(r.sources) : [],
    status: r.status as VerifiedStatus,
    version: r.version,
    verifiedBy: r.verified_by,
    verifiedAt: r.verified_at,
    reviewDueAt: r.review_due_at,
    ...(r.review_notified_at !== null ? { reviewNotifiedAt: r.review_notified_at } : {}),
    ...(r.handoff_id ? { handoffId: r.handoff_id } : {}),
    createdAt: r.created_at,
  };
}

/** The row's columns without its key, for an update (the id is never rewritten). */
function withoutId(row: VerifiedAnswersTable): Omit<VerifiedAnswersTable, 'id'> {
  const { id: _id, ...rest } = row;
  return rest;
}
