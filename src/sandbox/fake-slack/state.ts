import { EventEmitter } from 'node:events';
import { FakeChannels } from '../fake-slack-extras.js';
import { FakeSearch } from './api-search.js';

/** What the fake Slack keeps: people, messages, views, files, and every Web API call it was sent. */

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  department?: string;
  isBot?: boolean;
  /** The user's own workspace; another team's id marks a Slack Connect guest. */
  teamId?: string;
  /** Set for a guest from an external organisation (Slack Connect). */
  enterpriseId?: string;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
  /** What the fake Slack answered. */
  result?: Record<string, unknown>;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  blocks?: unknown[];
  files?: FakeFile[];
  /** Set for messages only one user can see (chat.postEphemeral, ephemeral response_url replies). */
  ephemeralTo?: string;
  edited?: boolean;
  /** Still being streamed (chat.startStream … chat.stopStream). */
  streaming?: boolean;
  /** Ended by the person's stop button (Slack shows it as stopped). */
  stopped?: boolean;
  /** Made with chat.startStream: its text is content shown above its blocks, not a fallback. */
  streamed?: boolean;
  /** Task and plan chunks of a streamed message (chat.startStream / appendStream), by task id, in order. */
  tasks?: FakeTask[];
  /** The plan title of a streamed message (plan_update chunk). */
  planTitle?: string;
  /** Message metadata (chat.postMessage `metadata`); read back only with include_all_metadata. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface FakeTask {
  id: string;
  title: string;
  status: string;
  details?: string;
  output?: string;
}

export interface FakeFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  data: Buffer;
  url_private: string;
}

export interface FakeView {
  id: string;
  user?: string;
  trigger_id?: string;
  view: Record<string, unknown>;
  kind: 'modal' | 'home';
  /** The first view of the modal stack this view belongs to (views.push keeps it). */
  rootViewId?: string;
  previousViewId?: string;
  hash?: string;
}

/** A Web API method: its result is merged into `{ ok: true }`; returning `ok: false` makes it an error. */
export type Handler = (args: Record<string, unknown>, call: RecordedCall) => Record<string, unknown>;

export class SlackState extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly files = new Map<string, FakeFile>();
  readonly views = new Map<string, FakeView>();
  readonly homes = new Map<string, FakeView>();
  readonly users = new Map<string, FakeUser>();
  /** Channels with members and privacy (conversations.info / conversations.members). */
  readonly channels = new FakeChannels();
  /** assistant.search.context: the bot's search scopes and the action_tokens issued with events. */
  readonly search = new FakeSearch();
  readonly triggers = new Map<string, string>();
  /** Open modals per user, bottom first (views.open starts a stack, views.push adds to it). */
  readonly modalStacks = new Map<string, string[]>();
  readonly pendingUploads = new Map<string, { name: string; length: number; data?: Buffer }>();
  /** Suggested prompts and titles set with assistant.threads.*, by channel (and thread, when given). */
  readonly suggestedPrompts = new Map<string, { title?: string; prompts: { title: string; message: string }[] }>();
  readonly threadTitles = new Map<string, string>();
  /** Agent sessions (agents.sessions.*), by "channel:thread_ts": status and title. */
  readonly agentSessions = new Map<string, { status: string; title?: string }>();
  baseUrl = '';
  private seq = 0;
  /** The second of the latest ts: message times follow the clock (never backwards), the sequence keeps them unique. */
  private clock = 0;

  constructor(
    readonly botUserId: string,
    readonly botId: string,
    readonly teamId: string,
  ) {
    super();
  }

  nextTs(): string {
    this.seq += 1;
    this.clock = Math.max(this.clock, Math.floor(Date.now() / 1000));
    return `${this.clock}.${String(this.seq).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  /** A trigger_id for an interaction by `user`; views.open with it opens a modal for that user. */
  newTrigger(user: string): string {
    const id = `${this.nextId('trigger-')}.${user}`;
    this.triggers.set(id, user);
    return id;
  }

  post(message: FakeMessage): FakeMessage {
    this.messages.push(message);
    this.emit('message', message);
    return message;
  }

  /** A file a person uploaded (a modal's file_input, a message's attachment), downloadable from url_private. */
  addUserFile(name: string, data: Buffer): FakeFile {
    const id = this.nextId('F');
    const url = `${this.baseUrl}files/${id}/${encodeURIComponent(name)}`;
    const file: FakeFile = { id, name, title: name, mimetype: mimeOf(name), size: data.length, data, url_private: url };
    this.files.set(id, file);
    return file;
  }

  removeMessage(message: FakeMessage): void {
    const i = this.messages.indexOf(message);
    if (i >= 0) this.emit('deleted', this.messages.splice(i, 1)[0]);
  }

  findMessage(channel: unknown, ts: unknown): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  thread(channel: string, ts: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.ephemeralTo && (m.ts === ts || m.thread_ts === ts));
  }

  /** Slack accepts a user ID as the channel of chat.postMessage and posts to the DM with that user. */
  channelOf(channel: unknown): string {
    const id = String(channel);
    return /^[UW][A-Z0-9]+$/.test(id) ? `D${id}` : id;
  }

  /** The view as Slack returns it and sends it in interaction payloads. */
  viewPayload(v: FakeView): Record<string, unknown> {
    return {
      ...v.view,
      id: v.id,
      team_id: this.teamId,
      bot_id: this.botId,
      hash: v.hash ?? '',
      root_view_id: v.rootViewId ?? v.id,
      previous_view_id: v.previousViewId ?? null,
    };
  }

  saveView(a: Record<string, unknown>, how: 'open' | 'push'): Record<string, unknown> {
    const trigger = typeof a.trigger_id === 'string' ? a.trigger_id : undefined;
    const user = trigger ? this.triggers.get(trigger) : undefined;
    const stack = user ? (this.modalStacks.get(user) ?? []) : [];
    if (how === 'push' && stack.length === 0) return { ok: false, error: 'push_limit_reached' };
    const view: FakeView = {
      id: this.nextId('V'),
      kind: 'modal',
      view: withIds(asObject(a.view)),
      hash: this.nextId('H'),
      ...(trigger ? { trigger_id: trigger } : {}),
      ...(user ? { user } : {}),
      ...(how === 'push' && stack[0] ? { rootViewId: stack[0], previousViewId: stack[stack.length - 1] } : {}),
    };
    this.views.set(view.id, view);
    if (user) this.modalStacks.set(user, how === 'open' ? [view.id] : [...stack, view.id]);
    this.emit('view', view);
    return { view: this.viewPayload(view) };
  }
}

/** Slack gives every block a block_id and every interactive element an action_id when the app leaves them out. */
export function withIds(view: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(view.blocks)) return view;
  const blocks = view.blocks.map((raw, i) => {
    const block = { ...asObject(raw) };
    if (typeof block.block_id !== 'string') block.block_id = `b${i}`;
    const element = asObject(block.element);
    if (Object.keys(element).length > 0 && typeof element.action_id !== 'string') {
      block.element = { ...element, action_id: `a${i}` };
    }
    return block;
  });
  return { ...view, blocks };
}

export function asObject(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') {
    if (/^\s*[[{]/.test(v)) {
      try {
        return asObject(JSON.parse(v));
      } catch {
        return {};
      }
    }
    return {};
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function mimeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop();
  const types: Record<string, string> = {
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    png: 'image/png',
    csv: 'text/csv',
    md: 'text/markdown',
    json: 'application/json',
    pdf: 'application/pdf',
  };
  return types[ext ?? ''] ?? 'application/octet-stream';
}
