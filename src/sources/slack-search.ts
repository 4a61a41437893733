import { z } from 'zod';
import type { Logger } from '../logger.js';
import { terms } from '../retrieval/tokenize.js';
import type { Passage } from '../retrieval/types.js';
import type { SlackSearchSpec } from './spec.js';

/**
 * Slack messages as answer candidates, found at question time with Slack's Real-time Search API and never kept:
 * nothing here writes to the store, the index or the knowledge folder (Slack's terms: the data is fetched for
 * the asker's question and not stored). Slack searches as the asker (the event's action_token), so only
 * messages that person may read come back.
 * https://docs.slack.dev/reference/methods/assistant.search.context
 * https://docs.slack.dev/apis/web-api/real-time-search-api
 */

/** Slack gives at most 20 results a page. */
const PAGE_MAX = 20;
/** Most pages one question may ask for (the source's limit is at most 50 messages). */
const MAX_PAGES = 3;
/** What a message may bring to an answer: a long one is cut, as documents' sections are. */
const MAX_TEXT = 1500;

/** The scope each channel type needs (https://docs.slack.dev/reference/scopes/search.read.public and its siblings). */
export const SEARCH_SCOPES = {
  public_channel: 'search:read.public',
  private_channel: 'search:read.private',
  mpim: 'search:read.mpim',
  im: 'search:read.im',
} as const;
export type ChannelType = keyof typeof SEARCH_SCOPES;

/** The bot scopes a slack-search source needs: one per channel type it lists. */
export function scopesFor(spec: Pick<SlackSearchSpec, 'channelTypes'>): string[] {
  return spec.channelTypes.map((t) => SEARCH_SCOPES[t]);
}

/** What `kiki sources` and `kiki sync` say of a slack-search source: when it works, and what it needs. */
export const SLACK_SEARCH_NOTE =
  "searched when someone asks, never synced or stored: Slack's Real-time Search API (assistant.search.context) runs as the asker " +
  'with the action_token Slack sends with a mention, a DM to Kiki or a message in its agent/assistant thread, so it cannot be tried ' +
  'from the CLI or /kiki; workspaces without the API (or without the scopes below) get answers from the documents alone';

/** The arguments Kiki sends, as documented: lists are comma-separated strings. */
export interface SearchContextArgs {
  query: string;
  action_token: string;
  channel_types: string;
  content_types: 'messages';
  include_bots: boolean;
  limit: number;
  cursor?: string;
}

/** What Kiki needs of Slack for this: the search itself, and names for the channel and the author. */
export interface SlackSearchClient {
  /** The raw response body of assistant.search.context; a refusal either throws or comes back `ok: false`. */
  searchContext(args: SearchContextArgs): Promise<unknown>;
  /** conversations.info: the channel's name and whether it is public (undefined when Slack would not say). */
  channel(channelId: string): Promise<{ name?: string; isPublic: boolean } | undefined>;
  userName(userId: string): Promise<string | undefined>;
}

/** One message Slack found, as an answer may quote and cite it. */
export interface LiveMessage {
  text: string;
  permalink: string;
  channelId: string;
  channelName: string;
  author: string;
  /** The message's time, ISO 8601. */
  date: string;
  ts: string;
}

export interface SlackSearchRequest {
  query: string;
  actionToken: string;
  /** The answer appears where others read it: public channels only, whatever the source lists. */
  publicOnly?: boolean;
}

export class SlackSearchError extends Error {
  constructor(readonly code: string) {
    super(`Slack search failed: ${code}`);
    this.name = 'SlackSearchError';
  }
}

// The documented response: results.messages[] and response_metadata.next_cursor. An item that does not have
// this shape is left out (and counted), never guessed at.
const message = z.object({
  author_user_id: z.string().optional(),
  channel_id: z.string().regex(/^[CGD][A-Z0-9]+$/),
  message_ts: z.string().regex(/^\d+\.\d+$/),
  content: z.string(),
  permalink: z.url({ protocol: /^https?$/ }),
  is_author_bot: z.boolean().optional(),
});
const response = z.object({
  ok: z.boolean(),
  error: z.string().optional(),
  results: z.object({ messages: z.array(z.unknown()).default([]) }).optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

/** The channel types asked for: the source's, narrowed to public channels when others read the answer. */
export function channelTypesFor(spec: SlackSearchSpec, publicOnly = false): ChannelType[] {
  return publicOnly ? spec.channelTypes.filter((t) => t === 'public_channel') : [...spec.channelTypes];
}

/** Searches Slack for the question, a page at a time, up to the source's limit. Throws SlackSearchError. */
export async function searchSlack(
  client: SlackSearchClient,
  spec: SlackSearchSpec,
  request: SlackSearchRequest,
  logger?: Logger,
): Promise<LiveMessage[]> {
  const types = channelTypesFor(spec, request.publicOnly);
  const query = request.query.trim();
  if (!types.length || !query) return [];
  const found: z.infer<typeof message>[] = [];
  let cursor: string | undefined;
  let malformed = 0;
  for (let page = 0; page < MAX_PAGES && found.length < spec.limit; page++) {
    const raw = await client.searchContext({
      query,
      action_token: request.actionToken,
      channel_types: types.join(','),
      content_types: 'messages',
      include_bots: spec.includeBots,
      limit: Math.min(PAGE_MAX, spec.limit - found.length),
      ...(cursor ? { cursor } : {}),
    });
    const body = response.safeParse(raw);
    if (!body.success) throw new SlackSearchError('malformed_response');
    if (!body.data.ok) throw new SlackSearchError(body.data.error ?? 'unknown_error');
    for (const item of body.data.results?.messages ?? []) {
      const m = message.safeParse(item);
      if (!m.success) malformed++;
      else if (spec.includeBots || !m.data.is_author_bot) found.push(m.data);
    }
    cursor = body.data.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  if (malformed) logger?.warn({ malformed }, 'Slack search: results without the documented shape were left out');
  const unique = [...new Map(found.map((m) => [`${m.channel_id}:${m.message_ts}`, m])).values()].slice(0, spec.limit);
  const named = await Promise.all(unique.map((m) => withNames(client, m)));
  // Where others read the answer, a message is used only from a channel Slack confirms is public: one Slack
  // returned from elsewhere, or whose channel it would not describe, is left out (fail closed).
  return named.filter((m) => !request.publicOnly || m.isPublic).map(({ isPublic: _, ...m }) => m);
}

async function withNames(client: SlackSearchClient, m: z.infer<typeof message>): Promise<LiveMessage & { isPublic: boolean }> {
  const dm = m.channel_id.startsWith('D');
  const [channel, author] = await Promise.all([
    // A DM has no name to show (and looking it up would need im:read).
    dm ? undefined : client.channel(m.channel_id).catch(() => undefined),
    m.author_user_id ? client.userName(m.author_user_id).catch(() => undefined) : undefined,
  ]);
  return {
    isPublic: Boolean(channel?.isPublic),
    text: m.content.trim().slice(0, MAX_TEXT),
    permalink: m.permalink,
    channelId: m.channel_id,
    channelName: dm ? 'direct message' : (channel?.name ?? m.channel_id),
    author: author ?? m.author_user_id ?? 'someone',
    date: new Date(Number(m.message_ts) * 1000).toISOString(),
    ts: m.message_ts,
  };
}

/** Sources of Slack messages begin so: no source name or file path can (names are [a-z0-9-], paths have no ':'). */
export const SLACK_SOURCE_PREFIX = 'slack:';

/** A citation or passage of a Slack message found at question time: shown in the reply, never stored. */
export function isSlackMessage(source: string): boolean {
  return source.startsWith(SLACK_SOURCE_PREFIX);
}

/** "#benefits, 3 December 2026": how a Slack message is cited (its permalink is the link). */
export function slackCitationTitle(m: Pick<LiveMessage, 'channelName' | 'date'>): string {
  const day = new Date(m.date).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${m.channelName === 'direct message' ? 'a direct message' : `#${m.channelName.replace(/^#/, '')}`}, ${day}`;
}

/**
 * The messages as candidates beside the documents. Slack reports no scores, so the share of the question's words
 * a message holds stands in for every lexical signal the relevance model reads: a message is judged, like a
 * document, on what it has in common with the question, and one that shares nothing is not a candidate.
 */
export function slackPassages(messages: LiveMessage[], query: string): Passage[] {
  const wanted = [...new Set(terms(query))];
  const out: Passage[] = [];
  for (const [rank, m] of messages.entries()) {
    const have = new Set(terms(m.text));
    const coverage = wanted.length ? wanted.filter((t) => have.has(t)).length / wanted.length : 0;
    if (coverage === 0) continue;
    out.push({
      id: `slack:${m.channelId}:${m.ts}`,
      source: `${SLACK_SOURCE_PREFIX}${m.channelId}/${m.ts}`,
      title: slackCitationTitle(m),
      heading: '',
      headingPath: [],
      url: m.permalink,
      updated: m.date,
      text: m.text,
      score: 1 / (rank + 1),
      signals: {
        coverage,
        expandedCoverage: coverage,
        idfCoverage: coverage,
        expandedIdfCoverage: coverage,
        documentCoverage: coverage,
        bm25Share: coverage,
        titleCoverage: 0,
        unknownShare: 0,
        missingRarest: 0,
      },
    });
  }
  return out;
}

/**
 * The provider the answer pipeline calls with its search query: Slack's messages as passages, or none when Slack
 * refuses (an expired action_token, a missing scope, a rate limit, a malformed answer). The failure is logged
 * with Slack's error code, never the token, and the answer comes from the documents alone.
 */
export function liveSlackCandidates(
  client: SlackSearchClient,
  spec: SlackSearchSpec,
  request: Omit<SlackSearchRequest, 'query'>,
  logger: Logger,
): (query: string) => Promise<Passage[]> {
  return async (query) => {
    try {
      return slackPassages(await searchSlack(client, spec, { ...request, query }, logger), query);
    } catch (error) {
      const code = error instanceof SlackSearchError ? error.code : slackErrorCode(error);
      logger.warn({ source: spec.name, code }, 'Slack search failed; answering from the documents alone');
      return [];
    }
  };
}

/** Slack's error name from a Web API client error (`data.error`), or its kind (a timeout, a rate limit). */
function slackErrorCode(error: unknown): string {
  const e = error as { code?: unknown; data?: { error?: unknown } } | undefined;
  if (typeof e?.data?.error === 'string') return e.data.error;
  return typeof e?.code === 'string' ? e.code : 'request_failed';
}

/**
 * What Slack says of the Real-time Search API on this workspace, for `kiki sources`: assistant.search.info
 * (https://docs.slack.dev/reference/methods/assistant.search.info) answers `is_ai_search_enabled`, or refuses.
 */
export async function slackSearchAvailability(info: (() => Promise<unknown>) | undefined): Promise<string> {
  if (!info) return 'availability not checked: SLACK_BOT_TOKEN is not set';
  let code: string;
  try {
    const res = (await info()) as { ok?: boolean; error?: unknown; is_ai_search_enabled?: unknown };
    if (res.ok) {
      return res.is_ai_search_enabled
        ? 'Slack: the Real-time Search API is available on this workspace (with Slack AI search)'
        : 'Slack: the Real-time Search API is available on this workspace (keyword search; Slack AI search is off)';
    }
    code = typeof res.error === 'string' ? res.error : 'unknown_error';
  } catch (error) {
    code = slackErrorCode(error);
  }
  if (code === 'missing_scope') return 'Slack: the bot token lacks search:read.public (update the app from manifest.json and reinstall)';
  if (['unknown_method', 'feature_not_enabled', 'not_allowed_token_type', 'team_access_not_granted'].includes(code))
    return `Slack: this workspace does not offer the Real-time Search API (${code}); answers come from the documents alone`;
  return `availability unknown: Slack did not answer (${code})`;
}
