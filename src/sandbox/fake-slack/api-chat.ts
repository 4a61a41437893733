import { refusal } from './refusal.js';
import type { FakeMessage, FakeTask, Handler, SlackState } from './state.js';
import { checkBlocks, checkMessage, LIMITS } from './validate.js';

const CHUNK_TYPES = new Set(['markdown_text', 'task_update', 'plan_update', 'blocks']);
const TASK_STATUS = new Set(['pending', 'in_progress', 'complete', 'error']);

/** chat.*: messages, ephemeral messages, updates, deletes, permalinks and text streaming with chunks. */
export function chatApi(s: SlackState): Record<string, Handler> {
  return {
    'chat.postMessage': (a, call) => {
      const bad = checkMessage(a);
      if (bad) return refusal(bad.error, bad.problems);
      if (!a.channel) return { ok: false, error: 'channel_not_found' };
      const metadata = messageMetadata(a.metadata);
      if (metadata === 'invalid') return { ok: false, error: 'invalid_metadata_format' };
      const m = s.post({
        ...(metadata ? { metadata } : {}),
        channel: s.channelOf(a.channel),
        ts: s.nextTs(),
        bot_id: s.botId,
        user: s.botUserId,
        ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        ...(typeof a.text === 'string' ? { text: a.text } : {}),
        ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
      });
      call.args.__ts = m.ts;
      return { channel: m.channel, ts: m.ts, message: m };
    },
    'chat.postEphemeral': (a) => {
      const bad = checkMessage(a);
      if (bad) return refusal(bad.error, bad.problems);
      if (!a.user) return { ok: false, error: 'user_not_in_channel' };
      const m = s.post({
        channel: String(a.channel),
        ts: s.nextTs(),
        bot_id: s.botId,
        ephemeralTo: String(a.user),
        ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        ...(typeof a.text === 'string' ? { text: a.text } : {}),
        ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
      });
      return { message_ts: m.ts };
    },
    'chat.update': (a) => {
      const bad = checkMessage(a, { requireContent: false });
      if (bad) return refusal(bad.error, bad.problems);
      const m = s.findMessage(a.channel, a.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      if (typeof a.text === 'string') m.text = a.text;
      if (Array.isArray(a.blocks)) m.blocks = a.blocks;
      m.edited = true;
      s.emit('message', m);
      return { channel: m.channel, ts: m.ts };
    },
    'chat.delete': (a) => {
      const m = s.findMessage(a.channel, a.ts);
      if (m) s.removeMessage(m);
      return { channel: a.channel, ts: a.ts };
    },
    'chat.startStream': (a) => startStream(s, a),
    'chat.appendStream': (a) => {
      const m = s.findMessage(a.channel, a.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      if (!m.streaming) return { ok: false, error: 'message_not_in_streaming_state' };
      const bad = applyChunks(m, a);
      if (bad) return bad;
      s.emit('message', m);
      return { channel: m.channel, ts: m.ts };
    },
    'chat.stopStream': (a) => {
      const m = s.findMessage(a.channel, a.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      if (!m.streaming) return { ok: false, error: 'message_not_in_streaming_state' };
      const bad = applyChunks(m, a);
      if (bad) return bad;
      if (Array.isArray(a.blocks)) {
        const problems = checkBlocks(a.blocks, LIMITS.messageBlocks, 'message');
        if (problems.length) return refusal('invalid_blocks', problems);
        m.blocks = a.blocks;
      }
      m.streaming = false;
      s.emit('message', m);
      return { channel: m.channel, ts: m.ts, message: m };
    },
    'chat.getPermalink': (a) => ({
      channel: a.channel,
      permalink: `${s.baseUrl}archives/${String(a.channel)}/p${String(a.message_ts).replace('.', '')}`,
    }),
  };
}

/** chat.startStream: a reply in a thread that starts streaming, refused as Slack would without thread or recipient. */
function startStream(s: SlackState, a: Record<string, unknown>): Record<string, unknown> {
  const channel = String(a.channel ?? '');
  if (!channel) return { ok: false, error: 'channel_not_found' };
  if (!a.thread_ts) return refusal('invalid_arguments', ['thread_ts is required: streamed messages are replies']);
  if (!channel.startsWith('D') && (!a.recipient_user_id || !a.recipient_team_id)) {
    return refusal('invalid_arguments', ['recipient_user_id and recipient_team_id are required when streaming to channels']);
  }
  if (a.task_display_mode !== undefined && a.task_display_mode !== 'timeline' && a.task_display_mode !== 'plan') {
    return refusal('invalid_arguments', ['task_display_mode must be "timeline" or "plan"']);
  }
  const m: FakeMessage = {
    channel,
    ts: s.nextTs(),
    bot_id: s.botId,
    user: s.botUserId,
    streaming: true,
    streamed: true,
    text: '',
    thread_ts: String(a.thread_ts),
  };
  const bad = applyChunks(m, a);
  if (bad) return bad;
  s.post(m);
  return { channel: m.channel, ts: m.ts };
}

/** markdown_text and chunks of a stream call, applied to the message; a refusal when Slack would refuse them. */
function applyChunks(m: FakeMessage, a: Record<string, unknown>): Record<string, unknown> | undefined {
  const chunks = a.chunks === undefined ? [] : a.chunks;
  if (!Array.isArray(chunks)) return refusal('invalid_arguments', ['chunks must be an array']);
  if (typeof a.markdown_text === 'string' && chunks.length > 0)
    return refusal('invalid_arguments', ['markdown_text and chunks cannot be used together']);
  let added = typeof a.markdown_text === 'string' ? a.markdown_text.length : 0;
  const problems: string[] = [];
  chunks.forEach((raw, i) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    if (!CHUNK_TYPES.has(String(c.type))) problems.push(`unsupported chunk type: ${String(c.type)} [json-pointer:/chunks/${i}/type]`);
    if (c.type === 'markdown_text') {
      if (typeof c.text !== 'string') problems.push(`text is required [json-pointer:/chunks/${i}/text]`);
      else added += c.text.length;
    }
    if (c.type === 'task_update') {
      if (typeof c.id !== 'string' || !c.id) problems.push(`id is required [json-pointer:/chunks/${i}/id]`);
      if (typeof c.title !== 'string' || !c.title) problems.push(`title is required [json-pointer:/chunks/${i}/title]`);
      if (!TASK_STATUS.has(String(c.status)))
        problems.push(`status must be pending, in_progress, complete or error [json-pointer:/chunks/${i}/status]`);
    }
    if (c.type === 'plan_update' && (typeof c.title !== 'string' || !c.title))
      problems.push(`title is required [json-pointer:/chunks/${i}/title]`);
  });
  if (problems.length) return refusal('invalid_chunks', problems);
  if ((m.text?.length ?? 0) + added > LIMITS.markdown) return { ok: false, error: 'msg_too_long' };
  if (typeof a.markdown_text === 'string') m.text = `${m.text ?? ''}${a.markdown_text}`;
  for (const raw of chunks) {
    const c = raw as Record<string, unknown>;
    if (c.type === 'markdown_text') m.text = `${m.text ?? ''}${String(c.text)}`;
    if (c.type === 'plan_update') m.planTitle = String(c.title);
    if (c.type === 'task_update') {
      const task: FakeTask = {
        id: String(c.id),
        title: String(c.title),
        status: String(c.status),
        ...(typeof c.details === 'string' ? { details: c.details } : {}),
        ...(typeof c.output === 'string' ? { output: c.output } : {}),
      };
      const tasks = m.tasks ?? [];
      const i = tasks.findIndex((t) => t.id === task.id);
      if (i >= 0) tasks[i] = task;
      else tasks.push(task);
      m.tasks = tasks;
    }
  }
  return undefined;
}

/**
 * chat.postMessage's `metadata` (https://api.slack.com/metadata/using): an object (JSON-encoded in a form)
 * with an `event_type` of letters, digits and underscores and an `event_payload` object.
 */
function messageMetadata(raw: unknown): FakeMessage['metadata'] | 'invalid' | undefined {
  if (raw === undefined) return undefined;
  const m = typeof raw === 'string' ? parseObject(raw) : raw;
  if (typeof m !== 'object' || m === null) return 'invalid';
  const { event_type: type, event_payload: payload } = m as Record<string, unknown>;
  if (typeof type !== 'string' || !/^[A-Za-z0-9_]{1,255}$/.test(type)) return 'invalid';
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'invalid';
  return { event_type: type, event_payload: payload as Record<string, unknown> };
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
