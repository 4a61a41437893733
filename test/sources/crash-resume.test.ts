import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EVERYONE } from '../../src/retrieval/types.js';
import { sourceDir } from '../../src/sources/materialise.js';
import { spawnKiki } from '../helpers/cli.js';
import { FakeConfluence } from '../helpers/sources/fake-confluence.js';
import { harness } from '../helpers/sources/harness.js';

const ENV = { CONF_EMAIL: 'kiki@acme.example', CONF_TOKEN: 'atl-token' };
const PAGES = 250;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const page = (i: number, edit = 0) => `<p>Page ${i} holds the rule mk${i}e${edit}x.</p>`;

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
}

describe('a sync killed half-way', () => {
  it('resumes: what was written before the crash is not fetched again, nothing is lost or doubled, deleted text is gone', async () => {
    const wiki = await new FakeConfluence().start();
    cleanups.push(() => wiki.close());
    wiki.spaces.push({ id: '1', key: 'KB', name: 'Knowledge', readers: [{ type: 'group', id: 'confluence-users' }] });
    for (let i = 0; i < PAGES; i++) wiki.add({ id: String(1000 + i), title: `Page ${i}`, storage: page(i) });
    const h = await harness(
      [
        {
          name: 'wiki',
          type: 'confluence',
          url: wiki.server.url,
          spaces: ['KB'],
          credentials: { email: 'CONF_EMAIL', token: 'CONF_TOKEN' },
          access: { groups: { 'confluence-users': 'everyone' } },
        },
      ],
      ENV,
    );
    cleanups.push(() => h.close());
    await h.sync();

    // 220 edits, 10 deletions, 10 new pages; then a slow site, so that the kill lands half-way.
    for (let i = 0; i < 220; i++) wiki.edit(String(1000 + i), page(i, 1));
    for (let i = 220; i < 230; i++) wiki.pages.delete(String(1000 + i));
    for (let i = PAGES; i < PAGES + 10; i++) wiki.add({ id: String(1000 + i), title: `Page ${i}`, storage: page(i) });
    wiki.delayMs = 10;
    const before = Date.now();
    const child = spawnKiki(['sync', '--json'], {
      ...ENV,
      KIKI_DATA_DIR: h.config.KIKI_DATA_DIR,
      KIKI_SOURCES: h.config.KIKI_SOURCES ?? '',
      KNOWLEDGE_DIR: h.config.KNOWLEDGE_DIR,
    });
    const exited = new Promise((r) => child.on('exit', r));
    const written = () => h.store.db.selectFrom('source_documents').select('doc_id').where('synced_at', '>=', before).execute();
    let done: { doc_id: string }[] = [];
    for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 10))) {
      done = await written();
      if (done.length >= 50) break;
    }
    child.kill('SIGKILL');
    await exited;
    done = await written();
    expect(done.length).toBeGreaterThanOrEqual(50);
    expect(done.length).toBeLessThan(230); // killed half-way

    wiki.delayMs = 0;
    wiki.bodyFetches = [];
    const resumed = await h.sync();
    const s = resumed.sources[0];
    const refetched = new Set(wiki.bodyFetches);
    expect(done.filter((d) => refetched.has(d.doc_id))).toEqual([]); // nothing written before the crash is fetched again
    expect((s?.fetched ?? 0) + done.length).toBe(230); // 220 edits and 10 new pages, each once
    expect(s?.removed).toBe(10);
    const files = markdownFiles(sourceDir(h.config.KIKI_DATA_DIR, 'wiki'));
    expect(files).toHaveLength(PAGES); // 250 - 10 deleted + 10 new, no leftover or duplicate file
    expect(await h.visible(EVERYONE, ['mk5e1x', 'mk219e1x', 'mk255e0x', 'mk240e0x'])).toEqual([
      'mk5e1x',
      'mk219e1x',
      'mk255e0x',
      'mk240e0x',
    ]);
    expect(await h.visible(EVERYONE, ['mk5e0x', 'mk219e0x', 'mk220e0x', 'mk229e0x'])).toEqual([]); // old and deleted text
    const hits = await h.retrieval.search('mk5e1x', EVERYONE, { k: 20 });
    expect(new Set(hits.filter((x) => x.text.includes('mk5e1x')).map((x) => x.source)).size).toBe(1);
  }, 120_000);
});
