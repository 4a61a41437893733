import { z } from 'zod';
/**
 * Slack limits each Web API method, and chat.postMessage per channel (https://api.slack.com/apis/rate-limits);
 * a 429 says how long to wait in `Retry-After`. The Web API client's own handling pauses its whole request
 * queue for that time, so one busy channel held back every other person's reply (30 s, 90 s). Here a 429
 * holds back only the calls with the same method and channel: they wait, the rest go on.
 */

/** Longest Kiki waits for one method and channel before the call fails (and the person is told). */
export const MAX_RATE_LIMIT_WAIT_MS = 120_000;
const MAX_LIMITED_ATTEMPTS = 4;

export class RateLimits {
  private readonly until = new Map<string, number>();

  /** `key` may be called again only after `retryAfterS` seconds. */
  limit(key: string, retryAfterS: number, now = Date.now()): void {
    this.until.set(key, Math.max(this.until.get(key) ?? 0, now + retryAfterS * 1000));
  }

  /** When `key` may be called again (0: now). */
  freeAt(key: string, now = Date.now()): number {
    const at = this.until.get(key) ?? 0;
    if (at <= now) {
      this.until.delete(key);
      return 0;
    }
    return at;
  }
}

/** "chat.postMessage C0123" for a Web API call, the URL itself for anything else (a response_url). */
export function limitKey(input: Parameters<typeof fetch>[0], body: unknown): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = /\/api\/([\w.]+)(?:\?|$)/.exec(url)?.[1];
  if (!method) return url;
  const channel = channelOf(body);
  return channel ? `${method} ${channel}` : method;
}

const channelSchema = z.object({ channel: z.string().optional(), channel_id: z.string().optional() });

function channelOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    if (body.trimStart().startsWith('{')) {
      try {
        const parsed = channelSchema.safeParse(JSON.parse(body));
        return parsed.success ? (parsed.data.channel ?? parsed.data.channel_id) : undefined;
      } catch {
        return undefined;
      }
    }
    const form = new URLSearchParams(body);
    return form.get('channel') ?? form.get('channel_id') ?? undefined;
  }
  if (body instanceof FormData) {
    const c = body.get('channel') ?? body.get('channel_id');
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

function retryAfterOf(res: Response): number | undefined {
  const s = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
  return Number.isNaN(s) || s < 0 ? undefined : s;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fetch for the Web API client (and Bolt's respond()): each attempt is bounded by `timeoutMs`; a call waits
 * while its method and channel are limited, and a 429 is retried here after its Retry-After, for that key
 * alone. A wait beyond MAX_RATE_LIMIT_WAIT_MS returns the 429, which the client (rejectRateLimitedCalls) turns
 * into an error at once.
 */
export function rateLimitedFetch(timeoutMs: number, limits: RateLimits): typeof fetch {
  return async (input, init) => {
    const key = limitKey(input, init?.body);
    const deadline = Date.now() + MAX_RATE_LIMIT_WAIT_MS;
    for (let attempt = 1; ; attempt++) {
      const freeAt = limits.freeAt(key);
      if (freeAt > deadline) return tooLong(freeAt);
      if (freeAt) await sleep(freeAt - Date.now());
      // A fresh bound per attempt: the client's own signal started its clock before the wait.
      const res = await fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const retryAfter = res.status === 429 ? retryAfterOf(res) : undefined;
      if (retryAfter === undefined) return res;
      limits.limit(key, retryAfter);
      if (attempt >= MAX_LIMITED_ATTEMPTS || Date.now() + retryAfter * 1000 > deadline) return res;
      await res.body?.cancel();
    }
  };
}

function tooLong(freeAt: number): Response {
  const retryAfter = String(Math.ceil((freeAt - Date.now()) / 1000));
  return new Response(JSON.stringify({ ok: false, error: 'ratelimited' }), {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': retryAfter },
  });
}
