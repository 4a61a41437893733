import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

const corpus = path.resolve(ROOT, '../shared/corpora/pdfs');
const present = fs.existsSync(corpus);
if (!present) console.warn(`skipped: ${corpus} is absent (the shared corpora sit beside the project in CI)`);

describe.skipIf(!present)('kiki ingest over real-world PDFs', () => {
  it('completes, and every PDF yields text or a one-line reason; encrypted ones are named as such', async () => {
    const r = await runKiki(['ingest', '--json'], { KIKI_DATA_DIR: tempDir(), KNOWLEDGE_DIR: corpus }, { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { files: number; failed: { source: string; reason: string }[]; indexDir: string };
    const manifest = JSON.parse(fs.readFileSync(path.join(summary.indexDir, 'manifest.json'), 'utf8')) as {
      files: Record<string, unknown>;
    };
    const pdfs = fs
      .readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split('\t'));
    for (const [file, , , encrypted, , , note] of pdfs) {
      const failure = summary.failed.find((f) => f.source === file);
      if (failure) expect(failure.reason).not.toMatch(/\n/);
      else expect(manifest.files[file!], file).toBeDefined();
      if (encrypted === 'Y' && !/empty user pw|opens without pw/.test(note ?? '')) {
        expect(failure?.reason, file).toMatch(/^encrypted PDF/);
      }
    }
    expect(summary.failed.find((f) => f.source.endsWith('imagemagick-CCITTFaxDecode.pdf'))?.reason).toMatch(/no text layer/);
  }, 130_000);
});
