import crypto from 'node:crypto';
import { z } from 'zod';

/**
 * Slack can be slow but accepting: it posts the message, then answers after the attempt timed out, and a
 * retry would post it again (2–3 replies). Every chat.postMessage therefore carries message metadata with a
 * post id of its own (https://api.slack.com/metadata/using); a retry of the same post first looks for that id
 * in the thread (conversations.replies) or the channel (conversations.history) and, when the message is
 * there, answers with it instead of posting again.
 */

const EVENT_TYPE = 'kiki_post';
/** How long a failed post is remembered for its retries (the client's retry budget is far shorter). */
const REMEMBER_MS = 10 * 60_000;
/** How far back before the first attempt the lookup reads (clocks differ a little). */
const LOOKBACK_S = 30;

interface Pending {
  id: string;
  since: number;
  failed: boolean;
}

const found = z.object({
  ok: z.literal(true),
  messages: z.array(
    z.looseObject({
      ts: z.string(),
      metadata: z.looseObject({ event_type: z.string(), event_payload: z.looseObject({ post_id: z.unknown() }) }).optional(),
    }),
  ),
});

/** Wraps the fetch of the Web API client: chat.postMessage gets its post id, and a retry looks before it posts. */
export function postOnceFetch(inner: typeof fetch): typeof fetch {
  const pending = new Map<string, Pending>();
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!/\/api\/chat\.postMessage$/.test(url) || typeof init?.body !== 'string') return inner(input, init);
    const form = new URLSearchParams(init.body);
    if (form.has('metadata')) return inner(input, init);
    // The client retries with the same body: the body names the post across its attempts.
    const key = crypto.createHash('sha256').update(init.body).digest('hex');
    forgetOld(pending);
    const prior = pending.get(key);
    if (prior?.failed) {
      const ts = await lookFor(inner, url, init, form, prior).catch(() => undefined);
      if (ts) {
        pending.delete(key);
        return posted(form.get('channel') ?? '', ts);
      }
    }
    const entry: Pending = prior?.failed ? { ...prior, failed: false } : { id: crypto.randomUUID(), since: Date.now(), failed: false };
    const own = !prior || prior.failed;
    if (own) pending.set(key, entry);
    form.set('metadata', JSON.stringify({ event_type: EVENT_TYPE, event_payload: { post_id: entry.id } }));
    try {
      const res = await inner(input, { ...init, body: form.toString() });
      if (own) {
        if (res.status === 200) pending.delete(key);
        else entry.failed = true;
      }
      return res;
    } catch (error) {
      if (own) entry.failed = true;
      throw error;
    }
  };
}

function forgetOld(pending: Map<string, Pending>): void {
  const now = Date.now();
  for (const [key, p] of pending) if (now - p.since > REMEMBER_MS) pending.delete(key);
}

/** The ts of the message that carries `post.id`, if Slack has it. */
async function lookFor(
  inner: typeof fetch,
  url: string,
  init: RequestInit,
  form: URLSearchParams,
  post: Pending,
): Promise<string | undefined> {
  const channel = form.get('channel');
  if (!channel) return undefined;
  const thread = form.get('thread_ts');
  const query = new URLSearchParams({
    channel,
    oldest: (post.since / 1000 - LOOKBACK_S).toFixed(6),
    include_all_metadata: 'true',
    limit: thread ? '200' : '100',
    ...(thread ? { ts: thread } : {}),
  });
  const method = thread ? 'conversations.replies' : 'conversations.history';
  const res = await inner(url.replace(/chat\.postMessage$/, method), { ...init, body: query.toString() });
  const parsed = found.safeParse(await res.json());
  if (!parsed.success) return undefined;
  const match = parsed.data.messages.find((m) => m.metadata?.event_type === EVENT_TYPE && m.metadata.event_payload.post_id === post.id);
  return match?.ts;
}

/** chat.postMessage's answer for a message found already posted. */
function posted(channel: string, ts: string): Response {
  return new Response(JSON.stringify({ ok: true, channel, ts }), { status: 200, headers: { 'content-type': 'application/json' } });
}
