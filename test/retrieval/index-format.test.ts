import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexUnavailableError } from '../../src/errors.js';
import { ChunkStore, ChunkStoreWriter } from '../../src/retrieval/chunk-store.js';
import { currentVersionDir, indexRoot, readLimits, readText } from '../../src/retrieval/index-files.js';
import { ingest } from '../../src/retrieval/ingest.js';
import { DiskPostings, FIELD_CHUNKS, PostingsWriter } from '../../src/retrieval/postings.js';
import { loadIndex, RetrievalService } from '../../src/retrieval/service.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir, testConfig } from '../helpers/env.js';

const silent = pino({ level: 'silent' });
const knowledge = path.join(ROOT, 'knowledge');
const defaultLimit = readLimits.maxBytes;

afterEach(() => {
  readLimits.maxBytes = defaultLimit;
});

describe('the index opens without reading any growing file whole', () => {
  it('opens and answers the same when its chunk store, vectors and postings are each larger than the read limit', async () => {
    const config = testConfig({ KNOWLEDGE_DIR: knowledge });
    const { indexDir } = await ingest(config);
    const question = 'How many vacation days do I get?';
    const expected = await loadIndex(config, indexDir).search(question, EVERYONE, { k: 5 });

    // The stand-in for V8's string limit, far below the size of the files that grow with the corpus.
    readLimits.maxBytes = 16 * 1024;
    for (const file of ['index.db', 'vectors.f32', 'chunks.post']) {
      expect(fs.statSync(path.join(indexDir, file)).size, file).toBeGreaterThan(readLimits.maxBytes);
      expect(() => readText(path.join(indexDir, file)), file).toThrow(IndexUnavailableError);
    }
    const index = loadIndex(config, indexDir);
    expect(await index.search(question, EVERYONE, { k: 5 })).toEqual(expected);
    expect(index.sections(expected[0]?.source ?? '', EVERYONE).length).toBeGreaterThan(0);
    // The exact scan reads the vectors in blocks of many limits each.
    const v = await index.embedder.embedQuery(question);
    expect(index.exactSearch(v, 1)[0]?.id).toBe(index.vectorSearch(v, 1, null)[0]?.id);
    index.close();
  });

  it('fails an ingest whose new version cannot be opened, and the old version keeps serving', async () => {
    const kb = tempDir('kiki-kb-');
    fs.cpSync(knowledge, kb, { recursive: true });
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    const first = await ingest(config);
    const service = new RetrievalService(config, silent);
    const before = await service.search('vacation days', EVERYONE);
    expect(before.length).toBeGreaterThan(0);

    fs.writeFileSync(path.join(kb, 'zebra.md'), '# Zebra crossings\n\nThe zebra crossing policy.\n');
    readLimits.maxBytes = 64; // every manifest is larger: the new version cannot be opened
    await expect(ingest(config)).rejects.toThrow(/new index could not be opened.*previous index is still in use/);
    expect(currentVersionDir(config.KIKI_DATA_DIR)).toBe(first.indexDir);
    expect(fs.readdirSync(indexRoot(config.KIKI_DATA_DIR)).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect(await service.search('vacation days', EVERYONE)).toEqual(before);

    readLimits.maxBytes = defaultLimit;
    await ingest(config);
    expect(await service.reload()).toBe(true);
    expect((await service.search('zebra crossing', EVERYONE))[0]?.source).toBe('zebra.md');
    service.close();
  });
});

describe('postings spilled to disk in runs', () => {
  it('merge into the same postings as one run', () => {
    const docs = Array.from({ length: 300 }, (_, i) => [`t${i % 7}`, `t${i % 13}`, `t${i % 7}`, 'common', `u${i}`]);
    const build = (budget: number) => {
      const dir = tempDir('kiki-postings-');
      const store = new ChunkStoreWriter(dir);
      const writer = new PostingsWriter(dir, 'chunks', budget);
      for (const [i, d] of docs.entries()) writer.add(i, d);
      writer.finish(store.db, FIELD_CHUNKS);
      store.close();
      expect(fs.readdirSync(dir).filter((f) => f.includes('.run'))).toEqual([]);
      return new DiskPostings(dir, 'chunks', ChunkStore.open(dir).db, FIELD_CHUNKS, docs.length, writer.totalLength);
    };
    const one = build(1_000_000);
    const many = build(50); // a run every ~12 entries
    for (const t of ['t0', 't6', 't12', 'common', 'u5', 'u299']) {
      const a = one.postings(t);
      const b = many.postings(t);
      expect(b?.ids, t).toEqual(a?.ids);
      expect(b?.tfs, t).toEqual(a?.tfs);
    }
    expect([...(many.postings('t3')?.ids ?? [])].slice(0, 4)).toEqual([3, 10, 16, 17]);
    expect([...(many.postings('t3')?.tfs ?? [])].slice(0, 4)).toEqual([3, 2, 1, 2]);
    expect(many.df('common')).toBe(300);
    expect(many.postings('absent')).toBeUndefined();
  });
});
