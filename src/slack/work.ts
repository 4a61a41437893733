import { AsyncLocalStorage } from 'node:async_hooks';

/** The Slack event being handled, so the flows can note the message they post (for recovery after a crash). */
export interface WorkContext {
  eventId: string;
  /** A reply this event already started before a crash: finish it instead of posting another. */
  previousReply?: { channel: string; ts: string };
  noteReply(channel: string, ts: string): void;
}

export const workStorage = new AsyncLocalStorage<WorkContext>();

export function currentWork(): WorkContext | undefined {
  return workStorage.getStore();
}

/**
 * The usage key of the Slack event being handled: an event resumed after a crash writes the same usage event
 * again (replacing its first attempt's) instead of a second one.
 */
export function usageKey(feature: string): { key: string } | Record<string, never> {
  const work = currentWork();
  return work ? { key: `${work.eventId}:${feature}` } : {};
}
