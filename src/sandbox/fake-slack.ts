import { EventEmitter } from 'node:events';
import http from 'node:http';
import { FakeChannels, FakeFaults } from './fake-slack-extras.js';
import { closeNow, listen } from './loopback.js';

export type { FakeChannel, FakeFault } from './fake-slack-extras.js';

/**
 * A stand-in for Slack's Web API on 127.0.0.1. It answers the methods Kiki uses, keeps the messages,
 * views and files it is given so that threads and uploads behave, and records every call. The tests use
 * it to assert what a user would see; the local sandbox uses it as its "Slack".
 */

export interface FakeUser {
  id: string;
  name: string;
  realName?: string;
  email?: string;
  department?: string;
  isBot?: boolean;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
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
  streaming?: boolean;
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

/** Where a response_url reply lands, as Slack knows it from the command or the interaction that issued it. */
export interface ResponseContext {
  channel: string;
  user: string;
  threadTs?: string;
  /** The message an interaction came from: replace_original and delete_original act on it. */
  messageTs?: string;
}

/** What an app may send to a response_url, or in the HTTP body of its ack to a slash command. */
export interface ResponseBody {
  text?: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean | string;
  delete_original?: boolean | string;
  thread_ts?: string;
}

export interface FakeSlackOptions {
  users?: FakeUser[];
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Bind address; the tests and the sandbox use loopback only. */
  host?: string;
  port?: number;
}

type Handler = (args: Record<string, unknown>, call: RecordedCall) => Record<string, unknown>;

export class FakeSlack extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly files = new Map<string, FakeFile>();
  readonly views = new Map<string, FakeView>();
  readonly homes = new Map<string, FakeView>();
  readonly users = new Map<string, FakeUser>();
  /** Channels with members and privacy (conversations.info / conversations.members). */
  readonly channels = new FakeChannels();
  /** Methods set to hang or fail (tests and the soak benchmark). */
  readonly faults = new FakeFaults();
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private server?: http.Server;
  private baseUrl = '';
  private seq = 0;
  private clock = Math.floor(Date.now() / 1000);
  private failures = new Map<string, string[]>();
  private pendingUploads = new Map<string, { name: string; length: number; data?: Buffer }>();
  private responseContexts = new Map<string, ResponseContext>();
  private triggers = new Map<string, string>();
  /** Open modals per user, bottom first (views.open starts a stack, views.push adds to it). */
  private modalStacks = new Map<string, string[]>();

  constructor(private readonly options: FakeSlackOptions = {}) {
    super();
    this.botUserId = options.botUserId ?? 'UKIKIBOT';
    this.botId = options.botId ?? 'BKIKIBOT';
    this.teamId = options.teamId ?? 'T0KIKI';
    for (const u of options.users ?? []) this.users.set(u.id, u);
  }

  /** Base URL of the server, ending in "/". */
  get url(): string {
    return this.baseUrl;
  }

  /** What to set SLACK_API_URL to. */
  get apiUrl(): string {
    return `${this.baseUrl}api/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'fake_internal_error', detail: String(error) }));
      });
    });
    const port = await listen(this.server, this.options.port, this.options.host);
    this.baseUrl = `http://127.0.0.1:${port}/`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server) await closeNow(server);
  }

  /** The next call to `method` answers `{ ok: false, error }` instead (repeatable, in order). */
  failNext(method: string, error = 'internal_error'): void {
    const list = this.failures.get(method) ?? [];
    list.push(error);
    this.failures.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (past or future) to `method` that matches `where`. */
  waitFor(method: string, where: (args: Record<string, unknown>) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find((c) => c.method === method && where(c.args));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (call: RecordedCall) => {
        if (call.method === method && where(call.args)) {
          clearTimeout(timer);
          this.off('call', onCall);
          resolve(call);
        }
      };
      const timer = setTimeout(() => {
        this.off('call', onCall);
        const seen = this.calls.map((c) => c.method).join(', ') || 'none';
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${method}; calls so far: ${seen}`));
      }, timeoutMs);
      this.on('call', onCall);
    });
  }

  /** A response_url for a slash command or an interaction; posts to it are recorded as method "response_url". */
  responseUrl(key = this.nextId('R')): string {
    return `${this.baseUrl}response/${key}`;
  }

  /** A response_url that remembers where its replies go (the sandbox; tests may use it too). */
  responseUrlFor(context: ResponseContext): string {
    const key = this.nextId('R');
    this.responseContexts.set(key, context);
    return this.responseUrl(key);
  }

  /** A trigger_id for an interaction by `user`; views.open with it opens a modal for that user. */
  newTrigger(user: string): string {
    const id = `${this.nextId('trigger-')}.${user}`;
    this.triggers.set(id, user);
    return id;
  }

  /**
   * Applies a reply sent to a response_url (or an ack body) the way Slack does: a new ephemeral message
   * unless response_type is in_channel; replace_original / delete_original act on the message it came from.
   */
  applyResponse(key: string, body: ResponseBody): FakeMessage | undefined {
    const ctx = this.responseContexts.get(key);
    if (!ctx) return undefined;
    const original = ctx.messageTs ? this.messages.find((m) => m.channel === ctx.channel && m.ts === ctx.messageTs) : undefined;
    if (truthy(body.delete_original)) {
      if (original) this.removeMessage(original);
      return undefined;
    }
    if (truthy(body.replace_original) && original) {
      if (typeof body.text === 'string') original.text = body.text;
      original.blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
      original.edited = true;
      this.emit('message', original);
      return original;
    }
    const threadTs = body.thread_ts ?? ctx.threadTs ?? original?.thread_ts;
    return this.post({
      channel: ctx.channel,
      ts: this.nextTs(),
      bot_id: this.botId,
      user: this.botUserId,
      ...(body.response_type === 'in_channel' ? {} : { ephemeralTo: ctx.user }),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(typeof body.text === 'string' ? { text: body.text } : {}),
      ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
    });
  }

  /** The modals open for `user`, bottom of the stack first. */
  modalsOf(user: string): FakeView[] {
    return (this.modalStacks.get(user) ?? []).map((id) => this.views.get(id)).filter((v): v is FakeView => v !== undefined);
  }

  /** response_action "update" to a view_submission: the submitted view is replaced in place. */
  replaceView(viewId: string, view: Record<string, unknown>): void {
    const existing = this.views.get(viewId);
    if (!existing) return;
    existing.view = withIds(view);
    existing.hash = this.nextId('H');
    this.emit('view', existing);
  }

  /** response_action "push" to a view_submission: a new view on top of the user's stack. */
  pushView(user: string, view: Record<string, unknown>): void {
    this.saveView({ view, trigger_id: this.newTrigger(user) }, 'push');
  }

  /** Closes the top modal of `user` (or all of them), as Slack does after a submission or a click on Cancel. */
  closeModal(user: string, all = false): void {
    const stack = this.modalStacks.get(user) ?? [];
    if (all) stack.length = 0;
    else stack.pop();
    this.modalStacks.set(user, stack);
    this.emit('change');
  }

  /** Adds a message written by a person (the sandbox's composer, or a test), so threads read back like Slack's. */
  addUserMessage(channel: string, user: string, text: string, threadTs?: string): FakeMessage {
    const message: FakeMessage = { channel, ts: this.nextTs(), user, text, ...(threadTs ? { thread_ts: threadTs } : {}) };
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

  /** A message written by a person that the app will read back, e.g. with conversations.replies. */
  findMessage(channel: unknown, ts: unknown): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  thread(channel: string, ts: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.ephemeralTo && (m.ts === ts || m.thread_ts === ts));
  }

  nextTs(): string {
    this.seq += 1;
    return `${this.clock}.${String(this.seq).padStart(6, '0')}`;
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(8, '0')}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') || undefined;
    const reply = (status: number, payload: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
    };

    if (path.startsWith('/api/')) {
      const method = path.slice('/api/'.length);
      const args = { ...parseArgs(body, req.headers['content-type']), ...queryArgs(req.url) };
      const callToken = token ?? (typeof args.token === 'string' ? args.token : undefined);
      const call: RecordedCall = { method, args, token: callToken, at: Date.now() };
      this.calls.push(call);
      const fault = this.faults.take(method);
      if (fault?.kind === 'hang') {
        this.emit('call', call);
        return;
      }
      if (fault?.kind === 'http500') {
        this.emit('call', call);
        return reply(500, 'internal server error', 'text/plain');
      }
      const failure = fault?.kind === 'error' ? (fault.error ?? 'internal_error') : this.failures.get(method)?.shift();
      let result: Record<string, unknown>;
      if (failure) result = { ok: false, error: failure };
      else if (!callToken) result = { ok: false, error: 'not_authed' };
      else {
        const handler = this.handlers[method];
        result = handler ? { ok: true, ...handler(args, call) } : { ok: false, error: 'unknown_method' };
      }
      this.emit('call', call);
      return reply(200, result);
    }
    if (path.startsWith('/upload/')) {
      const id = path.slice('/upload/'.length);
      const pending = this.pendingUploads.get(id);
      if (!pending) return reply(404, 'unknown upload', 'text/plain');
      pending.data = await uploadedBytes(body, req.headers['content-type']);
      return reply(200, 'OK - uploaded', 'text/plain');
    }
    if (path.startsWith('/response/')) {
      const key = path.slice('/response/'.length);
      const args = { ...parseArgs(body, req.headers['content-type']), response_key: key };
      const call: RecordedCall = { method: 'response_url', args, token: undefined, at: Date.now() };
      this.calls.push(call);
      this.emit('call', call);
      this.emit('response', args);
      this.applyResponse(key, args as ResponseBody);
      return reply(200, { ok: true });
    }
    if (path.startsWith('/files/')) {
      const file = this.files.get(path.split('/')[2] ?? '');
      if (!file) return reply(404, 'no such file', 'text/plain');
      res.writeHead(200, {
        'content-type': file.mimetype,
        'content-disposition': `attachment; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`,
      });
      res.end(file.data);
      return;
    }
    reply(404, { ok: false, error: 'not_found' });
  }

  private post(message: FakeMessage): FakeMessage {
    this.messages.push(message);
    this.emit('message', message);
    return message;
  }

  private removeMessage(message: FakeMessage): void {
    const i = this.messages.indexOf(message);
    if (i >= 0) this.emit('deleted', this.messages.splice(i, 1)[0]);
  }

  /** Slack accepts a user ID as the channel of chat.postMessage and posts to the DM with that user. */
  private channelOf(channel: unknown): string {
    const id = String(channel);
    return /^[UW][A-Z0-9]+$/.test(id) ? `D${id}` : id;
  }

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => ({
      user_id: this.botUserId,
      bot_id: this.botId,
      team_id: this.teamId,
      team: 'Kiki Sandbox',
      user: 'kiki',
      url: this.baseUrl,
    }),
    'chat.postMessage': (a, call) => {
      const m = this.post({
        channel: this.channelOf(a.channel),
        ts: this.nextTs(),
        bot_id: this.botId,
        user: this.botUserId,
        ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        ...(typeof a.text === 'string' ? { text: a.text } : {}),
        ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
      });
      call.args.__ts = m.ts;
      return { channel: m.channel, ts: m.ts, message: m };
    },
    'chat.postEphemeral': (a) => {
      const m = this.post({
        channel: String(a.channel),
        ts: this.nextTs(),
        bot_id: this.botId,
        ephemeralTo: String(a.user),
        ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        ...(typeof a.text === 'string' ? { text: a.text } : {}),
        ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
      });
      return { message_ts: m.ts };
    },
    'chat.update': (a) => {
      const m = this.findMessage(a.channel, a.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      if (typeof a.text === 'string') m.text = a.text;
      if (Array.isArray(a.blocks)) m.blocks = a.blocks;
      m.edited = true;
      this.emit('message', m);
      return { channel: m.channel, ts: m.ts };
    },
    'chat.delete': (a) => {
      const m = this.findMessage(a.channel, a.ts);
      if (m) this.removeMessage(m);
      return { channel: a.channel, ts: a.ts };
    },
    'chat.startStream': (a) => {
      const m = this.post({
        channel: String(a.channel),
        ts: this.nextTs(),
        bot_id: this.botId,
        user: this.botUserId,
        streaming: true,
        text: typeof a.markdown_text === 'string' ? a.markdown_text : '',
        ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
      });
      return { channel: m.channel, ts: m.ts };
    },
    'chat.appendStream': (a) => {
      const m = this.findMessage(a.channel, a.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      m.text = `${m.text ?? ''}${typeof a.markdown_text === 'string' ? a.markdown_text : ''}`;
      this.emit('message', m);
      return { channel: m.channel, ts: m.ts };
    },
    'chat.stopStream': (a) => {
      const m = this.findMessage(a.channel, a.ts);
      if (!m) return { ok: false, error: 'message_not_found' };
      if (typeof a.markdown_text === 'string') m.text = `${m.text ?? ''}${a.markdown_text}`;
      if (Array.isArray(a.blocks)) m.blocks = a.blocks;
      m.streaming = false;
      this.emit('message', m);
      return { channel: m.channel, ts: m.ts, message: m };
    },
    'chat.getPermalink': (a) => ({
      channel: a.channel,
      permalink: `${this.baseUrl}archives/${String(a.channel)}/p${String(a.message_ts).replace('.', '')}`,
    }),
    'conversations.replies': (a) => {
      const messages = this.thread(String(a.channel), String(a.ts));
      const limit = Number(a.limit ?? 1000);
      return { messages: messages.slice(-limit), has_more: messages.length > limit };
    },
    'conversations.history': (a) => ({
      messages: this.messages.filter((m) => m.channel === a.channel && !m.thread_ts && !m.ephemeralTo).reverse(),
      has_more: false,
    }),
    'conversations.open': (a) => {
      const users = String(a.users ?? '').split(',');
      return { channel: { id: `D${users[0] ?? 'UNKNOWN'}` } };
    },
    'conversations.info': (a) => this.channels.info(String(a.channel)),
    'conversations.members': (a) => this.channels.members(String(a.channel), a.limit, a.cursor),
    'users.info': (a) => {
      const u = this.users.get(String(a.user));
      if (!u) return { ok: false, error: 'user_not_found' };
      return {
        user: {
          id: u.id,
          name: u.name,
          real_name: u.realName ?? u.name,
          is_bot: Boolean(u.isBot),
          profile: {
            real_name: u.realName ?? u.name,
            display_name: u.name,
            email: u.email,
            ...(u.department ? { department: u.department } : {}),
          },
        },
      };
    },
    'views.open': (a) => this.saveView(a, 'open'),
    'views.push': (a) => this.saveView(a, 'push'),
    'views.update': (a) => {
      const all = [...this.views.values(), ...this.homes.values()];
      const existing = a.view_id ? all.find((v) => v.id === a.view_id) : all.find((v) => v.view.external_id === a.external_id);
      if (!existing) return { ok: false, error: 'not_found' };
      existing.view = withIds(asObject(a.view));
      existing.hash = this.nextId('H');
      this.emit('view', existing);
      return { view: this.viewPayload(existing) };
    },
    'views.publish': (a) => {
      const home: FakeView = { id: this.nextId('VH'), user: String(a.user_id), view: withIds(asObject(a.view)), kind: 'home' };
      this.homes.set(String(a.user_id), home);
      this.emit('view', home);
      return { view: { id: home.id, ...home.view } };
    },
    'reactions.add': () => ({}),
    'reactions.remove': () => ({}),
    'assistant.threads.setStatus': () => ({}),
    'assistant.threads.setSuggestedPrompts': () => ({}),
    'assistant.threads.setTitle': () => ({}),
    'files.info': (a) => {
      const file = this.files.get(String(a.file));
      return file ? { file: { ...file, data: undefined, url_private_download: file.url_private } } : { ok: false, error: 'file_not_found' };
    },
    'files.getUploadURLExternal': (a) => {
      const id = this.nextId('F');
      this.pendingUploads.set(id, { name: String(a.filename), length: Number(a.length) });
      return { upload_url: `${this.baseUrl}upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (a) => {
      const list = (Array.isArray(a.files) ? a.files : []) as { id: string; title?: string }[];
      const done: FakeFile[] = [];
      for (const f of list) {
        const pending = this.pendingUploads.get(f.id);
        if (!pending?.data) return { ok: false, error: 'file_not_found' };
        const file: FakeFile = {
          id: f.id,
          name: pending.name,
          title: f.title ?? pending.name,
          mimetype: mimeOf(pending.name),
          size: pending.data.length,
          data: pending.data,
          url_private: `${this.baseUrl}files/${f.id}/${encodeURIComponent(pending.name)}`,
        };
        this.files.set(f.id, file);
        this.pendingUploads.delete(f.id);
        done.push(file);
      }
      if (a.channel_id) {
        this.post({
          channel: String(a.channel_id),
          ts: this.nextTs(),
          bot_id: this.botId,
          user: this.botUserId,
          files: done,
          ...(typeof a.initial_comment === 'string' ? { text: a.initial_comment } : {}),
          ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        });
      }
      return { files: done.map(({ data: _data, ...rest }) => rest) };
    },
  };

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

  private saveView(a: Record<string, unknown>, how: 'open' | 'push'): Record<string, unknown> {
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

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return new FakeSlack(options).start();
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API client posts the file either raw or as multipart form data (one file field). */
async function uploadedBytes(body: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const form = await new Request('http://upload.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(body),
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  return body;
}

/** The Web API client sends form fields with objects JSON-encoded; response_url posts are JSON. */
function parseArgs(body: Buffer, contentType: string | undefined): Record<string, unknown> {
  if (body.length === 0) return {};
  const text = body.toString('utf8');
  if (contentType?.includes('application/json')) {
    try {
      return asObject(JSON.parse(text));
    } catch {
      return { __raw: text };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = decodeValue(v);
  return out;
}

function queryArgs(url: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URL(url ?? '/', 'http://x').searchParams) out[k] = decodeValue(v);
  return out;
}

function decodeValue(v: string): unknown {
  if (/^\s*[[{]/.test(v)) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}

/** Slack gives every block a block_id and every interactive element an action_id when the app leaves them out. */
function withIds(view: Record<string, unknown>): Record<string, unknown> {
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

function asObject(v: unknown): Record<string, unknown> {
  if (typeof v === 'string') return asObject(decodeValue(v));
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function mimeOf(name: string): string {
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
