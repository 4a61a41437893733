import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPaths, loadSource, parsePasted } from '../../src/comms/intake/index.js';
import { isPublicAddress, safeFetch } from '../../src/comms/intake/safe-fetch.js';
import { makeDocx, makePdf, type PageServer, servePages } from '../helpers/documents.js';
import { tempDir } from '../helpers/env.js';
import { OUTAGE_HTML } from '../helpers/press.js';

const open = { allowPrivate: true };
const closed = { allowPrivate: false };

describe('press intake: files and pasted text', () => {
  const dir = tempDir();
  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'Acme Pay wins award\n\nAcme Pay won the best payments app award on Tuesday.');
    fs.writeFileSync(
      path.join(dir, 'b.md'),
      '---\ntitle: Acme Pay lance sa carte\noutlet: Le Journal\nauthor: Camille\ndate: 2025-03-05\n---\n\nLa fintech **Acme Pay** lance une [nouvelle carte](https://x.example).',
    );
    fs.writeFileSync(path.join(dir, 'c.html'), OUTAGE_HTML());
    fs.writeFileSync(
      path.join(dir, 'd.pdf'),
      makePdf(['Acme Pay results beat forecasts.', 'Revenue grew 30 percent.'], 'Acme Pay results'),
    );
    fs.writeFileSync(path.join(dir, 'e.docx'), await makeDocx(['Acme Pay opens in Spain', 'The company opened an office in Madrid.']));
    fs.writeFileSync(path.join(dir, 'bad.md'), '---\ntitle: Broken: yes: no\n---\nBody');
    fs.writeFileSync(path.join(dir, 'broken.pdf'), 'not a pdf at all');
    fs.writeFileSync(path.join(dir, '_access.yml'), 'index: false\n');
  });

  it('reads txt with its first line as the title', async () => {
    const a = await loadSource({ kind: 'file', path: path.join(dir, 'a.txt') }, open);
    expect(a.title).toBe('Acme Pay wins award');
    expect(a.text).toContain('best payments app award');
  });

  it('reads markdown front matter (title, outlet, author, date) and strips the markup', async () => {
    const a = await loadSource({ kind: 'file', path: path.join(dir, 'b.md') }, open);
    expect(a).toMatchObject({ title: 'Acme Pay lance sa carte', outlet: 'Le Journal', author: 'Camille', date: '2025-03-05' });
    expect(a.text).toBe('La fintech Acme Pay lance une nouvelle carte.');
  });

  it('keeps only the article of an HTML page, with its metadata', async () => {
    const a = await loadSource({ kind: 'file', path: path.join(dir, 'c.html') }, open);
    expect(a).toMatchObject({ title: 'Acme Pay outage hits shops', outlet: 'The Ledger', author: 'Marcus Feld', date: '2025-03-11' });
    expect(a.text).toContain('six-hour outage');
    for (const clutter of ['cookies', 'Related stories', 'best journalism', 'Subscribe', 'All rights reserved'])
      expect(a.text).not.toContain(clutter);
  });

  it('reads the text layer of a PDF and its title', async () => {
    const a = await loadSource({ kind: 'file', path: path.join(dir, 'd.pdf') }, open);
    expect(a.title).toBe('Acme Pay results');
    expect(a.text).toContain('Revenue grew 30 percent');
  });

  it('reads a Word document', async () => {
    const a = await loadSource({ kind: 'file', path: path.join(dir, 'e.docx') }, open);
    expect(a.title).toBe('Acme Pay opens in Spain');
    expect(a.text).toContain('office in Madrid');
  });

  it('names the problem of a broken file instead of crashing', async () => {
    await expect(loadSource({ kind: 'file', path: path.join(dir, 'bad.md') }, open)).rejects.toThrow(/front matter is not valid YAML/);
    await expect(loadSource({ kind: 'file', path: path.join(dir, 'broken.pdf') }, open)).rejects.toThrow(/no readable text in this PDF/);
    await expect(loadSource({ kind: 'buffer', filename: 'x.xlsx', data: Buffer.from('x') }, open)).rejects.toThrow(/unsupported file type/);
  });

  it('expands a folder to its articles, skipping _access.yml, and reports missing paths', async () => {
    const { inputs, problems } = await expandPaths([dir, path.join(dir, 'nope.txt'), 'https://example.com/a']);
    const files = inputs.filter((i) => i.kind === 'file').map((i) => (i.kind === 'file' ? path.basename(i.path) : ''));
    expect(files).toEqual(['a.txt', 'b.md', 'bad.md', 'broken.pdf', 'c.html', 'd.pdf', 'e.docx']);
    expect(inputs).toContainEqual({ kind: 'url', url: 'https://example.com/a' });
    expect(problems).toEqual([{ source: path.join(dir, 'nope.txt'), error: 'No such file, folder or URL.' }]);
  });

  it('splits pasted modal text into links and articles', () => {
    const inputs = parsePasted(
      'https://a.example/1\n<https://b.example/2>\n---\nAcme Pay title\nA long enough pasted article body about Acme Pay.\n---\nshort',
    );
    expect(inputs).toEqual([
      { kind: 'url', url: 'https://a.example/1' },
      { kind: 'url', url: 'https://b.example/2' },
      { kind: 'text', text: 'Acme Pay title\nA long enough pasted article body about Acme Pay.', name: 'pasted text 2' },
    ]);
  });
});

describe('press intake: URLs', () => {
  let server: PageServer;
  beforeAll(async () => {
    const hops: Record<string, { status: number; headers: Record<string, string> }> = {};
    for (let i = 0; i < 8; i++) hops[`/loop${i}`] = { status: 302, headers: { location: `/loop${i + 1}` } };
    server = await servePages({
      '/article': { body: OUTAGE_HTML() },
      '/moved': { status: 301, headers: { location: '/article' } },
      '/big': { body: 'x'.repeat(2048), type: 'text/plain' },
      '/slow': { body: 'late', type: 'text/plain', delayMs: 3000 },
      '/gone': { status: 410, body: 'gone' },
      '/paper.pdf': { body: makePdf(['Acme Pay beats forecasts.']), type: 'application/pdf' },
      ...hops,
    });
  });
  afterAll(() => server.close());

  it('fetches an article page over http and follows a redirect', async () => {
    const a = await loadSource({ kind: 'url', url: `${server.url}/moved` }, open);
    expect(a.title).toBe('Acme Pay outage hits shops');
    expect(a.source).toBe(`${server.url}/moved`);
    const pdf = await loadSource({ kind: 'url', url: `${server.url}/paper.pdf` }, open);
    expect(pdf.text).toContain('beats forecasts');
  });

  it('gives up after a bounded number of redirects, a size cap and a timeout', async () => {
    await expect(safeFetch(`${server.url}/loop0`, { ...open, maxRedirects: 3 })).rejects.toThrow(/redirects more than 3 times/);
    await expect(safeFetch(`${server.url}/big`, { ...open, maxBytes: 1024 })).rejects.toThrow(/larger than/);
    await expect(safeFetch(`${server.url}/slow`, { ...open, timeoutMs: 300 })).rejects.toThrow(/did not answer within/);
    await expect(safeFetch(`${server.url}/gone`, open)).rejects.toThrow(/HTTP 410/);
  });

  it('refuses loopback, private and link-local addresses unless allowed, without sending a request', async () => {
    const before = server.requests.length;
    const port = new URL(server.url).port;
    for (const url of [
      `${server.url}/article`,
      `http://localhost:${port}/article`,
      `http://[::1]:${port}/article`,
      `http://[::ffff:127.0.0.1]:${port}/article`,
      'http://10.0.0.8/admin',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/',
    ]) {
      await expect(safeFetch(url, closed), url).rejects.toThrow(/private or local address/);
    }
    expect(server.requests.length).toBe(before);
  });

  it('judges addresses by what they are, IPv4-mapped IPv6 included', () => {
    expect(isPublicAddress('93.184.216.34')).toBe(true);
    expect(isPublicAddress('2606:4700::1111')).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.0.1',
      '169.254.169.254',
      'fe80::1',
      'fc00::1',
      '::1',
      '::ffff:10.0.0.1',
      '100.64.0.1',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it('accepts only http and https', async () => {
    await expect(safeFetch('file:///etc/passwd', closed)).rejects.toThrow(/Only http and https/);
    await expect(safeFetch('ftp://example.com/x', closed)).rejects.toThrow(/Only http and https/);
    await expect(safeFetch('not a url', closed)).rejects.toThrow(/not a valid URL/);
  });
});
