import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/retrieval/chunker.js';
import { LoadError, loadDocument } from '../../src/retrieval/loaders/index.js';
import { ROOT } from '../helpers/cli.js';

const knowledge = path.join(ROOT, 'knowledge');
const load = (rel: string) => loadDocument(fs.readFileSync(path.join(knowledge, rel)), rel);

describe('loaders', () => {
  it('reads Markdown front-matter and keeps heading paths and line ranges', async () => {
    const doc = await load('finance/travel.md');
    expect(doc).toMatchObject({
      title: 'Travel policy',
      owner: 'Finance',
      url: 'https://wiki.acmepay.example/finance/travel',
      updated: '2025-02-10',
    });
    const chunks = chunkDocument(doc, 'finance/travel.md', undefined);
    const perDiem = chunks.find((c) => /Switzerland\s*\|\s*64 EUR/.test(c.text));
    expect(perDiem?.headingPath).toEqual(['Travel policy', 'Per diem']);
    const lines = fs.readFileSync(path.join(knowledge, 'finance/travel.md'), 'utf8').split('\n');
    const [first, last] = perDiem!.lines!;
    expect(lines.slice(first - 1, last).join('\n')).toMatch(/Switzerland\s*\|\s*64 EUR\s*\|\s*32 EUR/);
  });

  it('reads front-matter access lists', async () => {
    expect((await load('finance/budget-2025.md')).access).toEqual(['Finance']);
  });

  it('reads MDX without its import lines', async () => {
    const doc = await loadDocument(Buffer.from("import X from './x'\n\n# Hello\n\nSome **bold** [link](http://x).\n"), 'a.mdx');
    expect(doc.blocks).toEqual([{ headingPath: ['Hello'], text: 'Some bold link.', lines: [5, 5] }]);
  });

  it('keeps text in angle brackets that is not an HTML tag, and drops real tags', async () => {
    const doc = await loadDocument(
      Buffer.from('# Hotels\n\nBook a room <up to 400 EUR> a night, or <= 120 EUR in Spain, <b>with</b> a receipt<br/>.\n'),
      'hotels.md',
    );
    expect(doc.blocks[0]?.text).toBe('Book a room <up to 400 EUR> a night, or <= 120 EUR in Spain, with a receipt.');
  });

  it('reads plain text with line ranges', async () => {
    const doc = await loadDocument(Buffer.from('first para\nstill first\n\nsecond'), 'notes.txt');
    expect(doc.blocks.map((b) => b.lines)).toEqual([
      [1, 2],
      [4, 4],
    ]);
    expect(doc.title).toBe('Notes');
  });

  it('reads PDFs page by page', async () => {
    const doc = await load('finance/per-diem-rates-2025.pdf');
    expect(doc.title).toBe('Per diem rates 2025');
    expect(doc.blocks.find((b) => b.text.includes('Switzerland: full day 64 EUR'))?.page).toBe(1);
    expect(doc.blocks.find((b) => b.text.includes('How to claim a per diem'))?.page).toBe(2);
  });

  it('reads Word documents with their headings', async () => {
    const doc = await load('legal/signature-authority-matrix.docx');
    expect(doc.title).toBe('Signature authority matrix');
    const block = doc.blocks.find((b) => b.text.includes('may only be signed by the CEO or the CFO'));
    expect(block?.headingPath).toEqual(['Signature authority matrix', 'Contracts above 100,000 EUR']);
  });

  it('keeps only the main content of HTML pages', async () => {
    const doc = await load('finance/expenses-faq.html');
    const text = doc.blocks.map((b) => b.text).join('\n');
    expect(text).toContain('30 EUR per month for internet');
    expect(text).not.toMatch(/cookies|Wiki home|Imprint/);
    expect(doc).toMatchObject({ owner: 'Finance', url: 'https://wiki.acmepay.example/finance/expenses-faq' });
  });

  it('gives a one-line reason for files it cannot read', async () => {
    const reason = (bytes: Buffer, name: string) =>
      loadDocument(bytes, name).then(
        () => 'loaded',
        (e: unknown) => (e instanceof LoadError ? e.message : `crash: ${String(e)}`),
      );
    expect(await reason(Buffer.alloc(0), 'empty.md')).toBe('empty file');
    expect(await reason(Buffer.from('x'), 'photo.png')).toMatch(/^unsupported file type "\.png"/);
    expect(await reason(Buffer.from('%PDF-1.7 garbage'), 'broken.pdf')).toMatch(/malformed PDF|no text/);
    expect(await reason(Buffer.from('not a zip'), 'broken.docx')).toMatch(/not a readable Word document/);
    expect(await reason(Buffer.from('---\ntitle: [unclosed\n---\nbody'), 'bad.md')).toMatch(/front matter is not valid YAML/);
    expect(await reason(Buffer.from('---\naccess: {a: 1}\n---\nbody'), 'bad.md')).toMatch(/"access" must be a list/);
  });
});
