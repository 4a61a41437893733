import { type FakeReply, type FakeServer, json, startFake } from './server.js';

export interface FakePage {
  id: string;
  spaceId: string;
  kind: 'page' | 'blogpost';
  title: string;
  parentId?: string;
  version: number;
  storage: string;
  groups: { id: string; name: string }[];
  users: { accountId: string; email?: string }[];
  /** The restriction endpoint answers something that is not the documented shape. */
  malformedRestrictions?: boolean;
}

export interface FakeSpace {
  id: string;
  key: string;
  name: string;
  /** Principals with the space's read permission. */
  readers: { type: 'group' | 'user' | 'role'; id: string }[];
}

const MAX_LIMIT = 250;

/**
 * Confluence Cloud as strict as the documented REST API v2 (and v1 restrictions): Basic auth with the
 * configured email and API token, cursor pagination through `_links.next`, `limit` at most 250, a body only
 * with `body-format=storage`, 404 for anything else.
 */
export class FakeConfluence {
  spaces: FakeSpace[] = [];
  pages = new Map<string, FakePage>();
  token = 'atl-token';
  email = 'kiki@acme.example';
  server!: FakeServer;
  /** ids whose body was fetched, in order. */
  bodyFetches: string[] = [];

  /** Milliseconds every answer waits (a slow site: lets a test stop a sync half-way). */
  delayMs = 0;

  async start(faults: { rateLimitEvery?: number; retryAfter?: string } = {}): Promise<this> {
    this.server = await startFake(async ({ url, headers }) => {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      return this.handle(url, headers.authorization);
    }, faults);
    return this;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private handle(url: URL, authorization: string | undefined): FakeReply {
    const expected = `Basic ${Buffer.from(`${this.email}:${this.token}`).toString('base64')}`;
    if (authorization !== expected) return json({ code: 401, message: 'Unauthorized; scope does not match' }, 401);
    const p = url.pathname;
    const limit = Number(url.searchParams.get('limit') ?? 25);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return json({ errors: [{ title: 'limit out of range' }] }, 400);
    if (p === '/wiki/api/v2/spaces') {
      const keys = (url.searchParams.get('keys') ?? '').split(',').filter(Boolean);
      return this.paged(
        url,
        this.spaces
          .filter((s) => keys.length === 0 || keys.includes(s.key))
          .map((s) => ({ id: s.id, key: s.key, name: s.name, type: 'global', status: 'current' })),
        limit,
      );
    }
    let m = p.match(/^\/wiki\/api\/v2\/spaces\/([^/]+)\/permissions$/);
    if (m) {
      const space = this.spaces.find((s) => s.id === m?.[1]);
      if (!space) return json({ errors: [] }, 404);
      return this.paged(
        url,
        space.readers.map((r, i) => ({
          id: `perm-${i}`,
          principal: { type: r.type, id: r.id },
          operation: { key: 'read', targetType: 'space' },
        })),
        limit,
      );
    }
    m = p.match(/^\/wiki\/api\/v2\/spaces\/([^/]+)\/(pages|blogposts)$/);
    if (m) {
      const kind = m[2] === 'pages' ? 'page' : 'blogpost';
      const list = [...this.pages.values()].filter((pg) => pg.spaceId === m?.[1] && pg.kind === kind).map((pg) => this.meta(pg));
      return this.paged(url, list, limit);
    }
    m = p.match(/^\/wiki\/api\/v2\/(pages|blogposts)\/([^/]+)$/);
    if (m) {
      const page = this.pages.get(m[2] ?? '');
      if (!page || (page.kind === 'page') !== (m[1] === 'pages')) return json({ errors: [{ status: 404 }] }, 404);
      this.bodyFetches.push(page.id);
      const body = url.searchParams.get('body-format') === 'storage' ? { storage: { representation: 'storage', value: page.storage } } : {};
      return json({ ...this.meta(page), body });
    }
    m = p.match(/^\/wiki\/rest\/api\/content\/([^/]+)\/restriction\/byOperation\/read$/);
    if (m) {
      const page = this.pages.get(m[1] ?? '');
      if (!page) return json({ statusCode: 404 }, 404);
      if (page.malformedRestrictions) return json({ operation: 'read' });
      return json({
        operation: 'read',
        restrictions: {
          user: {
            results: page.users.map((u) => ({ type: 'known', accountId: u.accountId, email: u.email })),
            start: 0,
            limit: 100,
            size: page.users.length,
          },
          group: {
            results: page.groups.map((g) => ({ type: 'group', name: g.name, id: g.id })),
            start: 0,
            limit: 100,
            size: page.groups.length,
          },
        },
      });
    }
    return json({ message: 'not found' }, 404);
  }

  private meta(pg: FakePage) {
    return {
      id: pg.id,
      status: 'current',
      title: pg.title,
      spaceId: pg.spaceId,
      ...(pg.kind === 'page' ? { parentId: pg.parentId ?? null, parentType: pg.parentId ? 'page' : null } : {}),
      version: { number: pg.version, createdAt: '2025-01-01T00:00:00.000Z' },
      _links: { webui: `/spaces/${pg.spaceId}/${pg.kind}s/${pg.id}` },
    };
  }

  private paged(url: URL, all: unknown[], limit: number): FakeReply {
    const offset = Number(Buffer.from(url.searchParams.get('cursor') ?? 'MA==', 'base64').toString()) || 0;
    const results = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? new URL(url.pathname + url.search, 'http://x') : undefined;
    next?.searchParams.set('cursor', Buffer.from(String(offset + limit)).toString('base64'));
    return json({ results, _links: { ...(next ? { next: next.pathname + next.search } : {}), base: `${this.server.url}/wiki` } });
  }

  /** A page with defaults: visible to the space's readers, no restrictions. */
  add(page: Partial<FakePage> & Pick<FakePage, 'id' | 'title' | 'storage'>): FakePage {
    const full: FakePage = { spaceId: this.spaces[0]?.id ?? '1', kind: 'page', version: 1, groups: [], users: [], ...page };
    this.pages.set(full.id, full);
    return full;
  }

  edit(id: string, storage: string): void {
    const page = this.pages.get(id);
    if (!page) throw new Error(`no page ${id}`);
    page.storage = storage;
    page.version++;
  }
}
