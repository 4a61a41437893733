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
