import type { WebClient } from '@slack/web-api';
import { clip } from '../assistant/text.js';
import type { Services } from '../services.js';
import { markSessionStopped, sessionStoppedSince } from '../store/session-stops.js';

/** How often the replica doing the work looks for a stop received by another replica. */
const POLL_MS = 250;
const TITLE_CHARS = 80;

type Status = 'processing' | 'active';

/** The work of one question in an agent session, which Slack's stop button can end. */
export class SessionWork {
  readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  readonly startedAt = Date.now();
  /** The streamed messages Slack itself ended when the person pressed stop. */
  endedBySlack = new Set<string>();

  constructor(
    readonly channel: string,
    readonly threadTs: string,
  ) {}

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  onStop(listener: () => void): void {
    if (this.stopped) listener();
    else this.listeners.add(listener);
  }

  stop(endedBySlack: string[] = []): void {
    if (this.stopped) return;
    this.endedBySlack = new Set(endedBySlack);
    this.controller.abort(new Error('stopped by the person'));
    for (const l of this.listeners) l();
    this.listeners.clear();
  }

  watch(services: Services): void {
    const tick = async () => {
      this.timer = undefined;
      if (this.stopped) return;
      const stopped = await sessionStoppedSince(services.store, this.channel, this.threadTs, this.startedAt).catch(() => false);
      if (stopped) this.stop();
      else this.timer = setTimeout(tick, POLL_MS).unref();
    };
    this.timer = setTimeout(tick, POLL_MS).unref();
  }

  unwatch(): void {
    clearTimeout(this.timer);
  }
}

const running = new Map<string, SessionWork>();
const keyOf = (channel: string, threadTs: string) => `${channel}:${threadTs}`;

/**
 * A question in Kiki's Messages tab (a DM thread) starts work in an agent session: its status is "processing"
 * (Slack shows the stop button), named from the thread's first question; end() sets it back to "active".
 * https://docs.slack.dev/ai/agent-sessions
 */
export function beginSession(
  services: Services,
  client: WebClient,
  where: { channel: string; threadTs: string; userId: string; first: boolean; question: string },
): { work: SessionWork; end(): Promise<void> } {
  const work = new SessionWork(where.channel, where.threadTs);
  const key = keyOf(where.channel, where.threadTs);
  running.get(key)?.stop();
  running.set(key, work);
  work.watch(services);
  void setSessionStatus(
    services,
    client,
    where.channel,
    where.threadTs,
    'processing',
    where.first ? clip(where.question, TITLE_CHARS) : undefined,
  );
  return {
    work,
    end: async () => {
      work.unwatch();
      if (running.get(key) === work) running.delete(key);
      await setSessionStatus(services, client, where.channel, where.threadTs, 'active');
    },
  };
}

/** agent_session_stopped: the work on this thread stops, here and (through the store) on any other replica. */
export async function stopSession(
  services: Services,
  client: WebClient,
  stop: { channel: string; threadTs: string; streamingMessageTs: string[] },
): Promise<boolean> {
  const { channel, threadTs } = stop;
  const local = running.get(keyOf(channel, threadTs));
  local?.stop(stop.streamingMessageTs);
  await markSessionStopped(services.store, channel, threadTs).catch((error: unknown) =>
    services.logger.warn({ err: error }, 'session stop not shared with other replicas'),
  );
  // Slack leaves the status to the app: with no work here, the session is set back to active at once.
  if (!local) await setSessionStatus(services, client, channel, threadTs, 'active');
  return Boolean(local);
}

async function setSessionStatus(
  services: Services,
  client: WebClient,
  channel: string,
  threadTs: string,
  status: Status,
  title?: string,
): Promise<void> {
  // A workspace on the older manifest has no agent sessions: the call fails and the answer goes on.
  await client.agents.sessions
    .setStatus({ channel_id: channel, thread_ts: threadTs, status, ...(title ? { title } : {}) })
    .catch((error: unknown) => services.logger.debug({ err: error, status }, 'agent session status not set'));
}
