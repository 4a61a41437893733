import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceDir } from '../../src/sources/materialise.js';
import { FakeConfluence } from '../helpers/sources/fake-confluence.js';
import { type Harness, harness } from '../helpers/sources/harness.js';

const ENV = { CONF_EMAIL: 'kiki@acme.example', CONF_TOKEN: 'atl-token' };
const ACCESS = { groups: { 'confluence-users': 'everyone', legal: 'Legal', 'hr-team': 'People' } };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setUp(faults: { rateLimitEvery?: number } = {}) {
  const wiki = await new FakeConfluence().start(faults);
  cleanups.push(() => wiki.close());
  wiki.spaces.push({ id: '1', key: 'HR', name: 'People', readers: [{ type: 'group', id: 'confluence-users' }] });
  wiki.add({
    id: '100',
    title: 'Parental leave',
    storage:
      '<h2>Duration</h2><p>Parents get <strong>sixteen weeks</strong> of parental leave (glimmerpublic).</p>' +
      '<table><tbody><tr><th>Country</th><th>Weeks</th></tr><tr><td>France</td><td>16</td></tr></tbody></table>' +
      '<ul><li>Tell your manager</li><li>Fill in the form<ul><li>in Workday</li></ul></li></ul>' +
      '<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[leave --apply <now>]]></ac:plain-text-body></ac:structured-macro>',
  });
  wiki.add({
    id: '200',
    title: 'Legal hold',
    storage: '<p>Legal hold procedure quillolegal.</p>',
    groups: [{ id: 'g-legal', name: 'legal' }],
  });
  wiki.add({ id: '300', title: 'HR private', storage: '<p>Private HR zorbpeople.</p>', groups: [{ id: 'g-hr', name: 'hr-team' }] });
  wiki.add({ id: '301', title: 'Payroll', parentId: '300', storage: '<p>Payroll under HR private vextpayroll.</p>' });
  wiki.add({
    id: '400',
    title: 'CEO notes',
    storage: '<p>CEO only plinkceo.</p>',
    users: [{ accountId: 'acc-ceo', email: 'ceo@acme.example' }],
  });
  wiki.add({ id: '500', title: 'Broken', storage: '<p>Restrictions unreadable frobmalformed.</p>', malformedRestrictions: true });
  wiki.add({ id: '600', kind: 'blogpost', title: 'Summer party', storage: '<p>The summer party is on a boat snarfblog.</p>' });
  for (let i = 0; i < 300; i++) wiki.add({ id: `9${i}`, title: `Filler ${i}`, storage: `<p>Filler page number ${i}.</p>` });
  const h: Harness = await harness(
    [
      {
        name: 'wiki',
        type: 'confluence',
        url: wiki.server.url,
        spaces: ['HR'],
        credentials: { email: 'CONF_EMAIL', token: 'CONF_TOKEN' },
        access: ACCESS,
      },
    ],
    ENV,
  );
  cleanups.push(() => h.close());
  return { wiki, h };
}

const MARKERS = ['glimmerpublic', 'quillolegal', 'zorbpeople', 'vextpayroll', 'plinkceo', 'frobmalformed', 'snarfblog'];

describe('confluence connector', () => {
  it('syncs pages and blog posts across pages of results, storage format to Markdown with headings, tables, lists and code', async () => {
    const { wiki, h } = await setUp();
    const result = await h.sync();
    const s = result.sources[0];
    expect(s?.error).toBeUndefined();
    expect(s?.fetched).toBe(305); // 300 fillers + parental leave, legal hold, HR private, payroll, summer party
    expect(s?.hidden).toBe(2); // CEO notes (a user nobody mapped), Broken (restrictions unreadable)
    expect(wiki.server.log.some((l) => l.includes('cursor='))).toBe(true);
    const md = fs.readFileSync(path.join(sourceDir(h.config.KIKI_DATA_DIR, 'wiki'), 'HR', 'Parental leave.md'), 'utf8');
    expect(md).toContain('## Duration');
    expect(md).toContain('| Country | Weeks |');
    expect(md).toContain('| France | 16 |');
    expect(md).toContain('- Tell your manager');
    expect(md).toContain('  - in Workday');
    expect(md).toContain('leave --apply <now>');
    expect(md).toMatch(/^url: http:\/\/127\.0\.0\.1:\d+\/wiki\/spaces\/1\/pages\/100$/m);
    expect(fs.existsSync(path.join(sourceDir(h.config.KIKI_DATA_DIR, 'wiki'), 'HR', 'CEO notes.md'))).toBe(false);
    const hits = await h.retrieval.search('how many weeks of parental leave', { isAdmin: false });
    expect(hits[0]?.source).toBe('wiki/HR/Parental leave.md');
    expect(hits[0]?.heading).toContain('Duration');
  });

  it('permission matrix: nobody sees through Kiki a page they could not open in Confluence (0 leaks)', async () => {
    const { h } = await setUp();
    await h.sync();
    // Who may open what in Confluence: everyone is in confluence-users; Legal people in legal; People in hr-team.
    const people = [
      { asker: { isAdmin: false, department: 'Legal' }, opens: ['glimmerpublic', 'quillolegal', 'snarfblog'] },
      { asker: { isAdmin: false, department: 'People' }, opens: ['glimmerpublic', 'zorbpeople', 'vextpayroll', 'snarfblog'] },
      { asker: { isAdmin: false, department: 'Sales' }, opens: ['glimmerpublic', 'snarfblog'] },
      { asker: { isAdmin: false }, opens: ['glimmerpublic', 'snarfblog'] },
    ];
    for (const p of people) {
      const seen = await h.visible(p.asker, MARKERS);
      expect(
        seen.filter((m) => !p.opens.includes(m)),
        `leaks for ${JSON.stringify(p.asker)}`,
      ).toEqual([]);
      expect(seen.sort(), `access for ${JSON.stringify(p.asker)}`).toEqual([...p.opens].sort());
    }
    // The CEO's page (a user no mapping names) and the unreadable one reach nobody, admins included.
    expect(await h.visible({ isAdmin: true }, ['plinkceo', 'frobmalformed'])).toEqual([]);
  });

  it('a guest from another organisation sees nothing not mapped to public', async () => {
    const { h } = await setUp();
    await h.sync();
    // A fresh index: SearchIndex caches access masks by department, and a guest shares "" with an internal
    // Unassigned asker (noted in the report; search-index.ts is not this branch's to change).
    expect(await h.visible({ isAdmin: false, external: true }, MARKERS)).toEqual([]);
  });

  it('incremental: an edit is fetched alone, a deletion and a new restriction leave the index in the same sync', async () => {
    const { wiki, h } = await setUp();
    await h.sync();
    wiki.bodyFetches = [];
    wiki.edit('100', '<p>Parents now get twenty weeks (glimmerpublic).</p>');
    wiki.pages.delete('600');
    const legal = wiki.pages.get('200');
    if (legal) legal.groups = [{ id: 'g-secret', name: 'board' }]; // restricted to a group nobody mapped
    const result = await h.sync();
    expect(wiki.bodyFetches).toEqual(['100']);
    expect(result.sources[0]).toMatchObject({ fetched: 1, removed: 1, hidden: 1 });
    expect(await h.visible({ isAdmin: true }, ['snarfblog', 'quillolegal'])).toEqual([]);
    const hits = await h.retrieval.search('parental leave weeks', { isAdmin: false });
    expect(hits[0]?.text).toContain('twenty weeks');
    const third = await h.sync();
    expect(third.sources[0]).toMatchObject({ fetched: 0, removed: 0 });
  });

  it('an expired token stops the sync with a clear error and keeps what was indexed', async () => {
    const { wiki, h } = await setUp();
    await h.sync();
    wiki.token = 'rotated';
    const result = await h.sync();
    expect(result.sources[0]?.error).toBe(
      'wiki: the credentials were refused (HTTP 401): the token may have expired or been revoked; check CONF_EMAIL and CONF_TOKEN (an Atlassian API token)',
    );
    expect(result.sources[0]?.removed).toBe(0);
    expect(await h.visible({ isAdmin: false }, ['glimmerpublic'])).toEqual(['glimmerpublic']);
  });

  it('a 429 on every third call loses nothing', async () => {
    const { wiki, h } = await setUp({ rateLimitEvery: 3 });
    const result = await h.sync();
    expect(result.sources[0]).toMatchObject({ fetched: 305, hidden: 2 });
    expect(result.sources[0]?.rateLimited).toBeGreaterThan(100);
    expect(wiki.server.log.length).toBe(result.sources[0]?.requests);
  });
});
