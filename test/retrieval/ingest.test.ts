import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { KikiError } from '../../src/errors.js';
import { currentVersionDir, indexRoot } from '../../src/retrieval/index-files.js';
import { ingest } from '../../src/retrieval/ingest.js';
import { loadIndex, RetrievalService } from '../../src/retrieval/service.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { captureLogger } from '../helpers/app.js';
import { tempDir, testConfig } from '../helpers/env.js';

const silent = pino({ level: 'silent' });

function knowledgeDir(): string {
  const dir = tempDir('kiki-kb-');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write(
    'travel.md',
    '---\ntitle: Travel\nowner: Finance\n---\n# Travel\n\n## Per diem\n\nThe per diem in Zurich is 64 EUR per full day.\n',
  );
  write('vpn.md', '# VPN\n\nConnect GlobalProtect to vpn.acmepay.example and approve the Okta push.\n');
  write('templates/_access.yml', 'index: false\n');
  write('templates/nda.md', '# NDA template\n\nThe zebra clause.\n');
  write('_drafts/secret.md', '# Draft\n\nThe zebra draft.\n');
  write('.hidden.md', '# Hidden\n\nThe zebra hidden.\n');
  write('notes.xyz', 'unknown');
  return dir;
}

describe('ingest', () => {
  it('names every unreadable file with a constant reason, no parser or errno text, and logs the cause', async () => {
    const kb = tempDir('kiki-kb-');
    fs.writeFileSync(path.join(kb, 'ok.md'), '# Fine\n\nA readable page.\n');
    fs.writeFileSync(path.join(kb, 'broken.docx'), Buffer.from('PK\u0003\u0004garbage'));
    fs.writeFileSync(path.join(kb, 'broken.pdf'), '%PDF-1.7 garbage');
    fs.mkdirSync(path.join(kb, 'hr'));
    fs.writeFileSync(path.join(kb, 'hr', '_access.yml'), 'access: [People\n');
    fs.writeFileSync(path.join(kb, 'hr', 'pay.md'), '# Pay\n\nSecret.\n');
    const { logger, lines } = captureLogger();
    const summary = await ingest(testConfig({ KNOWLEDGE_DIR: kb }), { logger });
    expect(Object.fromEntries(summary.failed.map((f) => [f.source, f.reason]))).toEqual({
      'broken.docx': 'not a readable Word document (damaged, or not a .docx file)',
      'broken.pdf': 'malformed PDF (damaged, or not a PDF file)',
      'hr/_access.yml': 'not valid YAML (line 2); check its indentation and brackets; folder skipped',
    });
    const logged = lines.filter((l) => l.level === 40).map((l) => l.source);
    expect(logged).toEqual(expect.arrayContaining(['broken.docx', 'broken.pdf', 'hr/_access.yml']));
  });

  it("titles a page without a title or heading by its file name, never by the server's folders", async () => {
    const kb = tempDir('kiki-kb-');
    fs.mkdirSync(path.join(kb, 'finance'));
    fs.writeFileSync(path.join(kb, 'finance', 'topline-definitions.txt'), 'Annual recurring revenue is counted from the first invoice.\n');
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    const { indexDir } = await ingest(config);
    const [hit] = await loadIndex(config, indexDir).search('annual recurring revenue invoice', EVERYONE);
    expect(hit?.title).toBe('Topline definitions');
    expect(JSON.stringify(hit)).not.toContain(kb);
  });

  it('skips unchanged files, re-reads changed ones and forgets deleted ones', async () => {
    const kb = knowledgeDir();
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    const first = await ingest(config);
    expect(first).toMatchObject({ files: 3, changed: 2, skipped: 0 });
    expect(first.failed).toEqual([{ source: 'notes.xyz', reason: 'unsupported file type ".xyz"' }]);

    const again = await ingest(config);
    expect(again).toMatchObject({ upToDate: true, skipped: 2, changed: 0 });

    fs.writeFileSync(path.join(kb, 'vpn.md'), '# VPN\n\nThe new portal is gateway.acmepay.example.\n');
    fs.rmSync(path.join(kb, 'travel.md'));
    fs.writeFileSync(path.join(kb, 'laptop.md'), '# Laptop\n\nMacBook Air for everyone.\n');
    const third = await ingest(config);
    expect(third).toMatchObject({ changed: 2, removed: 1, upToDate: false });
    const index = loadIndex(config, third.indexDir);
    expect([...index.allChunks()].map((c) => c.source).sort()).toEqual(['laptop.md', 'vpn.md']);
    expect((await index.search('portal gateway', EVERYONE))[0]?.text).toContain('gateway.acmepay.example');
    expect(await index.search('per diem Zurich', EVERYONE)).not.toContainEqual(expect.objectContaining({ source: 'travel.md' }));
  });

  it('never ingests index: false folders or names starting with . or _', async () => {
    const config = testConfig({ KNOWLEDGE_DIR: knowledgeDir() });
    const { indexDir } = await ingest(config);
    const sources = [...loadIndex(config, indexDir).allChunks()].map((c) => c.source);
    expect(sources.some((s) => /zebra|templates|_drafts|hidden/.test(s))).toBe(false);
  });

  it('leaves the previous index working when an ingest dies before the swap', async () => {
    const kb = knowledgeDir();
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    const service = new RetrievalService(config, silent);
    const first = await ingest(config);
    expect((await service.search('per diem Zurich', EVERYONE))[0]?.source).toBe('travel.md');

    fs.writeFileSync(path.join(kb, 'travel.md'), '# Travel\n\nPer diem rates moved to the PDF.\n');
    await expect(ingest(config, { beforeSwap: () => Promise.reject(new Error('killed')) })).rejects.toThrow('killed');
    expect(currentVersionDir(config.KIKI_DATA_DIR)).toBe(first.indexDir);
    const fresh = new RetrievalService(config, silent);
    expect((await fresh.search('per diem Zurich', EVERYONE))[0]?.text).toContain('64 EUR');

    const next = await ingest(config);
    expect(fs.readdirSync(indexRoot(config.KIKI_DATA_DIR)).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect(await service.reload()).toBe(true);
    expect((await service.search('per diem', EVERYONE))[0]?.text).toContain('moved to the PDF');
    expect(next.indexDir).not.toBe(first.indexDir);
  });

  it('refuses an index built with another embedder and says to re-ingest', async () => {
    const kb = knowledgeDir();
    const base = testConfig({ KNOWLEDGE_DIR: kb });
    await ingest(base);
    const withKey = testConfig({
      KNOWLEDGE_DIR: kb,
      KIKI_DATA_DIR: base.KIKI_DATA_DIR,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    const error = await new RetrievalService(withKey, silent).search('vpn', EVERYONE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KikiError);
    expect((error as KikiError).userMessage).toMatch(
      /built with the embedder "offline-lsa-v1".*"openai:text-embedding-3-small".*re-ingest/,
    );
  });

  /** Another process adds a laptop page and publishes a new index version. */
  const publishLaptopPage = async (kb: string, config: ReturnType<typeof testConfig>, model = 'Air') => {
    fs.writeFileSync(path.join(kb, 'laptop.md'), `# Laptop\n\nMacBook ${model} for everyone.\n`);
    return ingest(config, model === 'Air' ? {} : { full: true });
  };
  /** The service's first hit for "MacBook" becomes the laptop page within five seconds. */
  const picksUpLaptop = (service: RetrievalService) =>
    expect.poll(async () => (await service.search('MacBook', EVERYONE))[0]?.source, { timeout: 5000 }).toBe('laptop.md');

  it('the running service picks up an index published by another process', async () => {
    const kb = knowledgeDir();
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    await ingest(config);
    const service = new RetrievalService(config, silent);
    service.watch(50);
    try {
      expect(await service.search('MacBook', EVERYONE)).not.toContainEqual(expect.objectContaining({ source: 'laptop.md' }));
      await publishLaptopPage(kb, config);
      await picksUpLaptop(service);
    } finally {
      service.close();
    }
  });

  it('a second service on the same index keeps picking up new versions after the first one is closed', async () => {
    const kb = knowledgeDir();
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    await ingest(config);
    const first = new RetrievalService(config, silent);
    const second = new RetrievalService(config, silent);
    first.watch(50);
    second.watch(50);
    try {
      await second.search('MacBook', EVERYONE);
      first.close();
      await publishLaptopPage(kb, config);
      await picksUpLaptop(second);
    } finally {
      second.close();
    }
  });

  it('logs a published version that cannot be loaded once, keeps the old index, and loads the next good one', async () => {
    const kb = knowledgeDir();
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    await ingest(config);
    const { logger, lines } = captureLogger();
    const service = new RetrievalService(config, logger);
    service.watch(20);
    try {
      expect((await service.search('per diem', EVERYONE))[0]?.source).toBe('travel.md');
      fs.writeFileSync(path.join(kb, 'laptop.md'), '# Laptop\n\nMacBook Air for everyone.\n');
      // The version is damaged before it is published, so the watcher can only ever see it broken.
      const root = indexRoot(config.KIKI_DATA_DIR);
      const damage = () => {
        for (const name of fs.readdirSync(root)) if (name.startsWith('.tmp-')) fs.writeFileSync(path.join(root, name, 'vectors.f32'), '');
      };
      await ingest(config, { beforeSwap: damage });
      await expect.poll(() => lines.filter((l) => /reloading the search index failed/.test(String(l.msg))).length).toBe(1);
      // Not loaded again and again either (a big index would be read every interval): no reload for ~10 polls.
      const reloads = vi.spyOn(service, 'reload');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(reloads).not.toHaveBeenCalled();
      reloads.mockRestore();
      expect(lines.filter((l) => /reloading the search index failed/.test(String(l.msg)))).toHaveLength(1);
      expect((await service.search('per diem', EVERYONE))[0]?.source).toBe('travel.md');
      await publishLaptopPage(kb, config, 'Pro');
      await picksUpLaptop(service);
    } finally {
      service.close();
    }
  });
});
