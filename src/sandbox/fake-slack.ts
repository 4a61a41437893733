import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private server?: http.Server;
  private baseUrl = '';
  private seq = 0;
  private clock = Math.floor(Date.now() / 1000);
  private failures = new Map<string, string[]>();
  private pendingUploads = new Map<string, { name: string; length: number; data?: Buffer }>();

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
    await new Promise<void>((resolve) => this.server?.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
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

  /** Adds a message written by a person (the sandbox's composer, or a test), so threads read back like Slack's. */
  addUserMessage(channel: string, user: string, text: string, threadTs?: string): FakeMessage {
    const message: FakeMessage = { channel, ts: this.nextTs(), user, text, ...(threadTs ? { thread_ts: threadTs } : {}) };
    this.messages.push(message);
    this.emit('message', message);
    return message;
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
      const failure = this.failures.get(method)?.shift();
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

  private findMessage(channel: unknown, ts: unknown): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
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
        channel: String(a.channel),
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
      const i = this.messages.findIndex((m) => m.channel === a.channel && m.ts === a.ts);
      if (i >= 0) this.emit('deleted', this.messages.splice(i, 1)[0]);
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
    'conversations.info': (a) => ({
      channel: { id: a.channel, name: String(a.channel).toLowerCase(), is_im: String(a.channel).startsWith('D') },
    }),
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
    'views.open': (a) => this.saveView(a, 'modal'),
    'views.push': (a) => this.saveView(a, 'modal'),
    'views.update': (a) => {
      const existing = this.views.get(String(a.view_id));
      if (!existing) return { ok: false, error: 'not_found' };
      existing.view = asObject(a.view);
      this.emit('view', existing);
      return { view: { id: existing.id, ...existing.view } };
    },
    'views.publish': (a) => {
      const home: FakeView = { id: this.nextId('VH'), user: String(a.user_id), view: asObject(a.view), kind: 'home' };
      this.homes.set(String(a.user_id), home);
      this.emit('view', home);
      return { view: { id: home.id, ...home.view } };
    },
    'reactions.add': () => ({}),
    'reactions.remove': () => ({}),
    'assistant.threads.setStatus': () => ({}),
    'assistant.threads.setSuggestedPrompts': () => ({}),
    'assistant.threads.setTitle': () => ({}),
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

  private saveView(a: Record<string, unknown>, kind: 'modal'): Record<string, unknown> {
    const view: FakeView = {
      id: this.nextId('V'),
      kind,
      view: asObject(a.view),
      ...(typeof a.trigger_id === 'string' ? { trigger_id: a.trigger_id } : {}),
    };
    this.views.set(view.id, view);
    this.emit('view', view);
    return { view: { id: view.id, ...view.view } };
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
