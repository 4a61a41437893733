import type { Logger } from '../../logger.js';
import { type AccessDecision, accessKey, decideLevel, intersect, type Principal } from '../access-map.js';
import { PoliteHttp } from '../http.js';
import { type ConfluenceSpec, readSecret } from '../spec.js';
import type { Connector, SyncContext, SyncEvent } from '../types.js';

interface Paged<T> {
  results: T[];
  _links?: { next?: string };
}
interface Space {
  id: string;
  key: string;
  name: string;
}
interface Item {
  id: string;
  title: string;
  status?: string;
  parentId?: string | null;
  version?: { number: number; createdAt?: string };
  _links?: { webui?: string };
  body?: { storage?: { value?: string } };
}
interface SpacePermission {
  principal?: { type?: string; id?: string };
  operation?: { key?: string; targetType?: string };
}
interface Restriction {
  restrictions?: {
    user?: { results?: { accountId?: string; displayName?: string; email?: string }[] };
    group?: { results?: { name?: string; id?: string }[] };
  };
}

export interface ConfluenceTuning {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** What every call to one Confluence site needs: the source's spec, the site and its HTTP client. */
interface Site {
  spec: ConfluenceSpec;
  site: URL;
  http: PoliteHttp;
}

type ListedItem = Item & { kind: 'page' | 'blogpost' };

/** How many items' restrictions, or bodies, are asked for at once. */
const BATCH = 200;

/**
 * Confluence Cloud, REST API v2 (spaces, pages, blog posts) and v1 for read restrictions, which v2 lacks.
 * Each sync lists every page's metadata (250 per call), re-reads read restrictions (they change without a
 * new version), and fetches the storage body only of pages whose version or access changed.
 */
export function confluenceConnector(
  spec: ConfluenceSpec,
  env: NodeJS.ProcessEnv,
  _logger: Logger,
  tuning: ConfluenceTuning = {},
): Connector {
  const site = new URL(spec.url);
  const http = confluenceHttp(spec, env, site, tuning);
  const c: Site = { spec, site, http };

  async function* sync(ctx: SyncContext): AsyncGenerator<SyncEvent> {
    const spaces = await listSpaces(c);
    for (const space of spaces) yield* syncSpace(c, ctx, space);
    yield { kind: 'complete', snapshot: true };
  }

  return { sync, counts: () => ({ requests: http.requests, retries: http.retries, rateLimited: http.rateLimited }) };
}

/** The HTTP client of a Confluence source: Basic auth with the API user's email and token, on the site's host only. */
function confluenceHttp(spec: ConfluenceSpec, env: NodeJS.ProcessEnv, site: URL, tuning: ConfluenceTuning): PoliteHttp {
  const auth = `Basic ${Buffer.from(`${readSecret(env, spec.credentials.email, spec.name)}:${readSecret(env, spec.credentials.token, spec.name)}`).toString('base64')}`;
  return new PoliteHttp({
    source: spec.name,
    budget: spec.requestBudget,
    concurrency: spec.concurrency,
    hosts: [site.host],
    headers: async () => ({ authorization: auth }),
    credentialHint: `${spec.credentials.email} and ${spec.credentials.token} (an Atlassian API token)`,
    ...tuning,
  });
}

/** An absolute URL on the site for an API path (or a `_links.next` path). */
function api(c: Site, p: string): string {
  return new URL(p, c.site).toString();
}

/** Every result of a paged listing, following `_links.next`. */
async function* all<T>(c: Site, first: string): AsyncGenerator<T> {
  let next: string | undefined = first;
  while (next) {
    const page: Paged<T> = await c.http.json<Paged<T>>(api(c, next));
    if (!Array.isArray(page.results)) throw new Error('malformed listing');
    yield* page.results;
    next = page._links?.next;
  }
}

/** The configured spaces; an error when one of them is missing or not visible to the API user. */
async function listSpaces(c: Site): Promise<Space[]> {
  const keys = c.spec.spaces.map(encodeURIComponent).join(',');
  const spaces: Space[] = [];
  for await (const s of all<Space>(c, `/wiki/api/v2/spaces?keys=${keys}&limit=250`)) spaces.push(s);
  const missing = c.spec.spaces.filter((k) => !spaces.some((s) => s.key === k));
  if (missing.length) throw new Error(`space ${missing.join(', ')} not found, or not visible to the API user`);
  return spaces;
}

/** One space: its pages and blog posts listed, their restrictions read, then each one's event. */
async function* syncSpace(c: Site, ctx: SyncContext, space: Space): AsyncGenerator<SyncEvent> {
  const level = await spaceLevel(c, space);
  const items: ListedItem[] = [];
  for (const kind of c.spec.contentTypes) {
    const list = kind === 'page' ? 'pages' : 'blogposts';
    for await (const it of all<Item>(c, `/wiki/api/v2/spaces/${space.id}/${list}?limit=250`)) items.push({ ...it, kind });
  }
  yield { kind: 'total', total: items.length };
  const own = await restrictions(c, items);
  const byId = new Map(items.map((it) => [it.id, it]));
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const events = await Promise.all(batch.map((it) => one(c, ctx, space, it, inheritedAccess(it, level, own, byId))));
    for (const ev of events) if (ev) yield ev;
  }
}

/** Each item's own read restrictions, by id, read BATCH at a time. */
async function restrictions(c: Site, items: ListedItem[]): Promise<Map<string, AccessDecision>> {
  const own = new Map<string, AccessDecision>();
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    await Promise.all(batch.map(async (it) => own.set(it.id, await restriction(c, it.id))));
  }
  return own;
}

/** An item's access: the space's, its own restrictions and those of every ancestor page, intersected. */
function inheritedAccess(it: Item, level: AccessDecision, own: Map<string, AccessDecision>, byId: Map<string, Item>): AccessDecision {
  const levels = [level, own.get(it.id) ?? { kind: 'nobody', unmapped: [] }];
  const visited = new Set<string>();
  for (
    let p = it.parentId ? byId.get(it.parentId) : undefined;
    p && !visited.has(p.id);
    p = p.parentId ? byId.get(p.parentId) : undefined
  ) {
    visited.add(p.id);
    levels.push(own.get(p.id) ?? { kind: 'nobody', unmapped: [] });
  }
  return intersect(...levels);
}

/** Who may read a space, from its read permissions; nobody when it has none. */
async function spaceLevel(c: Site, space: Space): Promise<AccessDecision> {
  const principals: Principal[] = [];
  for await (const p of all<SpacePermission>(c, `/wiki/api/v2/spaces/${space.id}/permissions?limit=250`)) {
    if (p.operation?.key !== 'read' || p.operation.targetType !== 'space' || !p.principal?.id) continue;
    const { type, id } = p.principal;
    principals.push(
      type === 'group' ? { type: 'group', id } : type === 'user' ? { type: 'user', id } : { type: 'other', id: `${type}:${id}` },
    );
  }
  // A space nobody may read grants nothing; an empty list would otherwise read as "no restriction".
  return principals.length ? decideLevel(c.spec.access, principals) : { kind: 'nobody', unmapped: ['space without read permissions'] };
}

/** A page's own read restrictions (API v1); nobody when they cannot be read. */
async function restriction(c: Site, id: string): Promise<AccessDecision> {
  const r = await c.http.json<Restriction>(api(c, `/wiki/rest/api/content/${id}/restriction/byOperation/read`));
  // Restrictions Kiki cannot read are not "no restrictions": fail closed.
  if (!Array.isArray(r.restrictions?.user?.results) || !Array.isArray(r.restrictions?.group?.results)) {
    return { kind: 'nobody', unmapped: [`unreadable restrictions on ${id}`] };
  }
  const principals: Principal[] = [
    ...(r.restrictions?.group?.results ?? []).map((g): Principal => ({ type: 'group', id: g.id ?? g.name ?? '?', name: g.name })),
    ...(r.restrictions?.user?.results ?? []).map(
      (u): Principal => ({ type: 'user', id: u.accountId ?? '?', name: u.email ?? u.displayName }),
    ),
  ];
  return decideLevel(c.spec.access, principals);
}

/** One page or blog post: unchanged, hidden, failed, or its storage body fetched; nothing when deleted since the listing. */
async function one(c: Site, ctx: SyncContext, space: Space, it: ListedItem, access: AccessDecision): Promise<SyncEvent | undefined> {
  const version = String(it.version?.number ?? 0);
  const url = it._links?.webui ? new URL(`/wiki${it._links.webui}`, c.site).toString() : undefined;
  const known = ctx.known.get(it.id);
  if (!ctx.full && known?.version === version && known.access === accessKey(access)) return { kind: 'unchanged', id: it.id };
  if (access.kind === 'nobody') return { kind: 'hidden', id: it.id, title: it.title, version, access, url };
  const r = await c.http.get(api(c, `/wiki/api/v2/${it.kind === 'page' ? 'pages' : 'blogposts'}/${it.id}?body-format=storage`), {
    accept: 'application/json',
  });
  if (r.status === 404) return undefined; // deleted since the listing: not seen, so removed
  let body: Item;
  try {
    if (r.status !== 200) throw new Error(`HTTP ${r.status}`);
    body = JSON.parse(r.body.toString('utf8')) as Item;
    if (typeof body.body?.storage?.value !== 'string') throw new Error('no storage body');
  } catch {
    return { kind: 'failed', id: it.id, title: it.title, version, reason: 'Confluence answered a malformed page (no storage body)' };
  }
  return {
    kind: 'document',
    doc: {
      id: it.id,
      folders: [space.key],
      title: body.title || it.title,
      url,
      updated: body.version?.createdAt ?? it.version?.createdAt,
      version,
      access,
      bytes: Buffer.from(body.body?.storage?.value ?? '', 'utf8'),
      contentType: 'application/x-confluence-storage',
    },
  };
}
