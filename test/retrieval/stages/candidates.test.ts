import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING, type SearchMode } from '../../../src/retrieval/ranking.js';
import { bestPassage, type CandidateSources, documentMask, generateCandidates } from '../../../src/retrieval/stages/candidates.js';
import type { ExpandedQuery } from '../../../src/retrieval/stages/expand.js';

/** Three documents: chunks 0-1, 2-4 and 5. Lexical scores per chunk; every index answers in a fixed order. */
const SCORES = [0, 0, 1, 5, 3, 4];
const asked: string[] = [];
const sources: CandidateSources = {
  passages: {
    searchWeighted: (_q, limit, allowed) => {
      asked.push('passages');
      return [3, 5, 1]
        .filter((id) => !allowed || allowed[id])
        .map((id) => ({ id }))
        .slice(0, limit);
    },
    score: (_terms, id) => SCORES[id] ?? 0,
  },
  documents: {
    search: (_terms, limit, allowed) => {
      asked.push('documents');
      return [1, 2, 0]
        .filter((d) => !allowed || allowed[d])
        .map((id) => ({ id }))
        .slice(0, limit);
    },
  },
  vectorSearch: (_v, limit, mask) => {
    asked.push('vectors');
    return [4, 0, 2]
      .filter((id) => !mask || mask[id])
      .map((id) => ({ id }))
      .slice(0, limit);
  },
  docFirst: Int32Array.from([0, 2, 5, 6]),
};
const query: ExpandedQuery = {
  qTerms: ['leav'],
  lexical: new Map([['leav', 1]]),
  qVec: new Float32Array([1]),
  synonymsOf: new Map(),
  expansion: [],
};
const generate = (mode: SearchMode, mask: Uint8Array | null = null, q = query) =>
  generateCandidates(q, mode, DEFAULT_RANKING, mask, sources);

describe('candidate generation', () => {
  it('asks each index the mode uses: hybrid all three, lexical no vectors, vector no BM25', () => {
    expect(generate('hybrid')).toEqual({ lexical: [3, 5, 1], vector: [4, 0, 2], documents: [1, 2, 0] });
    expect(generate('lexical', null, { ...query, qVec: undefined })).toEqual({ lexical: [3, 5, 1], vector: [], documents: [] });
    expect(generate('vector')).toEqual({ lexical: [], vector: [4, 0, 2], documents: [] });
  });

  it('asks nothing of the vectors or the documents for a query without a searchable word', () => {
    asked.length = 0;
    expect(generate('hybrid', null, { ...query, qTerms: [], lexical: new Map() })).toEqual({
      lexical: [3, 5, 1],
      vector: [],
      documents: [],
    });
    expect(asked).toEqual(['passages']);
  });

  it('hands each index the asker’s mask, the document index one derived from the chunks', () => {
    const mask = Uint8Array.from([1, 1, 0, 0, 0, 1]); // document 1 hidden
    expect(documentMask(mask, sources.docFirst)).toEqual(Uint8Array.from([1, 0, 1]));
    expect(generate('hybrid', mask)).toEqual({ lexical: [5, 1], vector: [0], documents: [2, 0] });
  });

  it('finds a document’s best visible passage by BM25, or none when the asker may see none of it', () => {
    expect(bestPassage(1, ['leav'], null, sources)).toBe(3);
    expect(bestPassage(1, ['leav'], Uint8Array.from([1, 1, 1, 0, 1, 1]), sources)).toBe(4);
    expect(bestPassage(1, ['leav'], Uint8Array.from([1, 1, 0, 0, 0, 1]), sources)).toBe(-1);
    expect(bestPassage(0, ['leav'], null, sources)).toBe(0);
  });
});
