import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceDir } from '../../src/sources/materialise.js';
import { ROOT } from '../helpers/cli.js';
import { FakeDrive, type FakeFile } from '../helpers/sources/fake-drive.js';
import { type Harness, harness } from '../helpers/sources/harness.js';

const DOC = 'application/vnd.google-apps.document';
const SHEET = 'application/vnd.google-apps.spreadsheet';
const ACCESS = { domains: { 'acme.example': 'everyone' }, groups: { 'legal@acme.example': 'Legal', 'finance@acme.example': 'Finance' } };
const domain = { type: 'domain', role: 'reader', domain: 'acme.example' } as const;
const group = (email: string) => ({ type: 'group', role: 'reader', emailAddress: email }) as const;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function setUp(faults: { rateLimitEvery?: number } = {}) {
  const drive = await new FakeDrive().start(faults);
  cleanups.push(() => drive.close());
  const put = (f: Partial<FakeFile> & Pick<FakeFile, 'id' | 'name' | 'content'>) =>
    drive.put({ mimeType: DOC, parents: ['root-folder'], permissions: [domain], ...f });
  put({ id: 'sub', name: 'Policies', mimeType: 'application/vnd.google-apps.folder', content: '' });
  put({
    id: 'd1',
    name: 'Expenses',
    parents: ['sub'],
    content:
      '<html><body><h1>Expenses</h1><h2>Taxis</h2><p>Taxis are refunded up to 40 EUR (wobblepublic).</p><ol><li>Keep the receipt</li></ol></body></html>',
  });
  put({
    id: 'd2',
    name: 'Contract playbook',
    content: '<p>Playbook for contracts quillolegal.</p>',
    permissions: [group('legal@acme.example')],
  });
  put({
    id: 's1',
    name: 'Budget',
    mimeType: SHEET,
    content: 'Team,Budget\nSales,100 zorbfinance\nOps,200\n',
    permissions: [group('finance@acme.example')],
  });
  put({
    id: 'p1',
    name: 'Per diem.pdf',
    mimeType: 'application/pdf',
    content: fs.readFileSync(path.join(ROOT, 'knowledge/finance/per-diem-rates-2025.pdf')),
  });
  put({
    id: 'w1',
    name: 'Signatures.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    content: fs.readFileSync(path.join(ROOT, 'knowledge/legal/signature-authority-matrix.docx')),
  });
  put({
    id: 'd3',
    name: 'Board minutes',
    content: '<p>Board only plinkboard.</p>',
    permissions: [{ type: 'user', role: 'writer', emailAddress: 'ceo@acme.example' }],
  });
  put({
    id: 'd4',
    name: 'Public FAQ',
    content: '<p>Anyone with the link sees snarfanyone.</p>',
    permissions: [{ type: 'anyone', role: 'reader' }],
  });
  put({ id: 'x', name: 'Elsewhere', parents: ['other-folder'], content: '<p>Not in the folder blorpoutside.</p>' });
  const h: Harness = await harness(
    [
      {
        name: 'drive',
        type: 'google-drive',
        folderId: 'root-folder',
        apiUrl: drive.server.url,
        credentials: { serviceAccountKey: 'GOOGLE_KEY', subject: 'admin@acme.example' },
        access: ACCESS,
      },
    ],
    { GOOGLE_KEY: drive.serviceAccountJson() },
  );
  cleanups.push(() => h.close());
  return { drive, h };
}

const MARKERS = ['wobblepublic', 'quillolegal', 'zorbfinance', 'plinkboard', 'snarfanyone', 'blorpoutside'];

describe('google drive connector', () => {
  it('exports Docs to Markdown and Sheets to tables, reads PDF and Word through the loaders, only inside the folder', async () => {
    const { drive, h } = await setUp();
    const result = await h.sync();
    expect(result.sources[0]).toMatchObject({ fetched: 5, hidden: 2 });
    expect(drive.subjects).toEqual(['admin@acme.example']);
    const root = sourceDir(h.config.KIKI_DATA_DIR, 'drive');
    const doc = fs.readFileSync(path.join(root, 'Policies', 'Expenses.md'), 'utf8');
    expect(doc).toContain('## Taxis');
    expect(doc).toContain('1. Keep the receipt');
    expect(fs.readFileSync(path.join(root, 'Budget.md'), 'utf8')).toContain('| Sales | 100 zorbfinance |');
    expect(fs.readFileSync(path.join(root, 'Per diem.md'), 'utf8')).toMatch(/Switzerland: full day 64 EUR/);
    expect(fs.readFileSync(path.join(root, 'Signatures.md'), 'utf8').length).toBeGreaterThan(200);
    expect(drive.downloads).not.toContain('x');
  });

  it('permission matrix: anyone, domain, group and user permissions, 0 leaks', async () => {
    const { h } = await setUp();
    await h.sync();
    const people = [
      { asker: { isAdmin: false, department: 'Legal' }, opens: ['wobblepublic', 'quillolegal'] },
      { asker: { isAdmin: false, department: 'Finance' }, opens: ['wobblepublic', 'zorbfinance'] },
      { asker: { isAdmin: false, department: 'Sales' }, opens: ['wobblepublic'] },
    ];
    for (const p of people) {
      const seen = await h.visible(p.asker, MARKERS);
      expect(
        seen.filter((m) => !p.opens.includes(m)),
        `leaks for ${p.asker.department}`,
      ).toEqual([]);
      expect(seen.sort()).toEqual([...p.opens].sort());
    }
    // "anyone" and the CEO's own share are not mapped: those files reach nobody, admins included.
    expect(await h.visible({ isAdmin: true }, ['plinkboard', 'snarfanyone', 'blorpoutside'])).toEqual([]);
  });

  it('changes: an edit, a deletion and a permission narrowed leave the index in the same sync; moved out of the folder is removed', async () => {
    const { drive, h } = await setUp();
    await h.sync();
    drive.downloads = [];
    const d1 = drive.files.get('d1');
    if (d1) drive.put({ ...d1, content: '<h2>Taxis</h2><p>Taxis are refunded up to 55 EUR (wobblepublic).</p>' });
    drive.remove('d2');
    const s1 = drive.files.get('s1');
    if (s1) drive.put({ ...s1, permissions: [{ type: 'user', role: 'reader', emailAddress: 'cfo@acme.example' }] });
    const w1 = drive.files.get('w1');
    if (w1) drive.put({ ...w1, parents: ['other-folder'] });
    const result = await h.sync();
    expect(drive.downloads).toEqual(['d1']);
    expect(result.sources[0]).toMatchObject({ fetched: 1, removed: 2, hidden: 1 });
    expect(await h.visible({ isAdmin: true }, ['quillolegal', 'zorbfinance'])).toEqual([]);
    const hits = await h.retrieval.search('taxi refund', { isAdmin: false });
    expect(hits[0]?.text).toContain('55 EUR');
  });

  it('an expired access token is renewed with the service account; a revoked key is a clear error', async () => {
    const { drive, h } = await setUp();
    await h.sync();
    drive.expireTokens();
    const d1 = drive.files.get('d1');
    if (d1) drive.put({ ...d1, content: '<p>Updated wobblepublic.</p>' });
    expect((await h.sync()).sources[0]).toMatchObject({ fetched: 1 });
    expect(drive.subjects.length).toBe(2);
    drive.rotateKey();
    const result = await h.sync();
    expect(result.sources[0]?.error).toBe(
      'drive: Google refused the service account (HTTP 400): check the key, domain-wide delegation of https://www.googleapis.com/auth/drive.readonly and the subject',
    );
    expect(await h.visible({ isAdmin: false }, ['wobblepublic'])).toEqual(['wobblepublic']);
  });

  it('a 429 on every third call loses nothing', async () => {
    const { h } = await setUp({ rateLimitEvery: 3 });
    const result = await h.sync();
    expect(result.sources[0]).toMatchObject({ fetched: 5, hidden: 2 });
    expect(result.sources[0]?.rateLimited).toBeGreaterThan(3);
  });
});
