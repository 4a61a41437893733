import type { FakeMessage, Handler, SlackState } from './state.js';

/**
 * assistant.search.context as Slack documents it (https://docs.slack.dev/reference/methods/assistant.search.context,
 * errors from its reference): a bot token needs the action_token of the event the person sent, which expires and
 * belongs to that person; each channel type needs its search:read.* scope; results are the messages that person
 * may read (public channels for any member of the workspace, private channels, group DMs and DMs for their
 * members only), 20 at most a page, with a cursor. Rate limits are set with the fake's faults, as for any method.
 */

const CHANNEL_TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;
type ChannelType = (typeof CHANNEL_TYPES)[number];
const SCOPE: Record<ChannelType, string> = {
  public_channel: 'search:read.public',
  private_channel: 'search:read.private',
  mpim: 'search:read.mpim',
  im: 'search:read.im',
};
const CONTENT_TYPES = new Set(['messages', 'files', 'channels', 'users']);
/** An action_token lives for the handling of one event; the fake gives it five minutes unless told otherwise. */
const TOKEN_TTL_MS = 5 * 60_000;
const STOP = new Set([
  'the',
  'and',
  'for',
  'what',
  'how',
  'who',
  'when',
  'where',
  'which',
  'does',
  'did',
  'are',
  'our',
  'you',
  'can',
  'with',
  'from',
  'this',
  'that',
  'is',
  'do',
  'we',
  'a',
  'an',
  'of',
  'to',
  'in',
  'on',
  'it',
  'i',
]);

export class FakeSearch {
  /** The bot token's search scopes (as installed from the manifest); tests take some away. */
  readonly scopes = new Set<string>(['search:read.public']);
  /** False: the workspace does not have the API (Slack answers feature_not_enabled). */
  available = true;
  /** What assistant.search.info reports as is_ai_search_enabled. */
  aiSearch = false;
  private readonly tokens = new Map<string, { user: string; expires: number }>();
  private seq = 0;

  /** A fresh action_token for an event `user` sent, as Slack puts in the event payload. */
  issueActionToken(user: string, ttlMs = TOKEN_TTL_MS): string {
    this.seq += 1;
    const token = `${Date.now()}.${this.seq}.${user.toLowerCase()}${Math.random().toString(16).slice(2, 10)}`;
    this.tokens.set(token, { user, expires: Date.now() + ttlMs });
    return token;
  }

  /** The person the token was issued for, if it is known and still valid. */
  userOf(token: unknown): string | undefined {
    const t = typeof token === 'string' ? this.tokens.get(token) : undefined;
    return t && t.expires > Date.now() ? t.user : undefined;
  }
}

/** Comma-separated (as documented) or a JSON array; undefined when malformed. */
function list(v: unknown, fallback: string[]): string[] | undefined {
  if (v === undefined || v === '') return fallback;
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : undefined;
  if (!items?.every((i) => typeof i === 'string' && i.trim())) return undefined;
  return items.map((i) => (i as string).trim());
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 1 && !STOP.has(w));
}

export function searchApi(s: SlackState): Record<string, Handler> {
  const typeOf = (m: FakeMessage): ChannelType => {
    if (m.channel.startsWith('D')) return 'im';
    const c = s.channels.get(m.channel);
    return c?.isMpim ? 'mpim' : c?.isPrivate ? 'private_channel' : 'public_channel';
  };
  const mayRead = (user: string, m: FakeMessage, type: ChannelType): boolean => {
    if (m.ephemeralTo) return false;
    const u = s.users.get(user);
    // A guest from another organisation searches nothing of this workspace's public channels.
    if (type === 'public_channel') return !u?.teamId || u.teamId === s.teamId;
    if (type === 'im') return m.channel === `D${user}` || Boolean(s.channels.get(m.channel)?.members?.includes(user));
    return Boolean(s.channels.get(m.channel)?.members?.includes(user));
  };
  return {
    'assistant.search.info': () => {
      if (!s.search.scopes.has('search:read.public'))
        return { ok: false, error: 'missing_scope', needed: 'search:read.public', provided: [...s.search.scopes].join(',') };
      return s.search.available ? { is_ai_search_enabled: s.search.aiSearch } : { ok: false, error: 'feature_not_enabled' };
    },
    'assistant.search.context': (a) => {
      if (!s.search.available) return { ok: false, error: 'feature_not_enabled' };
      if (typeof a.query !== 'string' || !a.query.trim()) return { ok: false, error: 'missing_query' };
      const user = s.search.userOf(a.action_token);
      if (!user) return { ok: false, error: 'invalid_action_token' };
      const types = list(a.channel_types, ['public_channel']);
      const contents = list(a.content_types, ['messages']);
      const limit = a.limit === undefined ? 20 : Number(a.limit);
      if (
        !types?.every((t) => (CHANNEL_TYPES as readonly string[]).includes(t)) ||
        !contents?.every((c) => CONTENT_TYPES.has(c)) ||
        !Number.isInteger(limit) ||
        limit < 1 ||
        limit > 20
      )
        return { ok: false, error: 'invalid_arguments' };
      const needed = (types as ChannelType[]).map((t) => SCOPE[t]).filter((scope) => !s.search.scopes.has(scope));
      if (needed.length) return { ok: false, error: 'missing_scope', needed: needed.join(','), provided: [...s.search.scopes].join(',') };
      const start = a.cursor === undefined || a.cursor === '' ? 0 : pageOf(a.cursor);
      if (start === undefined) return { ok: false, error: 'invalid_cursor' };
      const wanted = new Set(words(a.query));
      const bots = a.include_bots === true || a.include_bots === 'true';
      const hits = s.messages
        .map((m) => ({ m, type: typeOf(m), n: words(m.text ?? '').filter((w) => wanted.has(w)).length }))
        .filter(({ m, type, n }) => n > 0 && types.includes(type) && mayRead(user, m, type) && (bots || !m.bot_id))
        .sort((x, y) => y.n - x.n);
      const page = contents.includes('messages') ? hits.slice(start, start + limit) : [];
      const more = contents.includes('messages') && hits.length > start + limit;
      return {
        results: {
          messages: page.map(({ m }) => ({
            author_user_id: m.user ?? m.bot_id,
            team_id: s.teamId,
            channel_id: m.channel,
            message_ts: m.ts,
            content: m.text ?? '',
            is_author_bot: Boolean(m.bot_id),
            permalink: `${s.baseUrl}archives/${m.channel}/p${m.ts.replace('.', '')}`,
          })),
        },
        response_metadata: { next_cursor: more ? Buffer.from(`CURRENT_PAGE:${start + limit}`).toString('base64') : '' },
      };
    },
  };
}

/** The documented cursor looks like base64 of "CURRENT_PAGE:2"; anything else is invalid_cursor. */
function pageOf(cursor: unknown): number | undefined {
  if (typeof cursor !== 'string') return undefined;
  const m = /^CURRENT_PAGE:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}
