import crypto from 'node:crypto';
import type { Config } from '../config.js';
import type { Directory } from '../directory.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';

export type Feature = 'ask' | 'contract' | 'sentiment' | 'report' | 'home';
export type Surface = 'dm' | 'mention' | 'assistant' | 'command' | 'home' | 'modal' | 'cli' | 'channel' | 'agent';
export type Outcome = 'answered' | 'not_found' | 'error' | 'handed_off' | 'refused' | 'completed' | 'stopped';

export interface UsageEventInput {
  /** What happened, e.g. "ask.answered", "contract.drafted", "sentiment.report". */
  name: string;
  userId: string;
  feature: Feature;
  surface: Surface;
  outcome: Outcome;
  latencyMs?: number;
  /** Kept only when KIKI_STORE_QUESTIONS=true. */
  question?: string;
  meta?: Record<string, unknown>;
  /** Defaults to the directory's department of userId at the time of the event. */
  department?: string;
  ts?: number;
  /**
   * One event per key: the same piece of work done again (a Slack event resumed after a crash) replaces the
   * event its first attempt wrote instead of adding one. The id is derived from the key.
   */
  key?: string;
}

/** A UUID-shaped id derived from a key, so that every attempt of one piece of work writes the same row. */
export function usageIdFor(key: string): string {
  const h = crypto.createHash('sha256').update(`usage:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type HandoffStage = 'opened' | 'first_reply' | 'resolved';

/**
 * Writes usage events without ever holding up or breaking the reply they describe: record() returns the
 * event id at once and the insert happens in the background; a failed write is logged, not thrown.
 * Feedback and hand-off timestamps are attached to the event later by id.
 */
export class UsageRecorder {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly config: Pick<Config, 'KIKI_STORE_QUESTIONS'>,
    private readonly logger: Logger,
  ) {}

  record(input: UsageEventInput): string {
    const id = input.key ? usageIdFor(input.key) : crypto.randomUUID();
    this.track(
      async () => {
        const department = input.department ?? (await this.directory.labelDepartmentOf(input.userId));
        const facts = {
          ts: input.ts ?? Date.now(),
          name: input.name,
          department,
          outcome: input.outcome,
          latency_ms: input.latencyMs === undefined ? null : Math.round(input.latencyMs),
          question: this.config.KIKI_STORE_QUESTIONS && input.question ? input.question.slice(0, 4000) : null,
          meta: input.meta ? JSON.stringify(input.meta) : null,
        };
        await this.store.db
          .insertInto('usage_events')
          .values({
            id,
            ...facts,
            user_id: input.userId,
            feature: input.feature,
            surface: input.surface,
            feedback: null,
            feedback_at: null,
            feedback_note: null,
            handoff_opened_at: null,
            handoff_first_reply_at: null,
            handoff_resolved_at: null,
          })
          .onConflict((oc) => oc.column('id').doUpdateSet(facts))
          .execute();
      },
      { event: input.name },
    );
    return id;
  }

  /** 👍 (1) or 👎 (-1) on the answer that event `id` describes; a later click replaces an earlier one. */
  setFeedback(id: string, value: 1 | -1, note?: string, at = Date.now()): Promise<void> {
    return this.track(
      async () => {
        await this.store.db
          .updateTable('usage_events')
          .set({ feedback: value, feedback_at: at, ...(note !== undefined ? { feedback_note: note.slice(0, 2000) } : {}) })
          .where('id', '=', id)
          .execute();
      },
      { id, feedback: value },
    );
  }

  /** Who the event is about (for an answer: the asker), or undefined for an unknown id. */
  async ownerOf(id: string): Promise<string | undefined> {
    const find = () => this.store.db.selectFrom('usage_events').select('user_id').where('id', '=', id).executeTakeFirst();
    let row = await find();
    if (!row && this.pending.size > 0) {
      // The event may still be on its way in (record() writes in the background).
      await this.flush();
      row = await find();
    }
    return row?.user_id;
  }

  /** Stamps a hand-off stage on the event; the first stamp of each stage wins. */
  markHandoff(id: string, stage: HandoffStage, at = Date.now()): Promise<void> {
    const column = ({ opened: 'handoff_opened_at', first_reply: 'handoff_first_reply_at', resolved: 'handoff_resolved_at' } as const)[
      stage
    ];
    return this.track(
      async () => {
        await this.store.db
          .updateTable('usage_events')
          .set({ [column]: at })
          .where('id', '=', id)
          .where(column, 'is', null)
          .execute();
      },
      { id, stage },
    );
  }

  /** Waits for the writes started so far (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: () => Promise<void>, fields: Record<string, unknown>): Promise<void> {
    const p = work()
      .catch((error: unknown) => this.logger.warn({ err: error, ...fields }, 'usage event not written'))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
    return p;
  }
}
