import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/assistant/answer.js';
import { createLogger } from '../../src/logger.js';
import { currentVersionDir } from '../../src/retrieval/index-files.js';
import { ingest } from '../../src/retrieval/ingest.js';
import { RetrievalService } from '../../src/retrieval/service.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir, testConfig } from '../helpers/env.js';

const QUESTIONS = [
  'What is the per diem in Zurich?',
  'How do I set up the VPN?',
  'How many vacation days do I get?',
  'Can I expense a taxi to the airport?',
  'who approves my time off',
  'what laptop do new hires get',
  'how do I report a phishing email',
  'parental leave for fathers',
];

const logger = createLogger('silent');

/** Every answer's text, state and cited sections, for the same questions on one data folder. */
async function answersOn(dataDir: string): Promise<string[]> {
  const config = testConfig({ KIKI_DATA_DIR: dataDir, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') });
  const retrieval = new RetrievalService(config, logger);
  const service = new AnswerService({ retriever: retrieval, logger });
  const out: string[] = [];
  for (const q of QUESTIONS) {
    const a = await service.answer({ question: q, asker: EVERYONE });
    out.push(JSON.stringify({ state: a.state, text: a.text, cited: a.citations.map((c) => `${c.source}#${c.heading}`) }));
  }
  retrieval.close();
  return out;
}

describe('the same question over the same documents gets the same answer', () => {
  it('after two fresh ingests into separate folders, and after a restart on the same folder', async () => {
    const knowledge = path.join(ROOT, 'knowledge');
    const a = tempDir('kiki-det-a-');
    const b = tempDir('kiki-det-b-');
    await ingest(testConfig({ KIKI_DATA_DIR: a, KNOWLEDGE_DIR: knowledge }));
    await ingest(testConfig({ KIKI_DATA_DIR: b, KNOWLEDGE_DIR: knowledge }));
    // The index files themselves are identical, byte for byte.
    for (const file of ['index.db', 'chunks.post', 'docs.post', 'chunks.len', 'vectors.f32', 'hnsw.bin']) {
      const fa = path.join(currentVersionDir(a) as string, file);
      const fb = path.join(currentVersionDir(b) as string, file);
      expect(fs.readFileSync(fa).equals(fs.readFileSync(fb)), file).toBe(true);
    }
    const first = await answersOn(a);
    expect(await answersOn(b)).toEqual(first);
    // A restart (a new process would do the same: a fresh service loading the same files).
    expect(await answersOn(a)).toEqual(first);
    expect(first.some((x) => x.includes('"state":"answer"'))).toBe(true);
  });
});
