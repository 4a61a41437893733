import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

describe('kiki sentiment', () => {
  it('reads a folder and prints the exact --json shape, and writes the Markdown report and the chart', async () => {
    const out = tempDir();
    const r = await runKiki(
      [
        'sentiment',
        'knowledge/comms/press-samples',
        '--json',
        '--out',
        path.join(out, 'report.md'),
        '--chart',
        path.join(out, 'chart.png'),
      ],
      { KIKI_DATA_DIR: out, KIKI_BRAND_TERMS: 'Acme Pay' },
      { timeoutMs: 90_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { summary: Record<string, number>; articles: Record<string, unknown>[] };
    expect(Object.keys(json.summary)).toEqual(['articles', 'positive', 'neutral', 'negative', 'mixed', 'net']);
    expect(json.summary.articles).toBe(5);
    expect(Object.keys(json.articles[0] ?? {})).toEqual([
      'source',
      'title',
      'outlet',
      'date',
      'language',
      'label',
      'score',
      'confidence',
      'quotes',
      'themes',
    ]);
    const french = json.articles.filter((a) => a.language === 'fr');
    expect(french.map((a) => a.label).sort()).toEqual(['negative', 'positive']);
    expect(json.articles.find((a) => String(a.title).includes('cuts jobs'))?.label).toBe('mixed');
    expect(fs.readFileSync(path.join(out, 'report.md'), 'utf8')).toContain('Net sentiment');
    expect(fs.readFileSync(path.join(out, 'chart.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('fails with one clear line when nothing can be read', async () => {
    const r = await runKiki(['sentiment', 'no/such/folder'], { KIKI_DATA_DIR: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('kiki: nothing to read: no/such/folder: No such file, folder or URL.');
  });
});
