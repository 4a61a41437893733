import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/comms/intake/index.js';
import { parseFrontMatter } from '../../src/front-matter.js';
import { ingest } from '../../src/retrieval/ingest.js';
import { loadIndex } from '../../src/retrieval/service.js';
import { contractService } from '../helpers/contracts.js';
import { tempDir, testConfig } from '../helpers/env.js';

/** Front matter that gray-matter would evaluate: it writes a marker file when it runs. */
function payload(marker: string, opener = '---js'): string {
  return `${opener}\n{ title: (require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'Pwned') }\n---\n# Hello\n\nSome text.\n`;
}

describe('front matter is data, never code', () => {
  it('kiki ingest refuses a ---js knowledge file with a one-line reason, runs nothing, and indexes the rest', async () => {
    const kb = tempDir('kiki-kb-');
    const marker = path.join(tempDir(), 'ran');
    fs.writeFileSync(path.join(kb, 'evil.md'), payload(marker));
    fs.writeFileSync(path.join(kb, 'coffee.md'), payload(marker, '---coffee'));
    fs.writeFileSync(path.join(kb, 'ok.md'), '---yaml\ntitle: Fine\n---\n# Fine\n\nThe per diem is 64 EUR.\n');
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    const summary = await ingest(config);
    expect(fs.existsSync(marker)).toBe(false);
    const reasons = Object.fromEntries(summary.failed.map((f) => [f.source, f.reason]));
    expect(reasons['evil.md']).toMatch(/"---js" refused: only YAML front matter is read/);
    expect(reasons['coffee.md']).toMatch(/"---coffee" refused/);
    expect(reasons['evil.md']).not.toContain('\n');
    expect(reasons['ok.md']).toBeUndefined();
    expect([...new Set([...loadIndex(config, summary.indexDir).allChunks()].map((c) => c.source))]).toEqual(['ok.md']);
  });

  it('a contract template with ---javascript front matter is reported as unusable and runs nothing', () => {
    const dir = tempDir();
    const marker = path.join(tempDir(), 'ran');
    fs.writeFileSync(path.join(dir, 'evil.md'), payload(marker, '---javascript'));
    const svc = contractService(dir);
    expect(fs.existsSync(marker)).toBe(false);
    expect(svc.catalog().problems.join('\n')).toMatch(/evil\.md: front matter "---javascript" refused/);
  });

  it('a press file with ---js front matter is refused and runs nothing', async () => {
    const dir = tempDir();
    const marker = path.join(tempDir(), 'ran');
    fs.writeFileSync(path.join(dir, 'article.md'), payload(marker));
    await expect(loadSource({ kind: 'file', path: path.join(dir, 'article.md') }, { allowPrivate: true })).rejects.toThrow(
      /article\.md: front matter "---js" refused/,
    );
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('reads YAML front matter, keeps line offsets, and leaves a leading horizontal rule alone', () => {
    expect(parseFrontMatter('---\ntitle: A\nupdated: 2025-02-10\n---\n# A\n')).toEqual({
      data: { title: 'A', updated: '2025-02-10' },
      content: '# A\n',
      lineOffset: 4,
    });
    expect(parseFrontMatter('----\ntext\n').data).toEqual({});
    expect(parseFrontMatter('---\nno closing line\n')).toMatchObject({ data: {}, content: '---\nno closing line\n' });
    expect(() => parseFrontMatter('---\n- a\n- b\n---\n')).toThrow(/key: value/);
  });
});
