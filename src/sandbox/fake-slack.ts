import http from 'node:http';
import { chatApi } from './fake-slack/api-chat.js';
import { filesApi } from './fake-slack/api-files.js';
import { searchApi } from './fake-slack/api-search.js';
import { viewsApi } from './fake-slack/api-views.js';
import { workspaceApi } from './fake-slack/api-workspace.js';
import { parseArgs, queryArgs, readBody, uploadedBytes } from './fake-slack/http.js';
import { refusal } from './fake-slack/refusal.js';
import { type FakeMessage, type FakeUser, type Handler, type RecordedCall, SlackState, withIds } from './fake-slack/state.js';
import { checkMessage, checkView } from './fake-slack/validate.js';
import { FakeFaults } from './fake-slack-extras.js';
import { closeNow, listen } from './loopback.js';

export type { FakeFile, FakeMessage, FakeTask, FakeUser, FakeView, RecordedCall } from './fake-slack/state.js';
export type { FakeChannel, FakeFault } from './fake-slack-extras.js';

/**
 * A stand-in for Slack's Web API on 127.0.0.1. It answers the methods Kiki uses, refuses what real Slack
 * refuses (Block Kit limits, views without submit, unknown block types…) with Slack's error names, keeps the
 * messages, views and files it is given so that threads and uploads behave, and records every call. The
 * local sandbox uses it as its "Slack"; the tests drive it through test/helpers/fake-slack.ts.
 */

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

export class FakeSlack extends SlackState {
  private server?: http.Server;
  private readonly responseContexts = new Map<string, ResponseContext>();
  private readonly handlers: Record<string, Handler>;
  /** Methods set to hang or fail (tests and the soak benchmark; the sandbox never sets any). */
  readonly faults = new FakeFaults();

  constructor(private readonly options: FakeSlackOptions = {}) {
    super(options.botUserId ?? 'UKIKIBOT', options.botId ?? 'BKIKIBOT', options.teamId ?? 'T0KIKI');
    for (const u of options.users ?? []) this.users.set(u.id, u);
    this.handlers = { ...workspaceApi(this), ...chatApi(this), ...viewsApi(this), ...filesApi(this), ...searchApi(this) };
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
      if (Array.isArray(body.blocks)) original.blocks = body.blocks;
      else delete original.blocks;
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
  modalsOf(user: string) {
    return (this.modalStacks.get(user) ?? []).map((id) => this.views.get(id)).filter((v) => v !== undefined);
  }

  /** response_action "update" to a view_submission: the submitted view is replaced in place (if Slack would accept it). */
  replaceView(viewId: string, view: Record<string, unknown>): string[] {
    const existing = this.views.get(viewId);
    if (!existing) return ['not_found'];
    const problems = checkView(view, 'modal');
    if (problems.length) return problems;
    existing.view = withIds(view);
    existing.hash = this.nextId('H');
    this.emit('view', existing);
    return [];
  }

  /** response_action "push" to a view_submission: a new view on top of the user's stack. */
  pushView(user: string, view: Record<string, unknown>): string[] {
    const problems = checkView(view, 'modal');
    if (problems.length) return problems;
    this.saveView({ view, trigger_id: this.newTrigger(user) }, 'push');
    return [];
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
    return this.post({ channel, ts: this.nextTs(), user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  }

  /**
   * A person presses the stop button of the agent session in this thread, as Slack handles it: the app's streams
   * in the thread end (no more appends); the ts of those are what agent_session_stopped lists.
   * https://docs.slack.dev/reference/events/agent_session_stopped
   */
  pressStop(channel: string, threadTs: string): string[] {
    const ended: string[] = [];
    for (const m of this.messages) {
      if (m.channel === channel && m.thread_ts === threadTs && m.streaming) {
        m.streaming = false;
        m.stopped = true;
        ended.push(m.ts);
        this.emit('message', m);
      }
    }
    return ended;
  }

  /** A hook before a Web API method runs: a result here replaces the method's (test helpers use it). */
  protected intercept(_call: RecordedCall): Record<string, unknown> | undefined {
    return undefined;
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
      const fault = this.faults.take(method, args);
      if (fault?.kind === 'hang') {
        this.emit('call', call);
        return;
      }
      if (fault?.kind === 'http500') {
        this.emit('call', call);
        return reply(500, 'internal server error', 'text/plain');
      }
      if (fault?.kind === 'ratelimited') {
        call.result = { ok: false, error: 'ratelimited' };
        this.emit('call', call);
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(fault.retryAfter) });
        res.end(JSON.stringify(call.result));
        return;
      }
      let result = fault?.kind === 'error' ? { ok: false, error: fault.error ?? 'internal_error' } : this.intercept(call);
      if (!result) {
        if (!callToken) result = { ok: false, error: 'not_authed' };
        else {
          const handler = this.handlers[method];
          result = handler ? { ok: true, ...handler(args, call) } : { ok: false, error: 'unknown_method' };
        }
      }
      call.result = result;
      this.emit('call', call);
      if (fault?.kind === 'slow') {
        const answer = result;
        setTimeout(() => (res.writable ? reply(200, answer) : undefined), fault.delayMs).unref();
        return;
      }
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
      const args: Record<string, unknown> = { ...parseArgs(body, req.headers['content-type']), response_key: key };
      const call: RecordedCall = { method: 'response_url', args, token: undefined, at: Date.now() };
      this.calls.push(call);
      const deleting = truthy(args.delete_original);
      const bad = deleting ? undefined : checkMessage(args);
      call.result = bad ? refusal(bad.error, bad.problems) : { ok: true };
      this.emit('call', call);
      if (bad) return reply(400, call.result);
      this.emit('response', args);
      this.applyResponse(key, args as unknown as ResponseBody);
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
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return new FakeSlack(options).start();
}

function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}
