import { type RetryOptions, WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import { postOnceFetch } from './post-once.js';
import { RateLimits, rateLimitedFetch } from './rate-limits.js';

/** One fetch per configuration, shared by every client built from it: its rate limits and posts in flight. */
const fetchOf = new WeakMap<Config, typeof fetch>();

/**
 * Every Slack call is bounded: one attempt may take KIKI_SLACK_TIMEOUT_MS, a failed call is retried
 * KIKI_SLACK_RETRIES times, and no retry starts after KIKI_SLACK_RETRY_BUDGET_MS. The Web API client's own
 * default (no timeout, ten retries over about 30 minutes) left people with no reply at all.
 */
export function slackClientOptions(config: Config): WebClientOptions {
  const timeout = config.KIKI_SLACK_TIMEOUT_MS;
  const retryConfig: RetryOptions = {
    retries: config.KIKI_SLACK_RETRIES,
    factor: 2,
    minTimeout: 200,
    maxTimeout: 2000,
    maxRetryTime: config.KIKI_SLACK_RETRY_BUDGET_MS,
    randomize: true,
  };
  let bounded = fetchOf.get(config);
  if (!bounded) {
    bounded = postOnceFetch(rateLimitedFetch(timeout, new RateLimits()));
    fetchOf.set(config, bounded);
  }
  // Rate limits are handled per method and channel in the fetch (rate-limits.ts); the client's own handling
  // pauses every call. A retried post looks for itself first (post-once.ts). Bolt's respond() uses it as well.
  return { slackApiUrl: config.SLACK_API_URL, timeout, retryConfig, rejectRateLimitedCalls: true, fetch: bounded };
}

const single = new WeakMap<WebClient, WebClient>();

/**
 * The same client without retries, for calls that have a fallback of their own (chat.startStream falls back
 * to chat.postMessage): retrying them would only delay the reply.
 */
export function withoutRetries(client: WebClient, config: Config): WebClient {
  let c = single.get(client);
  if (!c) {
    c = new WebClient(client.token, { ...slackClientOptions(config), retryConfig: { retries: 0 } });
    single.set(client, c);
  }
  return c;
}

export const SLACK_FAILED =
  "Slack didn't accept my reply just now (a problem on Slack's side, not yours), so my answer could not be shown. Please ask again in a minute.";
