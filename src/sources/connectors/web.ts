import { createHash } from 'node:crypto';
import { SourceError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { type AccessDecision, accessKey, fixedAccess } from '../access-map.js';
import { type HttpResult, OffHostError, PoliteHttp } from '../http.js';
import { htmlToMarkdown } from '../markdown.js';
import type { WebSpec } from '../spec.js';
import type { Connector, KnownDocument, SyncContext, SyncEvent } from '../types.js';
import { ALLOW_ALL, parseRobots, type Robots } from './robots.js';

const CHROME = 'nav, header, footer, aside, script, style, noscript, form, [role="navigation"], [role="banner"], [role="contentinfo"]';

export interface WebTuning {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Outlinks of pages seen last time, so that a page answering 304 Not Modified still leads on. */
type Cursor = Record<string, string[]>;
type Visit = { event?: SyncEvent; links: string[] };

/** What every request of one web source needs: its spec, start page, HTTP client, fixed access and robots.txt rules. */
interface Site {
  spec: WebSpec;
  start: URL;
  http: PoliteHttp;
  access: AccessDecision;
  /** robots.txt of each origin, read once per sync. */
  robots: Map<string, Promise<Robots>>;
}

/**
 * An intranet or docs site: a sitemap.xml, or a start page and the same-host links from it. robots.txt is
 * obeyed; nothing outside the configured hosts is fetched, not even through a redirect. Pages are fetched
 * with If-None-Match / If-Modified-Since, and a page no longer reachable leaves the index.
 */
export function webConnector(spec: WebSpec, _env: NodeJS.ProcessEnv, _logger: Logger, tuning: WebTuning = {}): Connector {
  const start = new URL(spec.url);
  const http = new PoliteHttp({
    source: spec.name,
    budget: spec.requestBudget,
    concurrency: spec.concurrency,
    hosts: [start.host, ...spec.hosts],
    ...tuning,
  });
  const w: Site = { spec, start, http, access: fixedAccess(spec.access), robots: new Map<string, Promise<Robots>>() };

  async function* sync(ctx: SyncContext): AsyncGenerator<SyncEvent> {
    let cursor: Cursor = {};
    try {
      cursor = ctx.cursor ? (JSON.parse(ctx.cursor) as Cursor) : {};
    } catch {}
    const next: Cursor = {};
    const fromSitemap = /\.xml$/i.test(start.pathname) || /sitemap/i.test(start.pathname);
    const queue: URL[] = fromSitemap ? (await sitemap(w, start)).map((l) => new URL(l, start)) : [start];
    const queued = new Set(queue.map((u) => u.toString()));
    let count = 0;
    while (queue.length && count < spec.maxPages) {
      const batch = queue.splice(0, Math.min(spec.concurrency * 2, spec.maxPages - count));
      const results = await Promise.all(batch.map((u) => visit(w, ctx, cursor, next, u)));
      for (const { event, links } of results) {
        if (event) {
          count++;
          yield event;
        }
        if (fromSitemap) continue;
        enqueue(w, links, queued, queue);
      }
    }
    yield { kind: 'checkpoint', cursor: JSON.stringify(next) };
    yield { kind: 'complete', snapshot: true };
  }

  return { sync, counts: () => ({ requests: http.requests, retries: http.retries, rateLimited: http.rateLimited }) };
}

/** The robots.txt rules of a URL's origin, fetched once; a server error there stops the sync. */
function robotsFor(w: Site, u: URL): Promise<Robots> {
  let r = w.robots.get(u.origin);
  if (!r) {
    // An unreachable site or a failing robots.txt stops the sync (what is indexed stays); it never reads as "no pages".
    r = w.http.get(new URL('/robots.txt', u).toString()).then((res) => {
      if (res.status >= 500) throw new SourceError(`${w.spec.name}: ${u.host}/robots.txt answered HTTP ${res.status}; not crawled`);
      return res.status === 200 ? parseRobots(res.body.toString('utf8'), w.spec.userAgent) : ALLOW_ALL;
    });
    w.robots.set(u.origin, r);
  }
  return r;
}

/** Whether a URL is on the configured hosts, under an included path and under no excluded one. */
function wanted(w: Site, u: URL): boolean {
  return (
    w.http.allowed(u) &&
    (w.spec.include.length === 0 || w.spec.include.some((p) => u.pathname.startsWith(p))) &&
    !w.spec.exclude.some((p) => u.pathname.startsWith(p))
  );
}

/** The page URLs of a sitemap, following a sitemap index two levels deep. */
async function sitemap(w: Site, u: URL, depth = 0): Promise<string[]> {
  const r = await w.http.get(u.toString());
  if (r.status !== 200) throw new Error(`the sitemap ${u.pathname} answered HTTP ${r.status}`);
  const xml = r.body.toString('utf8');
  const locs = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));
  if (/<sitemapindex[\s>]/.test(xml) && depth < 2) {
    const nested: string[] = [];
    for (const loc of locs) {
      const n = new URL(loc, u);
      if (w.http.allowed(n)) nested.push(...(await sitemap(w, n, depth + 1)));
    }
    return nested;
  }
  return locs;
}

/** A queued URL: fetched when wanted and allowed by robots.txt, otherwise nothing. */
async function visit(w: Site, ctx: SyncContext, cursor: Cursor, next: Cursor, u: URL): Promise<Visit> {
  return wanted(w, u) && (await robotsFor(w, u)).allows(u.pathname + u.search) ? page(w, ctx, cursor, next, u) : { links: [] };
}

/** Queues the wanted links not queued yet (without their fragment). */
function enqueue(w: Site, links: string[], queued: Set<string>, queue: URL[]): void {
  for (const l of links) {
    const u = new URL(l);
    u.hash = '';
    const key = u.toString();
    if (!queued.has(key) && wanted(w, u)) {
      queued.add(key);
      queue.push(u);
    }
  }
}

/** If-None-Match / If-Modified-Since from the known version, unless a full sync or the access changed. */
function conditionalHeaders(ctx: SyncContext, known: KnownDocument | undefined, access: AccessDecision): Record<string, string> {
  const [etag, modified] = (known?.version ?? '').split('|');
  const conditional: Record<string, string> = {};
  if (!ctx.full && known && known.access === accessKey(access)) {
    if (etag) conditional['if-none-match'] = etag;
    if (modified) conditional['if-modified-since'] = modified;
  }
  return conditional;
}

/** One page: unchanged (304, or the same content), a PDF or HTML document, failed off-host, or nothing when gone. */
async function page(w: Site, ctx: SyncContext, cursor: Cursor, next: Cursor, target: URL): Promise<Visit> {
  const id = target.toString();
  const known = ctx.known.get(id);
  let r: HttpResult;
  try {
    r = await w.http.get(id, conditionalHeaders(ctx, known, w.access));
  } catch (error) {
    if (error instanceof OffHostError)
      return {
        event: { kind: 'failed', id, title: target.pathname, version: '', reason: 'redirects off the configured hosts; not fetched' },
        links: [],
      };
    throw error;
  }
  if (r.status === 304 && known) {
    next[id] = cursor[id] ?? [];
    return { event: { kind: 'unchanged', id }, links: next[id] };
  }
  if (r.status !== 200 && id === w.start.toString())
    throw new SourceError(`${w.spec.name}: the start page answered HTTP ${r.status}; nothing removed`);
  if (r.status !== 200) return { links: [] }; // gone (404, 410) or refused: not seen, so removed
  const type = (r.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const validators = `${r.headers.get('etag') ?? ''}|${r.headers.get('last-modified') ?? ''}`;
  const hash = createHash('sha256').update(r.body).digest('hex').slice(0, 16);
  const version = `${validators}|${hash}`;
  if (type === 'application/pdf') return pdfPage(target, version, w.access, r.body, type);
  if (type !== 'text/html') return { links: [] };
  return htmlPage(w, ctx, next, target, r, { known, version, hash });
}

/** A PDF, kept as is under its host, titled by its file name. */
function pdfPage(target: URL, version: string, access: AccessDecision, bytes: Buffer, type: string): Visit {
  const id = target.toString();
  return {
    event: {
      kind: 'document',
      doc: {
        id,
        folders: [target.host],
        title: decodeURIComponent(target.pathname.split('/').pop() ?? 'document'),
        url: id,
        version,
        access,
        bytes,
        contentType: type,
      },
    },
    links: [],
  };
}

/** An HTML page's readable part as Markdown, under its host and path; its links noted for the next sync. */
async function htmlPage(
  w: Site,
  ctx: SyncContext,
  next: Cursor,
  target: URL,
  r: HttpResult,
  v: { known: KnownDocument | undefined; version: string; hash: string },
): Promise<Visit> {
  const id = target.toString();
  const { known, version, hash } = v;
  const { title, markdown, links } = await readable(r.body.toString('utf8'), new URL(r.url));
  next[id] = links;
  if (!ctx.full && known && known.version.endsWith(`|${hash}`) && known.access === accessKey(w.access))
    return { event: { kind: 'unchanged', id }, links };
  const folders = [target.host, ...target.pathname.split('/').filter(Boolean).slice(0, -1).map(decodeURIComponent)];
  return {
    event: {
      kind: 'document',
      doc: { id, folders, title, url: id, version, access: w.access, bytes: Buffer.from(markdown), contentType: 'text/markdown' },
    },
    links,
  };
}

/** The readable part of a page (Readability; the body without navigation, header, footer as a fallback) and its links. */
async function readable(html: string, url: URL): Promise<{ title: string; markdown: string; links: string[] }> {
  const [{ JSDOM }, { Readability }] = await Promise.all([import('jsdom'), import('@mozilla/readability')]);
  const doc = new JSDOM(html, { url: url.toString() }).window.document;
  const links = [...doc.querySelectorAll('a[href]')]
    .map((a) => (a as HTMLAnchorElement).href)
    .filter((h) => h.startsWith('http://') || h.startsWith('https://'));
  const pageTitle = doc.querySelector('title')?.textContent?.trim() || url.pathname;
  const article = new Readability(doc.cloneNode(true) as Document, { charThreshold: 100 }).parse();
  let content: string;
  if (article?.content && (article.textContent ?? '').trim().length > 100) content = article.content;
  else {
    for (const el of doc.body.querySelectorAll(CHROME)) el.remove();
    content = doc.body.innerHTML;
  }
  return { title: article?.title?.trim() || pageTitle, markdown: await htmlToMarkdown(content), links };
}
