import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { isKikiError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { FakeMessage, FakeView } from './fake-slack.js';
import { closeNow, listen } from './loopback.js';
import { type BlockAction, GENERAL, type SandboxWorkspace, SLASH_COMMANDS, type StateValues } from './workspace.js';

/**
 * The sandbox page and its small JSON API, on loopback only. The page polls nothing: it listens to
 * /api/events (server-sent events) and reloads /api/state when the fake Slack changes.
 */

export interface SandboxPerson {
  id: string;
  name: string;
  department: string;
  title?: string;
  admin: boolean;
}

export interface SandboxServerOptions {
  host: string;
  port: number;
  people: SandboxPerson[];
  /** Shown first in the user switcher: the admin and one person per department. */
  featured: string[];
  logger: Logger;
}

export interface SandboxServer {
  url: string;
  close(): Promise<void>;
}

const PUBLIC_DIR = path.join(import.meta.dirname, 'public');
const ASSETS: Record<string, string> = {
  '/': 'index.html',
  '/sandbox.js': 'sandbox.js',
  '/page.js': 'page.js',
  '/messages.js': 'messages.js',
  '/modal.js': 'modal.js',
  '/blocks.js': 'blocks.js',
  '/elements.js': 'elements.js',
  '/mrkdwn.js': 'mrkdwn.js',
  '/sandbox.css': 'sandbox.css',
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
const MAX_BODY = 2 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startSandboxServer(workspace: SandboxWorkspace, options: SandboxServerOptions): Promise<SandboxServer> {
  const slack = workspace.slack;
  let version = 0;
  const listeners = new Set<() => void>();
  let pending: NodeJS.Timeout | undefined;
  const changed = () => {
    version += 1;
    // Several Web API calls often land together (status, post, update): one refresh for the lot.
    pending ??= setTimeout(() => {
      pending = undefined;
      for (const l of listeners) l();
    }, 30);
  };
  for (const event of ['message', 'view', 'deleted', 'change']) slack.on(event, changed);

  const filesPrefix = `${slack.url}files/`;
  const localUrls = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll(filesPrefix, '/files/')) as T;

  const state = (user: string) => sandboxState(workspace, options, user, version, localUrls);

  const api = (req: http.IncomingMessage, route: string): Promise<unknown> => handleApi(workspace, req, route);

  const server = http.createServer((req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(payload));
    };
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) return send(error.status, { ok: false, error: error.message });
      if (isKikiError(error)) return send(400, { ok: false, error: error.userMessage });
      options.logger.error({ err: error, url: req.url }, 'sandbox request failed');
      send(500, { ok: false, error: 'The sandbox could not do that; see the log.' });
    });
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    // Loopback only, and no other web site may drive it (DNS rebinding, cross-site form posts).
    if (!isLocalHost(req.headers.host)) throw new HttpError(403, 'the sandbox answers on 127.0.0.1 only');
    if (req.method === 'GET' && ASSETS[url.pathname]) {
      const file = ASSETS[url.pathname] as string;
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'text/plain', 'cache-control': 'no-store' });
      res.end(await fs.promises.readFile(path.join(PUBLIC_DIR, file)));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/state') {
      const user = url.searchParams.get('user') ?? '';
      if (!slack.users.has(user)) throw new HttpError(400, `unknown user ${user}`);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(state(user)));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/people') {
      const defaultUser = options.featured.find((id) => !options.people.find((p) => p.id === id)?.admin) ?? options.people[0]?.id;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ people: options.people, featured: options.featured, defaultUser }));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${version}\n\n`);
      const push = () => res.write(`data: ${version}\n\n`);
      listeners.add(push);
      req.on('close', () => listeners.delete(push));
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      const file = slack.files.get(url.pathname.split('/')[2] ?? '');
      if (!file) throw new HttpError(404, 'no such file');
      const inline = file.mimetype.startsWith('image/') && url.searchParams.get('download') === null;
      res.writeHead(200, {
        'content-type': file.mimetype,
        'content-length': file.data.length,
        'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`,
      });
      res.end(file.data);
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      if (!req.headers['content-type']?.startsWith('application/json')) throw new HttpError(415, 'expected application/json');
      const result = await api(req, url.pathname);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(result));
      return;
    }
    throw new HttpError(404, 'not found');
  };

  const port = await listen(server, options.port, options.host);
  return {
    url: `http://${options.host}:${port}`,
    close: async () => {
      clearTimeout(pending);
      for (const event of ['message', 'view', 'deleted', 'change']) slack.off(event, changed);
      listeners.clear();
      await closeNow(server);
    },
  };
}

/** What the page shows one person: their DM, the channels they see, the messages meant for them, their modals and Home tab. */
function sandboxState(
  workspace: SandboxWorkspace,
  options: SandboxServerOptions,
  user: string,
  version: number,
  localUrls: <T>(value: T) => T,
) {
  const slack = workspace.slack;
  const dm = workspace.dmOf(user);
  const channels = new Set<string>([GENERAL]);
  // The public channels the person sits in show even before anyone writes there (#help-hr).
  for (const c of slack.channels.list()) if (!c.isPrivate && !c.isMpim && c.members?.includes(user)) channels.add(c.id);
  for (const m of slack.messages) if (!m.channel.startsWith('D')) channels.add(m.channel);
  const visible = slack.messages.filter(
    (m) => (m.channel === dm || !m.channel.startsWith('D')) && (m.ephemeralTo === undefined || m.ephemeralTo === user),
  );
  const home = slack.homes.get(user);
  return localUrls({
    version,
    me: user,
    bot: { id: slack.botUserId, name: 'Kiki' },
    people: options.people,
    featured: options.featured,
    commands: SLASH_COMMANDS,
    dm,
    channels: [...channels].map((id) => ({ id, name: workspace.channelName(id) })),
    messages: visible.map(messageView),
    modals: slack.modalsOf(user).map((v) => viewJson(slack.viewPayload(v), v)),
    home: home ? viewJson(slack.viewPayload(home), home) : null,
  });
}

/** One POST to /api/…: what the person did in the page (post, command, click, submit, close, upload), done on the workspace. */
async function handleApi(workspace: SandboxWorkspace, req: http.IncomingMessage, route: string): Promise<unknown> {
  const slack = workspace.slack;
  const body = await readJson(req);
  const user = str(body.user, 'user');
  switch (route) {
    case '/api/message':
      return {
        ok: true,
        ts: (await workspace.postMessage(user, str(body.channel, 'channel'), str(body.text, 'text'), optStr(body.threadTs))).ts,
      };
    case '/api/command':
      await workspace.runCommand(user, str(body.channel, 'channel'), str(body.command, 'command'), optStr(body.text) ?? '');
      return { ok: true };
    case '/api/action': {
      const action = actionOf(body.action);
      const viewId = optStr(body.viewId);
      if (viewId) await workspace.viewAction(user, viewId, action, valuesOf(body.values));
      else await workspace.messageAction(user, str(body.channel, 'channel'), str(body.messageTs, 'messageTs'), action);
      return { ok: true };
    }
    case '/api/submit':
      return { ok: true, ...(await workspace.submitView(user, str(body.viewId, 'viewId'), valuesOf(body.values))) };
    case '/api/close':
      await workspace.closeView(user, str(body.viewId, 'viewId'), valuesOf(body.values));
      return { ok: true };
    case '/api/stop':
      await workspace.stopSession(user, str(body.channel, 'channel'), str(body.threadTs, 'threadTs'));
      return { ok: true };
    case '/api/home':
      await workspace.openHome(user);
      return { ok: true };
    case '/api/upload': {
      // A file picked in a modal's file_input: stored in the fake Slack, as Slack stores a person's upload.
      const file = slack.addUserFile(str(body.name, 'name').slice(0, 200), Buffer.from(str(body.data, 'data'), 'base64'));
      return { ok: true, file: { id: file.id, name: file.name, url_private: file.url_private } };
    }
    default:
      throw new HttpError(404, 'no such endpoint');
  }
}

function messageView(m: FakeMessage): Record<string, unknown> {
  const { files, ...rest } = m;
  return {
    ...rest,
    ...(files
      ? {
          files: files.map((f) => ({
            id: f.id,
            name: f.name,
            title: f.title,
            mimetype: f.mimetype,
            size: f.size,
            url: `/files/${f.id}/${encodeURIComponent(f.name)}`,
          })),
        }
      : {}),
  };
}

function viewJson(payload: Record<string, unknown>, v: FakeView): Record<string, unknown> {
  return { ...payload, kind: v.kind };
}

function isLocalHost(host: string | undefined): boolean {
  return /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host ?? '');
}

function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'that is more than the sandbox accepts at once (2 MB)'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, 'expected a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

function str(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new HttpError(400, `${name} is required`);
  return v;
}

function optStr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function actionOf(v: unknown): BlockAction {
  const a = v as Partial<BlockAction> | undefined;
  if (!a || typeof a !== 'object' || typeof a.action_id !== 'string' || typeof a.block_id !== 'string' || typeof a.type !== 'string') {
    throw new HttpError(400, 'action needs type, action_id and block_id');
  }
  return a as BlockAction;
}

function valuesOf(v: unknown): StateValues {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as StateValues) : {};
}
