import pLimit from 'p-limit';
import { SourceError } from '../errors.js';

export interface HttpOptions {
  /** Names the source in errors. */
  source: string;
  /** Most requests (attempts, retries included) this client may make. */
  budget: number;
  concurrency: number;
  /** Requests and redirects may only go to these hosts (host:port as in a URL). */
  hosts: string[];
  retries?: number;
  /** 429 means "later", not "broken": retried this often, within the budget (default 50). */
  rateLimitRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
  /** Headers for every request (authorization); called per attempt so a refreshed token is used. */
  headers?: () => Promise<Record<string, string>>;
  /** A 401: refresh the credentials once (true) or give up (false). */
  refresh?: () => Promise<boolean>;
  /** What to check when the source refuses the credentials, for the error message. */
  credentialHint?: string;
  sleep?: (ms: number) => Promise<void>;
}

export class BudgetExhaustedError extends SourceError {}
export class OffHostError extends SourceError {}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Buffer;
  url: string;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * HTTP for connectors: a request budget, a concurrency limit, Retry-After on 429 and 503, exponential
 * back-off with jitter, a timeout per attempt, no redirect off the configured hosts, and one credential
 * refresh on 401. Every attempt counts against the budget.
 */
export class PoliteHttp {
  requests = 0;
  retries = 0;
  rateLimited = 0;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly hosts: Set<string>;

  constructor(private readonly options: HttpOptions) {
    this.limit = pLimit(options.concurrency);
    this.hosts = new Set(options.hosts.map((h) => h.toLowerCase()));
  }

  allowed(url: URL): boolean {
    return (url.protocol === 'https:' || url.protocol === 'http:') && this.hosts.has(url.host.toLowerCase());
  }

  /** The final response of a GET (any status the caller must judge: 200, 304, 404…); throws on budget, auth, exhausted retries. */
  get(url: string, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.limit(() => this.run(url, headers, 'GET'));
  }

  /** Outside the concurrency limit: a token request made while a request holds a slot must not wait for one. */
  post(url: string, body: string, headers: Record<string, string>): Promise<HttpResult> {
    return this.run(url, headers, 'POST', body, false);
  }

  async json<T>(url: string): Promise<T> {
    const r = await this.get(url, { accept: 'application/json' });
    if (r.status !== 200) throw new SourceError(`${this.options.source}: ${new URL(r.url).pathname} answered HTTP ${r.status}`);
    try {
      return JSON.parse(r.body.toString('utf8')) as T;
    } catch (error) {
      throw new SourceError(`${this.options.source}: ${new URL(r.url).pathname} did not answer JSON`, { cause: error });
    }
  }

  private async run(start: string, extra: Record<string, string>, method: string, body?: string, auth = true): Promise<HttpResult> {
    const o = this.options;
    let url = new URL(start);
    let refreshed = false;
    let attempt = 0;
    let redirects = 0;
    for (;;) {
      if (!this.allowed(url)) throw new OffHostError(`${o.source}: ${url.host} is not one of the source's hosts; not fetched`);
      if (this.requests >= o.budget) {
        throw new BudgetExhaustedError(`${o.source}: the request budget (${o.budget}) is spent; the next sync continues from here`);
      }
      this.requests++;
      const credentials = auth ? await o.headers?.() : {};
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          redirect: 'manual',
          headers: { 'user-agent': 'KikiBot (+internal knowledge sync)', ...credentials, ...extra },
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
        });
      } catch (error) {
        if (attempt++ < (o.retries ?? 8)) {
          this.retries++;
          await this.wait(this.backoff(attempt));
          continue;
        }
        throw new SourceError(`${o.source}: ${url.host} could not be reached`, { cause: error });
      }
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location || ++redirects > 5) throw new SourceError(`${o.source}: too many redirects from ${url.pathname}`);
        url = new URL(location, url);
        continue;
      }
      if (response.status === 401 && o.refresh && !refreshed) {
        await response.body?.cancel();
        refreshed = true;
        if (await o.refresh()) continue;
      }
      if (response.status === 401) {
        await response.body?.cancel();
        throw new SourceError(
          `${o.source}: the credentials were refused (HTTP 401): the token may have expired or been revoked${o.credentialHint ? `; check ${o.credentialHint}` : ''}`,
        );
      }
      const limit = response.status === 429 ? (o.rateLimitRetries ?? 50) : (o.retries ?? 8);
      if (RETRYABLE.has(response.status) && attempt < limit) {
        attempt++;
        if (response.status === 429) this.rateLimited++;
        this.retries++;
        const after = retryAfterMs(response.headers.get('retry-after'));
        await response.body?.cancel();
        // Never sooner than the back-off: a storm of Retry-After: 0 would otherwise retry in lock-step.
        await this.wait(Math.min(Math.max(after ?? 0, this.backoff(attempt)), o.maxDelayMs ?? 60_000));
        continue;
      }
      if (RETRYABLE.has(response.status)) {
        await response.body?.cancel();
        throw new SourceError(`${o.source}: ${url.pathname} still answered HTTP ${response.status} after ${attempt} retries`);
      }
      const bytes = await readCapped(response, o.maxBytes ?? 25 * 1024 * 1024);
      if (!bytes) throw new SourceError(`${o.source}: ${url.pathname} is larger than ${(o.maxBytes ?? 25 * 1024 * 1024) / 1048576} MB`);
      return { status: response.status, headers: response.headers, body: bytes, url: url.toString() };
    }
  }

  private backoff(attempt: number): number {
    const base = this.options.baseDelayMs ?? 500;
    const exp = Math.min(base * 2 ** (attempt - 1), this.options.maxDelayMs ?? 60_000);
    return exp / 2 + Math.random() * (exp / 2);
  }

  private wait(ms: number): Promise<void> {
    return (this.options.sleep ?? ((t: number) => new Promise<void>((r) => setTimeout(r, t))))(ms);
  }
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function readCapped(response: Response, max: number): Promise<Buffer | undefined> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > max) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > max) return undefined;
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}
