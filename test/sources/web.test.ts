import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness } from '../helpers/sources/harness.js';
import { type FakeServer, startFake } from '../helpers/sources/server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const chrome = (body: string) =>
  `<html><head><title>Page</title></head><body><header>Acme intranet chromeheadermarker</header><nav><a href="/">Home</a> chromenavmarker</nav>` +
  `<main><article>${body}</article></main><footer>© Acme chromefootermarker</footer></body></html>`;
const long = 'This paragraph makes the article long enough for Readability to take it as the main content of the page. ';

async function setUp(access?: string[]) {
  const evil = await startFake(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<p>evilmarker</p>' }));
  cleanups.push(() => evil.close());
  const pages = new Map<string, string>([
    [
      '/',
      chrome(
        `<h1>Intranet</h1><p>${long}</p><a href="/handbook/vpn">VPN</a> <a href="/handbook/leave#top">Leave</a> <a href="/private/secret">S</a> <a href="/go-away">Away</a> <a href="${evil.url}/direct">Ext</a>`,
      ),
    ],
    [
      '/handbook/vpn',
      chrome(`<h1>VPN</h1><h2>Connecting</h2><p>Connect GlobalProtect glimmervpn. ${long}</p><ul><li>Approve the push</li></ul>`),
    ],
    ['/handbook/leave', chrome(`<h1>Leave</h1><p>Twenty-five days of leave quillleave. ${long}</p>`)],
    ['/private/secret', chrome(`<p>robotsecret ${long}</p>`)],
  ]);
  const site: FakeServer = await startFake(({ url, headers }) => {
    if (url.pathname === '/robots.txt') return { status: 200, body: 'User-agent: *\nDisallow: /private/\n' };
    if (url.pathname === '/go-away') return { status: 302, headers: { location: `${evil.url}/landing` } };
    if (url.pathname === '/sitemap.xml') {
      const locs = ['/handbook/vpn', '/handbook/leave'].map((p) => `<url><loc>${site.url}${p}</loc></url>`).join('');
      return {
        status: 200,
        headers: { 'content-type': 'application/xml' },
        body: `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs}</urlset>`,
      };
    }
    const html = pages.get(url.pathname);
    if (!html) return { status: 404, body: 'not found' };
    const etag = `"${Buffer.from(html).length}-${html.length % 97}"`;
    if (headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', etag }, body: html };
  });
  cleanups.push(() => site.close());
  const make = async (url: string) => {
    const h: Harness = await harness([{ name: 'intranet', type: 'web', url, ...(access ? { access } : {}) }]);
    cleanups.push(() => h.close());
    return h;
  };
  return { site, evil, pages, make };
}

describe('web connector', () => {
  it('follows same-host links from the start page, obeys robots.txt, never leaves the host, keeps the readable part', async () => {
    const { site, evil, make } = await setUp();
    const h = await make(`${site.url}/`);
    const result = await h.sync();
    expect(result.sources[0]).toMatchObject({ fetched: 3 });
    expect(result.sources[0]?.failed.map((f) => f.reason)).toEqual(['redirects off the configured hosts; not fetched']);
    expect(evil.log).toEqual([]);
    expect(site.log.some((l) => l.includes('/private/'))).toBe(false);
    expect(await h.visible({ isAdmin: false }, ['glimmervpn', 'quillleave', 'robotsecret', 'evilmarker'])).toEqual([
      'glimmervpn',
      'quillleave',
    ]);
    expect(await h.visible({ isAdmin: false }, ['chromenavmarker', 'chromefootermarker', 'chromeheadermarker'])).toEqual([]);
    const hits = await h.retrieval.search('GlobalProtect', { isAdmin: false });
    expect(hits[0]?.url).toBe(`${site.url}/handbook/vpn`);
  });

  it('a second sync asks with If-None-Match, and a page that is gone leaves the index', async () => {
    const { site, pages, make } = await setUp();
    const h = await make(`${site.url}/`);
    await h.sync();
    pages.delete('/handbook/leave');
    const result = await h.sync();
    expect(result.sources[0]).toMatchObject({ fetched: 0, unchanged: 2, removed: 1 });
    expect(await h.visible({ isAdmin: false }, ['quillleave'])).toEqual([]);
  });

  it('a site that fails keeps what was indexed: nothing is removed', async () => {
    const { site, pages, make } = await setUp();
    const h = await make(`${site.url}/`);
    await h.sync();
    pages.delete('/');
    const result = await h.sync();
    expect(result.sources[0]?.error).toBe('intranet: the start page answered HTTP 404; nothing removed');
    expect(result.sources[0]?.removed).toBe(0);
    expect(await h.visible({ isAdmin: false }, ['glimmervpn', 'quillleave'])).toEqual(['glimmervpn', 'quillleave']);
  });

  it('reads a sitemap.xml, and the source access applies to every page (permission matrix)', async () => {
    const { site, make } = await setUp(['People']);
    const h = await make(`${site.url}/sitemap.xml`);
    expect((await h.sync()).sources[0]).toMatchObject({ fetched: 2 });
    expect(await h.visible({ isAdmin: false, department: 'People' }, ['glimmervpn', 'quillleave'])).toEqual(['glimmervpn', 'quillleave']);
    expect(await h.visible({ isAdmin: false, department: 'Sales' }, ['glimmervpn', 'quillleave'])).toEqual([]);
    expect(await h.visible({ isAdmin: false }, ['glimmervpn', 'quillleave'])).toEqual([]);
  });
});
