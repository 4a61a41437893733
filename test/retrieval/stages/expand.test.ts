import { describe, expect, it } from 'vitest';
import { dot, type Embedder } from '../../../src/retrieval/embedders/types.js';
import { DEFAULT_RANKING, type SearchMode } from '../../../src/retrieval/ranking.js';
import { expandQuery, shifted, type TermStats } from '../../../src/retrieval/stages/expand.js';
import { terms } from '../../../src/retrieval/tokenize.js';

/** A corpus holding these words; "gym" is one nobody wrote. */
const CORPUS = ['vacation', 'days', 'holiday', 'leave', 'annual', 'allowance'].flatMap((w) => terms(w));
const stats: TermStats = { df: (t) => (CORPUS.includes(t) ? 3 : 0), idfOf: (t) => (CORPUS.includes(t) ? 2 : 0), size: 1000 };

/** One dimension per corpus word: a text's vector is the sum of its words', normalised. */
const embedder: Embedder = {
  id: 'test',
  dimension: CORPUS.length,
  stable: true,
  embedDocuments: async (texts) => Promise.all(texts.map((t) => embedder.embedQuery(t))),
  embedQuery: async (text) => {
    const v = new Float32Array(CORPUS.length);
    for (const t of terms(text)) if (CORPUS.includes(t)) v[CORPUS.indexOf(t)]! += 1;
    return shifted(v, []);
  },
};
const expand = (query: string, added?: string, mode: SearchMode = 'hybrid', params = {}) =>
  expandQuery(query, added, { stats, embedder, mode, params: { ...DEFAULT_RANKING, ...params } });
const [vacation, days, holiday, leave] = terms('vacation days holiday leave');

describe('query expansion', () => {
  it('adds the handbook words the corpus holds below the asker’s own, never a word twice', async () => {
    const q = await expand('vacation days', 'leave days gym', 'lexical');
    expect(q.qTerms).toEqual([vacation, days]);
    expect(q.expansion).toEqual([leave]);
    expect([...q.lexical]).toEqual([
      [vacation, 1],
      [days, 1],
      [leave, DEFAULT_RANKING.expansionWeight],
    ]);
    expect(q.qVec).toBeUndefined();
  });

  it('shifts the query vector towards the added words, still of unit length', async () => {
    const plain = await expand('vacation days', undefined, 'vector');
    const added = await expand('vacation days', 'leave', 'vector');
    const toLeave = await embedder.embedQuery('leave');
    expect(dot(plain.qVec!, toLeave)).toBe(0);
    expect(dot(added.qVec!, toLeave)).toBeGreaterThan(0.3);
    expect(dot(added.qVec!, added.qVec!)).toBeCloseTo(1, 5);
  });

  it('adds WordNet synonyms of the asker’s words in hybrid mode only, and records which word each stands for', async () => {
    const q = await expand('vacation');
    expect(q.lexical.get(vacation!)).toBe(1);
    expect(q.lexical.get(holiday!)).toBeGreaterThan(0);
    expect(q.lexical.get(holiday!)).toBeLessThan(1);
    expect(q.synonymsOf.get(vacation!)).toContain(holiday);
    expect(dot(q.qVec!, await embedder.embedQuery('holiday'))).toBeGreaterThan(0);
    for (const other of [
      await expand('vacation', undefined, 'vector'),
      await expand('vacation', undefined, 'hybrid', { thesaurusWeight: 0 }),
    ]) {
      expect([...other.lexical.keys()]).toEqual([vacation]);
      expect(other.synonymsOf.size).toBe(0);
      expect(dot(other.qVec!, await embedder.embedQuery('holiday'))).toBe(0);
    }
  });

  it('keeps the asker’s own weight, and an added word’s, for a word that is also a synonym', async () => {
    const own = await expand('holiday vacation');
    expect(own.lexical.get(holiday!)).toBe(1);
    expect(own.lexical.get(vacation!)).toBe(1);
    expect(own.synonymsOf.get(vacation!) ?? []).not.toContain(holiday);
    const added = await expand('vacation', 'holiday');
    expect(added.lexical.get(holiday!)).toBe(DEFAULT_RANKING.expansionWeight);
  });
});
