import type { Logger } from '../../logger.js';
import { type AccessDecision, accessKey, decideLevel, type Principal } from '../access-map.js';
import { PoliteHttp } from '../http.js';
import { type DriveSpec, readSecret } from '../spec.js';
import type { Connector, SyncContext, SyncEvent } from '../types.js';
import { fetchAccessToken, parseServiceAccountKey } from './google-auth.js';

interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  modifiedTime?: string;
  version?: string;
  parents?: string[];
  webViewLink?: string;
  trashed?: boolean;
}
interface Change {
  fileId: string;
  removed?: boolean;
  file?: DriveFile;
}
interface Permission {
  type?: string;
  role?: string;
  emailAddress?: string;
  domain?: string;
  deleted?: boolean;
}
interface Cursor {
  token: string;
  /** Folder mode: every folder under the configured one, with its name and parent (paths and scope). */
  folders: Record<string, { name: string; parent: string | null }>;
}

const FOLDER = 'application/vnd.google-apps.folder';
const FILE_FIELDS = 'id,name,mimeType,modifiedTime,version,parents,webViewLink,trashed';
/** Google formats are exported; the rest is downloaded as is. Anything else (images, shortcuts) is skipped. */
const EXPORTS: Record<string, string> = {
  'application/vnd.google-apps.document': 'text/html',
  'application/vnd.google-apps.spreadsheet': 'text/csv',
  'application/vnd.google-apps.presentation': 'text/plain',
};
const DOWNLOADS = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/markdown',
  'text/plain',
  'text/html',
  'text/csv',
]);

export interface DriveTuning {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** What every call to one Drive source needs: its spec, its HTTP client, and the drive to list (if any). */
interface Drive {
  spec: DriveSpec;
  api: URL;
  http: PoliteHttp;
  /** The listing parameters of a shared drive; empty in folder mode. */
  scope: Record<string, string>;
}

/**
 * Google Drive API v3: a shared drive or a folder tree. The first sync lists everything and notes the
 * changes token it started from; later syncs read changes.list from it (edits, moves, permission changes,
 * removals), checkpointing after every page of changes.
 */
export function driveConnector(spec: DriveSpec, env: NodeJS.ProcessEnv, _logger: Logger, tuning: DriveTuning = {}): Connector {
  const api = new URL(spec.apiUrl);
  const http = driveHttp(spec, env, api, tuning);
  const scope: Record<string, string> = spec.driveId ? { driveId: spec.driveId, includeItemsFromAllDrives: 'true' } : {};
  const d: Drive = { spec, api, http, scope };

  async function* sync(ctx: SyncContext): AsyncGenerator<SyncEvent> {
    let cursor: Cursor | undefined;
    try {
      cursor = ctx.cursor ? (JSON.parse(ctx.cursor) as Cursor) : undefined;
    } catch {
      cursor = undefined;
    }
    if (ctx.full || !cursor?.token) yield* full(d, ctx);
    else yield* changes(d, ctx, cursor);
  }

  return { sync, counts: () => ({ requests: http.requests, retries: http.retries, rateLimited: http.rateLimited }) };
}

/**
 * The HTTP client of a Drive source, with a bearer token: the configured one, or one a service account key
 * asks for (once however many calls wait for it, and again after a refusal or a failure).
 */
function driveHttp(spec: DriveSpec, env: NodeJS.ProcessEnv, api: URL, tuning: DriveTuning): PoliteHttp {
  const key = spec.credentials.serviceAccountKey
    ? parseServiceAccountKey(readSecret(env, spec.credentials.serviceAccountKey, spec.name), spec.name)
    : undefined;
  const fixedToken = key ? undefined : readSecret(env, spec.credentials.token, spec.name);
  let token: Promise<string> | undefined = fixedToken ? Promise.resolve(fixedToken) : undefined;
  const hosts = [api.host, ...(key ? [new URL(key.token_uri).host] : [])];
  const http: PoliteHttp = new PoliteHttp({
    source: spec.name,
    budget: spec.requestBudget,
    concurrency: spec.concurrency,
    hosts,
    headers: async () => {
      // One token request however many calls are waiting for it; a failed one is asked again next time.
      token ??= key ? fetchAccessToken(http, key, spec.credentials.subject, spec.name) : Promise.resolve(fixedToken ?? '');
      const current = token;
      current.catch(() => {
        if (token === current) token = undefined;
      });
      return { authorization: `Bearer ${await current}` };
    },
    ...(key
      ? {
          refresh: async () => {
            token = undefined;
            return true;
          },
        }
      : {}),
    credentialHint: spec.credentials.serviceAccountKey ?? spec.credentials.token ?? 'the credentials',
    ...tuning,
  });
  return http;
}

/** The URL of a Drive API v3 call, with supportsAllDrives and the given query parameters. */
function url(d: Drive, p: string, q: Record<string, string>): string {
  const u = new URL(`/drive/v3/${p}`, d.api);
  for (const [k, v] of Object.entries({ supportsAllDrives: 'true', ...q })) u.searchParams.set(k, v);
  return u.toString();
}

/** Who may read a file, from its permissions (every page of them); nobody when none can be read. */
async function permissions(d: Drive, id: string): Promise<AccessDecision> {
  const principals: Principal[] = [];
  let pageToken: string | undefined;
  do {
    const r = await d.http.json<{ permissions?: Permission[]; nextPageToken?: string }>(
      url(d, `files/${id}/permissions`, {
        fields: 'nextPageToken,permissions(id,type,role,emailAddress,domain,deleted)',
        ...(pageToken ? { pageToken } : {}),
      }),
    );
    if (!Array.isArray(r.permissions)) return { kind: 'nobody', unmapped: [`unreadable permissions on ${id}`] };
    for (const p of r.permissions) {
      if (p.deleted) continue;
      if (p.type === 'anyone') principals.push({ type: 'anyone' });
      else if (p.type === 'domain' && p.domain) principals.push({ type: 'domain', id: p.domain });
      else if (p.type === 'group' && p.emailAddress) principals.push({ type: 'group', id: p.emailAddress });
      else if (p.type === 'user' && p.emailAddress) principals.push({ type: 'user', id: p.emailAddress });
      else principals.push({ type: 'other', id: `${p.type ?? '?'}` });
    }
    pageToken = r.nextPageToken;
  } while (pageToken);
  // A file with no permissions Kiki can see is not public: nobody.
  return principals.length ? decideLevel(d.spec.access, principals) : { kind: 'nobody', unmapped: ['no permissions listed'] };
}

/** The folder names from the configured folder (excluded) down to `parent`. */
function folderPath(d: Drive, cursor: Cursor, parent: string | undefined): string[] {
  const names: string[] = [];
  for (let id = parent; id && id !== d.spec.folderId && cursor.folders[id]; id = cursor.folders[id]?.parent ?? undefined) {
    names.unshift(cursor.folders[id]?.name ?? '');
  }
  return names.filter(Boolean);
}

/** Whether a file belongs to the source: always for a shared drive, under the configured folder otherwise. */
function inScope(d: Drive, cursor: Cursor, f: DriveFile): boolean {
  if (d.spec.driveId) return true;
  return (f.parents ?? []).some((p) => p === d.spec.folderId || p in cursor.folders);
}

/** One file: skipped (unsupported type), unchanged, hidden, failed, or exported or downloaded. */
async function file(d: Drive, ctx: SyncContext, cursor: Cursor, f: DriveFile): Promise<SyncEvent | undefined> {
  const exportAs = EXPORTS[f.mimeType];
  if (!exportAs && !DOWNLOADS.has(f.mimeType)) return undefined;
  const version = f.version ?? f.modifiedTime ?? '0';
  const known = ctx.known.get(f.id);
  if (!ctx.full && known?.version === version) return { kind: 'unchanged', id: f.id };
  const access = await permissions(d, f.id);
  if (access.kind === 'nobody') return { kind: 'hidden', id: f.id, title: f.name, version, access, url: f.webViewLink };
  if (!ctx.full && known?.version === version && known.access === accessKey(access)) return { kind: 'unchanged', id: f.id };
  const r = await d.http.get(exportAs ? url(d, `files/${f.id}/export`, { mimeType: exportAs }) : url(d, `files/${f.id}`, { alt: 'media' }));
  if (r.status === 404) return { kind: 'deleted', id: f.id };
  if (r.status !== 200) {
    const reason =
      r.status === 403 ? 'Google refused the export (too large to export, or not allowed)' : `Google answered HTTP ${r.status}`;
    return { kind: 'failed', id: f.id, title: f.name, version, reason };
  }
  const title = f.name.replace(/\.(pdf|docx|md|txt|html|csv)$/i, '');
  return {
    kind: 'document',
    doc: {
      id: f.id,
      folders: folderPath(d, cursor, f.parents?.[0]),
      title,
      url: f.webViewLink,
      updated: f.modifiedTime,
      version,
      access,
      bytes: r.body,
      contentType: exportAs ?? f.mimeType,
    },
  };
}

/** A full sync: the changes token to resume from, then every file listed and fetched, then a checkpoint. */
async function* full(d: Drive, ctx: SyncContext): AsyncGenerator<SyncEvent> {
  const start = await d.http.json<{ startPageToken?: string }>(
    url(d, 'changes/startPageToken', d.spec.driveId ? { driveId: d.spec.driveId } : {}),
  );
  if (!start.startPageToken) throw new Error('no startPageToken');
  const cursor: Cursor = { token: start.startPageToken, folders: {} };
  const files = await listTree(d, cursor);
  yield { kind: 'total', total: files.length };
  for (let i = 0; i < files.length; i += 100) {
    const events = await Promise.all(files.slice(i, i + 100).map((f) => file(d, ctx, cursor, f)));
    for (const ev of events) if (ev) yield ev;
  }
  yield { kind: 'checkpoint', cursor: JSON.stringify(cursor) };
  yield { kind: 'complete', snapshot: true };
}

/** Every file of the shared drive, or of the folder tree (walked breadth first); the folders are noted in the cursor. */
async function listTree(d: Drive, cursor: Cursor): Promise<DriveFile[]> {
  const files: DriveFile[] = [];
  const queue = d.spec.folderId ? [d.spec.folderId] : [''];
  while (queue.length) {
    const parent = queue.shift() as string;
    let pageToken: string | undefined;
    do {
      const q = parent ? `'${parent}' in parents and trashed = false` : 'trashed = false';
      const r = await d.http.json<{ files?: DriveFile[]; nextPageToken?: string }>(
        url(d, 'files', {
          q,
          pageSize: '1000',
          fields: `nextPageToken,files(${FILE_FIELDS})`,
          ...(d.spec.driveId ? { corpora: 'drive' } : {}),
          ...d.scope,
          ...(pageToken ? { pageToken } : {}),
        }),
      );
      if (!Array.isArray(r.files)) throw new Error('malformed file list');
      for (const f of r.files) {
        if (f.mimeType === FOLDER) {
          cursor.folders[f.id] = { name: f.name, parent: f.parents?.[0] ?? null };
          if (d.spec.folderId) queue.push(f.id);
        } else files.push(f);
      }
      pageToken = r.nextPageToken;
    } while (pageToken);
  }
  return files;
}

/** An incremental sync: changes.list from the cursor's token, a checkpoint after every page of changes. */
async function* changes(d: Drive, ctx: SyncContext, cursor: Cursor): AsyncGenerator<SyncEvent> {
  for (;;) {
    const r = await d.http.json<{ changes?: Change[]; nextPageToken?: string; newStartPageToken?: string }>(
      url(d, 'changes', {
        pageToken: cursor.token,
        includeRemoved: 'true',
        pageSize: '1000',
        fields: `nextPageToken,newStartPageToken,changes(fileId,removed,file(${FILE_FIELDS}))`,
        ...d.scope,
      }),
    );
    if (!Array.isArray(r.changes)) throw new Error('malformed change list');
    for (const c of r.changes) {
      const f = c.file;
      if (c.removed || !f || f.trashed || !inScope(d, cursor, f)) {
        if (f?.mimeType === FOLDER) delete cursor.folders[f.id];
        if (ctx.known.has(c.fileId)) yield { kind: 'deleted', id: c.fileId };
        continue;
      }
      if (f.mimeType === FOLDER) {
        cursor.folders[f.id] = { name: f.name, parent: f.parents?.[0] ?? null };
        continue;
      }
      const ev = await file(d, ctx, cursor, f);
      if (ev) yield ev;
    }
    const next = r.nextPageToken ?? r.newStartPageToken;
    if (!next) throw new Error('change list without a next token');
    cursor.token = next;
    yield { kind: 'checkpoint', cursor: JSON.stringify(cursor) };
    if (!r.nextPageToken) break;
  }
  yield { kind: 'complete', snapshot: false };
}
