import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Services } from '../services.js';
import { markHandoffFailed, markHandoffNotified, type PendingHandoff, takeOverHandoff, unfinishedHandoffs } from '../store/handoff-work.js';
import type { HandoffsTable } from '../store/schema.js';
import { expiredSlackEvents, finishSlackEvent, takeOverSlackEvent } from '../store/slack-events.js';
import { POST_FAILED } from './handoff-flow.js';
import type { ResumedEvent } from './middleware.js';
import { openDm } from './upload.js';

/** After this many tries an event is given up on, and the person told so. */
const MAX_ATTEMPTS = 3;
export const INTERRUPTED = "Sorry, I was interrupted while answering this and couldn't finish. Please ask me again.";

/**
 * Resumes work a crashed process left unfinished, at start-up and then every half lease: events whose claim
 * expired are replayed through the app (the reply they had started is finished in place), hand-offs never
 * posted are posted, and askers never told are told. Every replica runs it; the claims make each piece of
 * work resume once.
 */
export function startRecovery(services: Services, app: App, owner: string): { stop(): Promise<void>; runOnce(): Promise<void> } {
  const leaseMs = services.config.KIKI_WORK_LEASE_MS;
  let running: Promise<void> | undefined;
  let stopped = false;
  const runOnce = async () => {
    if (stopped) return;
    running ??= sweep(services, app, owner, leaseMs)
      .catch((error: unknown) => services.logger.warn({ err: error }, 'recovery sweep failed'))
      .finally(() => {
        running = undefined;
      });
    await running;
  };
  const first = setTimeout(() => void runOnce(), 0);
  const timer = setInterval(() => void runOnce(), Math.max(250, leaseMs / 2));
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}

async function sweep(services: Services, app: App, owner: string, leaseMs: number): Promise<void> {
  const { store, logger } = services;
  for (const row of await expiredSlackEvents(store)) {
    if (!(await takeOverSlackEvent(store, row, owner, leaseMs))) continue;
    const attempts = (row.attempts ?? 1) + 1;
    const reply = row.reply_channel && row.reply_ts ? { channel: row.reply_channel, ts: row.reply_ts } : undefined;
    if (attempts > MAX_ATTEMPTS || !row.body) {
      logger.error({ eventId: row.event_id, attempts }, 'giving up on an event that kept failing to finish');
      await giveUp(app.client, row.body, reply).catch((error: unknown) => logger.warn({ err: error }, 'could not tell the person'));
      await finishSlackEvent(store, row.event_id);
      continue;
    }
    logger.warn({ eventId: row.event_id, attempts }, 'resuming an event a stopped process left unfinished');
    const resumed: ResumedEvent = reply ? { reply } : {};
    await app.processEvent({ body: JSON.parse(row.body), ack: async () => {}, customProperties: { kikiResumed: resumed } });
  }
  for (const row of await unfinishedHandoffs(store, leaseMs)) {
    if (!(await takeOverHandoff(store, row, Date.now() + leaseMs))) continue;
    logger.warn({ handoff: row.id }, 'resuming a hand-off a stopped process left unfinished');
    await resumeHandoff(services, app.client, row).catch((error: unknown) =>
      logger.error({ err: error, handoff: row.id }, 'hand-off not resumed'),
    );
  }
}

/** The part of a stored Slack event that says where to tell the person their question was interrupted. */
const storedEventSchema = z.object({
  event: z
    .object({ channel: z.string().optional(), ts: z.string().optional(), thread_ts: z.string().optional(), user: z.string().optional() })
    .optional(),
});

async function giveUp(client: WebClient, body: string | null, reply: { channel: string; ts: string } | undefined): Promise<void> {
  if (reply) {
    await client.chat.update({ channel: reply.channel, ts: reply.ts, text: INTERRUPTED, blocks: [] });
    return;
  }
  const parsed = body ? storedEventSchema.safeParse(JSON.parse(body)) : undefined;
  const event = parsed?.success ? parsed.data.event : undefined;
  if (event?.channel && event.user) {
    const threadTs = event.thread_ts ?? event.ts;
    await client.chat.postMessage({ channel: event.channel, ...(threadTs ? { thread_ts: threadTs } : {}), text: INTERRUPTED });
  }
}

/** Posts what a hand-off still had to post, then tells the asker; or tells the asker it could not be done. */
async function resumeHandoff(services: Services, client: WebClient, row: HandoffsTable): Promise<void> {
  const tell = async (text: string, blocks?: unknown[]) => {
    const channel = row.asker_thread_ts ? row.asker_channel : await openDm(client, row.asker_id);
    await client.chat.postMessage({
      channel,
      ...(row.asker_thread_ts ? { thread_ts: row.asker_thread_ts } : {}),
      text,
      ...(blocks ? { blocks: blocks as never } : {}),
    });
  };
  const pending = row.pending ? (JSON.parse(row.pending) as PendingHandoff) : undefined;
  if (!pending) {
    await tell(POST_FAILED);
    await markHandoffFailed(services.store, row.id);
    return;
  }
  if (!row.post_ts) {
    try {
      const posted = await client.chat.postMessage({ ...pending.post, blocks: pending.post.blocks as never });
      await services.handoffs.setPost(row.id, posted.channel ?? pending.post.channel, posted.ts as string);
    } catch (error) {
      services.logger.error({ err: error, channel: pending.post.channel }, 'hand-off post failed again');
      await tell(POST_FAILED);
      await markHandoffFailed(services.store, row.id);
      return;
    }
  }
  await tell(pending.notice.text, pending.notice.blocks);
  await markHandoffNotified(services.store, row.id);
}
