import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Services } from '../services.js';
import { claimSlackEvent } from '../store/slack-events.js';

/**
 * Slack redelivers an event when it did not see a quick 200 (X-Slack-Retry-Num), and two replicas may both
 * receive one delivery. The event id is claimed in the store (unique key) before any listener runs; a
 * delivery whose id is already claimed has been acknowledged by Bolt and stops here.
 */
export function dedupeEvents(services: Services): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && eventId) {
      const fresh = await claimSlackEvent(services.store, eventId);
      if (!fresh) {
        services.logger.info({ eventId }, 'duplicate Slack delivery skipped');
        return;
      }
    }
    await next();
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
