import crypto from 'node:crypto';
import { type FakeReply, type FakeServer, json, startFake } from './server.js';

export interface FakeFile {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  version: number;
  content: string | Buffer;
  permissions: { type: 'anyone' | 'domain' | 'group' | 'user'; role: string; emailAddress?: string; domain?: string }[];
  trashed?: boolean;
}

/**
 * Google Drive API v3 as documented: bearer tokens from the service-account JWT flow (RS256 signature
 * checked against the key), files.list with q and pageToken, permissions.list, export of Google formats,
 * alt=media for the rest, changes.getStartPageToken and changes.list. Tokens expire when told to.
 */
export class FakeDrive {
  files = new Map<string, FakeFile>();
  private changes: string[] = [];
  key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  private tokens = new Set<string>();
  server!: FakeServer;
  downloads: string[] = [];
  subjects: (string | undefined)[] = [];

  async start(faults: { rateLimitEvery?: number } = {}): Promise<this> {
    this.server = await startFake((req) => this.handle(req.method, req.url, req.headers.authorization, req.body), faults);
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  serviceAccountJson(): string {
    return JSON.stringify({
      type: 'service_account',
      client_email: 'kiki@acme-project.iam.gserviceaccount.com',
      private_key: this.key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      token_uri: `${this.server.url}/token`,
    });
  }

  /** Every access token handed out so far stops working (as after an hour). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** The service account's key is replaced (the old one revoked), and every token with it. */
  rotateKey(): void {
    this.key = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.tokens.clear();
  }

  put(file: Omit<FakeFile, 'version'> & { version?: number }): void {
    const before = this.files.get(file.id);
    this.files.set(file.id, { ...file, version: before ? before.version + 1 : (file.version ?? 1) });
    this.changes.push(file.id);
  }

  remove(id: string): void {
    this.files.delete(id);
    this.changes.push(id);
  }

  private handle(method: string, url: URL, authorization: string | undefined, body: string): FakeReply {
    if (url.pathname === '/token' && method === 'POST') return this.token(body);
    if (!authorization?.startsWith('Bearer ') || !this.tokens.has(authorization.slice(7))) {
      return json({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }, 401);
    }
    const p = url.pathname;
    if (p === '/drive/v3/changes/startPageToken')
      return json({ kind: 'drive#startPageToken', startPageToken: String(this.changes.length) });
    if (p === '/drive/v3/changes') {
      const from = Number(url.searchParams.get('pageToken'));
      const size = Number(url.searchParams.get('pageSize') ?? 100);
      if (!Number.isInteger(from) || from < 0 || from > this.changes.length)
        return json({ error: { code: 400, message: 'Invalid pageToken' } }, 400);
      const ids = this.changes.slice(from, from + size);
      const end = from + ids.length;
      return json({
        kind: 'drive#changeList',
        changes: ids.map((id) => {
          const f = this.files.get(id);
          return f
            ? { kind: 'drive#change', fileId: id, removed: false, file: this.meta(f) }
            : { kind: 'drive#change', fileId: id, removed: true };
        }),
        ...(end < this.changes.length ? { nextPageToken: String(end) } : { newStartPageToken: String(end) }),
      });
    }
    if (p === '/drive/v3/files') {
      const q = url.searchParams.get('q') ?? '';
      const parent = q.match(/^'([^']+)' in parents/)?.[1];
      const all = [...this.files.values()].filter((f) => !f.trashed && (!parent || f.parents.includes(parent)));
      const size = Math.min(Number(url.searchParams.get('pageSize') ?? 100), 1000);
      const from = Number(url.searchParams.get('pageToken') ?? 0);
      const page = all.slice(from, from + size);
      return json({
        kind: 'drive#fileList',
        files: page.map((f) => this.meta(f)),
        ...(from + size < all.length ? { nextPageToken: String(from + size) } : {}),
      });
    }
    let m = p.match(/^\/drive\/v3\/files\/([^/]+)\/permissions$/);
    if (m) {
      const f = this.files.get(m[1] ?? '');
      if (!f) return json({ error: { code: 404, message: 'File not found' } }, 404);
      return json({
        kind: 'drive#permissionList',
        permissions: f.permissions.map((x, i) => ({ kind: 'drive#permission', id: `p${i}`, ...x })),
      });
    }
    m = p.match(/^\/drive\/v3\/files\/([^/]+)\/export$/);
    if (m) {
      const f = this.files.get(m[1] ?? '');
      if (!f) return json({ error: { code: 404 } }, 404);
      const want = url.searchParams.get('mimeType');
      const ok =
        (f.mimeType === 'application/vnd.google-apps.document' && want === 'text/html') ||
        (f.mimeType === 'application/vnd.google-apps.spreadsheet' && want === 'text/csv');
      if (!ok) return json({ error: { code: 400, message: 'Export only supports Docs Editors files.' } }, 400);
      this.downloads.push(f.id);
      return { status: 200, headers: { 'content-type': want ?? '' }, body: f.content };
    }
    m = p.match(/^\/drive\/v3\/files\/([^/]+)$/);
    if (m && url.searchParams.get('alt') === 'media') {
      const f = this.files.get(m[1] ?? '');
      if (!f) return json({ error: { code: 404 } }, 404);
      if (f.mimeType.startsWith('application/vnd.google-apps'))
        return json(
          { error: { code: 403, message: 'Only files with binary content can be downloaded. Use Export with Docs Editors files.' } },
          403,
        );
      this.downloads.push(f.id);
      return { status: 200, headers: { 'content-type': f.mimeType }, body: f.content };
    }
    return json({ error: { code: 404, message: 'Not Found' } }, 404);
  }

  private meta(f: FakeFile) {
    return {
      kind: 'drive#file',
      id: f.id,
      name: f.name,
      mimeType: f.mimeType,
      parents: f.parents,
      version: String(f.version),
      modifiedTime: '2025-02-01T10:00:00.000Z',
      webViewLink: `https://docs.google.com/d/${f.id}`,
      trashed: Boolean(f.trashed),
    };
  }

  private token(body: string): FakeReply {
    const form = new URLSearchParams(body);
    const assertion = form.get('assertion') ?? '';
    const [h, c, s] = assertion.split('.');
    const valid =
      form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
      h &&
      c &&
      s &&
      crypto.verify('RSA-SHA256', Buffer.from(`${h}.${c}`), this.key.publicKey, Buffer.from(s, 'base64url'));
    if (!valid) return json({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }, 400);
    const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as { scope?: string; sub?: string };
    if (claims.scope !== 'https://www.googleapis.com/auth/drive.readonly') return json({ error: 'invalid_scope' }, 400);
    this.subjects.push(claims.sub);
    const token = crypto.randomBytes(12).toString('hex');
    this.tokens.add(token);
    return json({ access_token: token, expires_in: 3599, token_type: 'Bearer' });
  }
}
