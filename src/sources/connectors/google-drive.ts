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

/**
 * Google Drive API v3: a shared drive or a folder tree. The first sync lists everything and notes the
 * changes token it started from; later syncs read changes.list from it (edits, moves, permission changes,
 * removals), checkpointing after every page of changes.
 */
export function driveConnector(spec: DriveSpec, env: NodeJS.ProcessEnv, _logger: Logger, tuning: DriveTuning = {}): Connector {
  const api = new URL(spec.apiUrl);
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
  const url = (p: string, q: Record<string, string>) => {
    const u = new URL(`/drive/v3/${p}`, api);
    for (const [k, v] of Object.entries({ supportsAllDrives: 'true', ...q })) u.searchParams.set(k, v);
    return u.toString();
  };
  const scope = spec.driveId ? { driveId: spec.driveId, includeItemsFromAllDrives: 'true' } : {};

  async function permissions(id: string): Promise<AccessDecision> {
    const principals: Principal[] = [];
    let pageToken: string | undefined;
    do {
      const r = await http.json<{ permissions?: Permission[]; nextPageToken?: string }>(
        url(`files/${id}/permissions`, {
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
    return principals.length ? decideLevel(spec.access, principals) : { kind: 'nobody', unmapped: ['no permissions listed'] };
  }

  function folderPath(cursor: Cursor, parent: string | undefined): string[] {
    const names: string[] = [];
    for (let id = parent; id && id !== spec.folderId && cursor.folders[id]; id = cursor.folders[id]?.parent ?? undefined) {
      names.unshift(cursor.folders[id]?.name ?? '');
    }
    return names.filter(Boolean);
  }

  function inScope(cursor: Cursor, f: DriveFile): boolean {
    if (spec.driveId) return true;
    return (f.parents ?? []).some((p) => p === spec.folderId || p in cursor.folders);
  }

  async function file(ctx: SyncContext, cursor: Cursor, f: DriveFile): Promise<SyncEvent | undefined> {
    const exportAs = EXPORTS[f.mimeType];
    if (!exportAs && !DOWNLOADS.has(f.mimeType)) return undefined;
    const version = f.version ?? f.modifiedTime ?? '0';
    const known = ctx.known.get(f.id);
    if (!ctx.full && known?.version === version) return { kind: 'unchanged', id: f.id };
    const access = await permissions(f.id);
    if (access.kind === 'nobody') return { kind: 'hidden', id: f.id, title: f.name, version, access, url: f.webViewLink };
    if (!ctx.full && known?.version === version && known.access === accessKey(access)) return { kind: 'unchanged', id: f.id };
    const r = await http.get(exportAs ? url(`files/${f.id}/export`, { mimeType: exportAs }) : url(`files/${f.id}`, { alt: 'media' }));
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
        folders: folderPath(cursor, f.parents?.[0]),
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

  async function* full(ctx: SyncContext): AsyncGenerator<SyncEvent> {
    const start = await http.json<{ startPageToken?: string }>(
      url('changes/startPageToken', spec.driveId ? { driveId: spec.driveId } : {}),
    );
    if (!start.startPageToken) throw new Error('no startPageToken');
    const cursor: Cursor = { token: start.startPageToken, folders: {} };
    const files: DriveFile[] = [];
    const queue = spec.folderId ? [spec.folderId] : [''];
    while (queue.length) {
      const parent = queue.shift() as string;
      let pageToken: string | undefined;
      do {
        const q = parent ? `'${parent}' in parents and trashed = false` : 'trashed = false';
        const r = await http.json<{ files?: DriveFile[]; nextPageToken?: string }>(
          url('files', {
            q,
            pageSize: '1000',
            fields: `nextPageToken,files(${FILE_FIELDS})`,
            ...(spec.driveId ? { corpora: 'drive' } : {}),
            ...scope,
            ...(pageToken ? { pageToken } : {}),
          }),
        );
        if (!Array.isArray(r.files)) throw new Error('malformed file list');
        for (const f of r.files) {
          if (f.mimeType === FOLDER) {
            cursor.folders[f.id] = { name: f.name, parent: f.parents?.[0] ?? null };
            if (spec.folderId) queue.push(f.id);
          } else files.push(f);
        }
        pageToken = r.nextPageToken;
      } while (pageToken);
    }
    yield { kind: 'total', total: files.length };
    for (let i = 0; i < files.length; i += 100) {
      const events = await Promise.all(files.slice(i, i + 100).map((f) => file(ctx, cursor, f)));
      for (const ev of events) if (ev) yield ev;
    }
    yield { kind: 'checkpoint', cursor: JSON.stringify(cursor) };
    yield { kind: 'complete', snapshot: true };
  }

  async function* changes(ctx: SyncContext, cursor: Cursor): AsyncGenerator<SyncEvent> {
    for (;;) {
      const r = await http.json<{ changes?: Change[]; nextPageToken?: string; newStartPageToken?: string }>(
        url('changes', {
          pageToken: cursor.token,
          includeRemoved: 'true',
          pageSize: '1000',
          fields: `nextPageToken,newStartPageToken,changes(fileId,removed,file(${FILE_FIELDS}))`,
          ...scope,
        }),
      );
      if (!Array.isArray(r.changes)) throw new Error('malformed change list');
      for (const c of r.changes) {
        const f = c.file;
        if (c.removed || !f || f.trashed || !inScope(cursor, f)) {
          if (f?.mimeType === FOLDER) delete cursor.folders[f.id];
          if (ctx.known.has(c.fileId)) yield { kind: 'deleted', id: c.fileId };
          continue;
        }
        if (f.mimeType === FOLDER) {
          cursor.folders[f.id] = { name: f.name, parent: f.parents?.[0] ?? null };
          continue;
        }
        const ev = await file(ctx, cursor, f);
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

  async function* sync(ctx: SyncContext): AsyncGenerator<SyncEvent> {
    let cursor: Cursor | undefined;
    try {
      cursor = ctx.cursor ? (JSON.parse(ctx.cursor) as Cursor) : undefined;
    } catch {
      cursor = undefined;
    }
    if (ctx.full || !cursor?.token) yield* full(ctx);
    else yield* changes(ctx, cursor);
  }

  return { sync, counts: () => ({ requests: http.requests, retries: http.retries, rateLimited: http.rateLimited }) };
}
