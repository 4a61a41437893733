import { WebClient } from '@slack/web-api';
import type { LiveCandidates } from '../assistant/types.js';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import { liveSlackCandidates, type SearchContextArgs, type SlackSearchClient, SlackSearchError } from '../sources/slack-search.js';
import { loadSources, type SlackSearchSpec } from '../sources/spec.js';
import { slackClientOptions } from './slack-calls.js';

/**
 * The Slack side of `slack-search` sources: the event's action_token, and a client for Slack's Real-time Search.
 * The answer pipeline receives a LiveCandidates function and never sees Slack.
 */

/**
 * The action_token Slack sends with an event in an assistant or agent thread, a DM to the app or a mention: on
 * the event itself, or (as observed on app_mention and assistant messages) under `assistant_thread`. Events
 * without one (the CLI, a slash command, a button) cannot search Slack.
 * https://docs.slack.dev/apis/web-api/real-time-search-api
 */
export function actionTokenOf(event: unknown): { actionToken?: string } {
  const e = event as { action_token?: unknown; assistant_thread?: { action_token?: unknown } } | undefined;
  const token = e?.action_token ?? e?.assistant_thread?.action_token;
  return typeof token === 'string' && token.length > 0 && token.length <= 500 ? { actionToken: token } : {};
}

const specs = new WeakMap<Config, SlackSearchSpec | null>();

/**
 * The configured slack-search source, read once per configuration (start-up already refused an invalid file; one
 * that became unreadable since means no Slack search, never a failed answer).
 */
export function slackSearchSource(config: Config): SlackSearchSpec | undefined {
  let spec = specs.get(config);
  if (spec === undefined) {
    try {
      const found = config.KIKI_SOURCES
        ? loadSources(config.KIKI_SOURCES, config.KNOWLEDGE_DIR).find((s) => s.type === 'slack-search')
        : undefined;
      spec = found ?? null;
    } catch {
      spec = null;
    }
    specs.set(config, spec);
  }
  return spec ?? undefined;
}

/**
 * Slack messages for this question, when a slack-search source is configured and the event carried an
 * action_token; undefined otherwise (no call to Slack at all). Outsiders (Slack Connect) never get any.
 */
export function liveCandidatesFor(
  services: Services,
  client: WebClient,
  ask: { actionToken?: string; outsider: boolean; publicOnly: boolean },
): LiveCandidates | undefined {
  const spec = slackSearchSource(services.config);
  if (!spec || !ask.actionToken || ask.outsider) return undefined;
  return liveSlackCandidates(
    slackSearchClient(fastClient(client, services.config), services.config),
    spec,
    { actionToken: ask.actionToken, publicOnly: ask.publicOnly },
    services.logger,
  );
}

const fast = new WeakMap<WebClient, WebClient>();
/** Until when Slack asked (Retry-After) not to be searched: no call before then, the documents answer alone. */
const pausedUntil = new WeakMap<Config, number>();

/**
 * One attempt per call, bounded by KIKI_SLACK_TIMEOUT_MS, and a 429 fails at once: an answer is waiting, so the
 * shared client's wait for Retry-After (rate-limits.ts) would only delay it.
 */
function fastClient(client: WebClient, config: Config): WebClient {
  let c = fast.get(client);
  if (!c) {
    const timeout = config.KIKI_SLACK_TIMEOUT_MS;
    const bounded: typeof fetch = (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeout) });
    c = new WebClient(client.token, { ...slackClientOptions(config), retryConfig: { retries: 0 }, fetch: bounded });
    fast.set(client, c);
  }
  return c;
}

async function search(client: WebClient, config: Config, args: SearchContextArgs): Promise<unknown> {
  if (Date.now() < (pausedUntil.get(config) ?? 0)) throw new SlackSearchError('ratelimited');
  try {
    return await client.apiCall('assistant.search.context', { ...args });
  } catch (error) {
    const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
    if (typeof retryAfter === 'number') pausedUntil.set(config, Date.now() + retryAfter * 1000);
    throw error;
  }
}

/** Names looked up once per question. */
function slackSearchClient(client: WebClient, config: Config): SlackSearchClient {
  const channels = new Map<string, Promise<{ name?: string; isPublic: boolean } | undefined>>();
  const users = new Map<string, Promise<string | undefined>>();
  const once = <T>(cache: Map<string, Promise<T | undefined>>, key: string, look: () => Promise<T | undefined>) => {
    let p = cache.get(key);
    if (!p) {
      p = look().catch(() => undefined);
      cache.set(key, p);
    }
    return p;
  };
  return {
    searchContext: (args: SearchContextArgs) => search(client, config, args),
    channel: (id) =>
      once(channels, id, async () => {
        const c = (await client.conversations.info({ channel: id })).channel;
        return c
          ? { ...(c.name ? { name: c.name } : {}), isPublic: c.is_channel === true && !c.is_private && !c.is_ext_shared }
          : undefined;
      }),
    userName: (id) =>
      once(users, id, async () => {
        const u = (await client.users.info({ user: id })).user;
        return u?.profile?.display_name || u?.real_name || u?.name;
      }),
  };
}
