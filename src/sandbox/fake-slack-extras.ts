/**
 * Channels with members (conversations.info / conversations.members) and fault injection (a method that
 * hangs, fails or answers HTTP 500) for the fake Slack Web API. Kept apart from fake-slack.ts so that file
 * stays a plain stand-in; the tests and the soak benchmark set faults, the sandbox never does.
 */

export interface FakeChannel {
  id: string;
  name?: string;
  /** A private channel (is_private, is_group). */
  isPrivate?: boolean;
  /** A group DM (is_mpim). */
  isMpim?: boolean;
  /** Shared with another organisation (Slack Connect). */
  isExtShared?: boolean;
  members?: string[];
}

export type FakeFault =
  /** Never answers (until the server closes). */
  | { kind: 'hang' }
  /** `{ ok: false, error }` with HTTP 200, as Slack reports most failures. */
  | { kind: 'error'; error?: string }
  /** HTTP 500: the Web API client retries these. */
  | { kind: 'http500' }
  /**
   * HTTP 429 with `Retry-After: seconds` and `{ ok: false, error: "ratelimited" }`, as Slack answers a method
   * (or, for chat.postMessage, one channel) called too often: https://api.slack.com/apis/rate-limits
   */
  | { kind: 'ratelimited'; retryAfter: number }
  /** Slow but accepting: the call is carried out at once, its answer sent only after `delayMs`. */
  | { kind: 'slow'; delayMs: number };

interface FaultRule {
  fault: FakeFault;
  /** How many calls it still applies to; Infinity for every call. */
  remaining: number;
  /** Share of calls it applies to (0..1), for the soak's random faults. */
  rate: number;
  /** Only calls for this channel (Slack limits chat.postMessage per channel). */
  channel?: string;
}

export class FakeFaults {
  private readonly rules = new Map<string, FaultRule>();
  private random = mulberry32(12);

  /** `method` misbehaves for the next `times` calls (default: every call), or for a share `rate` of them. */
  set(method: string, fault: FakeFault, options: { times?: number; rate?: number; channel?: string } = {}): void {
    this.rules.set(method, {
      fault,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
      rate: options.rate ?? 1,
      ...(options.channel ? { channel: options.channel } : {}),
    });
  }

  clear(method?: string): void {
    if (method) this.rules.delete(method);
    else this.rules.clear();
  }

  /** The fault for this call of `method`, if any. */
  take(method: string, args: Record<string, unknown> = {}): FakeFault | undefined {
    const rule = this.rules.get(method);
    if (!rule || rule.remaining <= 0) return undefined;
    if (rule.channel !== undefined && (args.channel ?? args.channel_id) !== rule.channel) return undefined;
    if (rule.rate < 1 && this.random() >= rule.rate) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }
}

export class FakeChannels {
  private readonly channels = new Map<string, FakeChannel>();

  add(channel: FakeChannel): void {
    this.channels.set(channel.id, channel);
  }

  get(id: string): FakeChannel | undefined {
    return this.channels.get(id);
  }

  /** Every registered channel, in the order added. */
  list(): FakeChannel[] {
    return [...this.channels.values()];
  }

  /** conversations.info: a registered channel as described; D… is a DM; anything else a public channel. */
  info(id: string): Record<string, unknown> {
    const c = this.channels.get(id);
    const isIm = id.startsWith('D');
    return {
      channel: {
        id,
        name: c?.name ?? id.toLowerCase(),
        is_im: isIm,
        is_channel: !isIm && !c?.isPrivate && !c?.isMpim,
        is_group: Boolean(c?.isPrivate),
        is_private: isIm || Boolean(c?.isPrivate || c?.isMpim),
        is_mpim: Boolean(c?.isMpim),
        is_ext_shared: Boolean(c?.isExtShared),
        is_shared: Boolean(c?.isExtShared),
      },
    };
  }

  /** conversations.members, paginated like Slack (cursor = offset here). */
  members(id: string, limit: unknown, cursor: unknown): Record<string, unknown> {
    const c = this.channels.get(id);
    if (!c) return { ok: false, error: 'channel_not_found' };
    const all = c.members ?? [];
    const start = Number(cursor || 0) || 0;
    const n = Math.max(1, Math.min(Number(limit || 100) || 100, 1000));
    const page = all.slice(start, start + n);
    const next = start + n < all.length ? String(start + n) : '';
    return { members: page, response_metadata: { next_cursor: next } };
  }
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
