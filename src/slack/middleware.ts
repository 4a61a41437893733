import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Services } from '../services.js';
import { claimSlackEventRow, finishSlackEvent, noteSlackReply, renewSlackEvent } from '../store/slack-events.js';
import { eventIdOf } from './payloads.js';
import { type WorkContext, workStorage } from './work.js';

/** Set in the context of an event replayed by the recovery sweep, which already holds its claim. */
export interface ResumedEvent {
  reply?: { channel: string; ts: string };
}

/**
 * Slack redelivers an event when it did not see a quick 200 (X-Slack-Retry-Num), and two replicas may both
 * receive one delivery. The event id is claimed in the store before any listener runs, as a lease that
 * the work renews while it runs and that is marked done only when it has finished. A delivery of an event
 * that is done or still leased stops here; one whose process died mid-work (lease expired) resumes it,
 * finishing the reply that process had started.
 */
export function claimEvents(services: Services, owner: string): Middleware<AnyMiddlewareArgs> {
  const leaseMs = services.config.KIKI_WORK_LEASE_MS;
  const { store, logger } = services;
  return async ({ body, next, context }) => {
    const eventId = eventIdOf(body);
    if (!eventId) return next();
    const resumed = context.kikiResumed as ResumedEvent | undefined;
    let previous = resumed?.reply;
    if (!resumed) {
      const row = await claimSlackEventRow(store, eventId, { owner, leaseMs, body: JSON.stringify(body) });
      if (!row) {
        logger.info({ eventId }, 'duplicate Slack delivery skipped');
        return;
      }
      if (row.reply_channel && row.reply_ts) previous = { channel: row.reply_channel, ts: row.reply_ts };
      if ((row.attempts ?? 1) > 1) logger.warn({ eventId, attempts: row.attempts }, 'resuming an event whose work did not finish');
    }
    const renew = setInterval(() => {
      renewSlackEvent(store, eventId, owner, leaseMs).catch((error: unknown) => logger.warn({ err: error }, 'claim not renewed'));
    }, leaseMs / 3);
    renew.unref();
    const work: WorkContext = {
      eventId,
      ...(previous ? { previousReply: previous } : {}),
      noteReply: (channel, ts) => {
        noteSlackReply(store, eventId, channel, ts).catch((error: unknown) => logger.warn({ err: error }, 'reply not noted'));
      },
    };
    try {
      await workStorage.run(work, () => next());
    } finally {
      clearInterval(renew);
      await finishSlackEvent(store, eventId).catch((error: unknown) => logger.warn({ err: error, eventId }, 'event not marked done'));
    }
  };
}

/** Counts listener work in flight, so that shutdown can wait for it to finish. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  middleware(): Middleware<AnyMiddlewareArgs> {
    return async ({ next }) => {
      const work = next();
      this.pending.add(work);
      try {
        await work;
      } finally {
        this.pending.delete(work);
      }
    };
  }

  get size(): number {
    return this.pending.size;
  }

  /** Waits for the work in flight now, up to timeoutMs. */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.pending.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.allSettled([...this.pending]).then(() => true as const);
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return result;
  }
}
