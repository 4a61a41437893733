import { describe, expect, it } from 'vitest';
import { byScore, fuseCandidates, liftByDocument, reciprocalRankFusion } from '../../../src/retrieval/stages/fusion.js';

describe('reciprocal rank fusion', () => {
  it('gives the item at rank r of a list weight / (rrfK + r + 1), summed over the lists', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: ['a', 'b'], weight: 1 },
        { ids: ['b', 'c'], weight: 0.5 },
      ],
      60,
    );
    expect(fused.get('a')).toBeCloseTo(1 / 61, 12);
    expect(fused.get('b')).toBeCloseTo(1 / 62 + 0.5 / 61, 12);
    expect(fused.get('c')).toBeCloseTo(0.5 / 62, 12);
  });

  it('lets the heavier list decide between two items each list ranks first', () => {
    const lists = (lexical: number, vector: number) =>
      reciprocalRankFusion(
        [
          { ids: ['lexical-best'], weight: lexical },
          { ids: ['vector-best'], weight: vector },
        ],
        60,
      );
    expect(byScore(lists(1, 0.4)).map(([id]) => id)).toEqual(['lexical-best', 'vector-best']);
    expect(byScore(lists(0.4, 1)).map(([id]) => id)).toEqual(['vector-best', 'lexical-best']);
  });

  it('orders equal scores as first met, or by the tie-break given', () => {
    const fused = reciprocalRankFusion(
      [
        { ids: [7], weight: 1 },
        { ids: [3], weight: 1 },
      ],
      60,
    );
    expect(byScore(fused).map(([id]) => id)).toEqual([7, 3]);
    expect(byScore(fused, (a, b) => a - b).map(([id]) => id)).toEqual([3, 7]);
  });
});

describe('document votes', () => {
  const docOf = (id: number) => Math.floor(id / 10); // chunks 0-9 are document 0, 10-19 document 1, …

  it('lift every passage of a voted document by its vote, and leave the others as they were', () => {
    const fused = new Map([
      [1, 0.01],
      [12, 0.02],
    ]);
    liftByDocument(fused, new Map([[0, 0.5]]), docOf, () => -1);
    expect(fused.get(1)).toBeCloseTo(0.51, 12);
    expect(fused.get(12)).toBe(0.02);
  });

  it('bring in the best passage of a voted document none of whose passages is a candidate, unless it has none', () => {
    const fused = liftByDocument(
      new Map([[1, 0.01]]),
      new Map([
        [2, 0.3],
        [3, 0.2],
      ]),
      docOf,
      (d) => (d === 2 ? 25 : -1),
    );
    expect([...fused.entries()]).toEqual([
      [1, 0.01],
      [25, 0.3],
    ]);
  });

  it('rank a passage of a well-ranked document above a passage ranked alone; equal scores by chunk number', () => {
    const ranked = fuseCandidates(
      { lexical: [14, 3], vector: [], documents: [0] },
      { lexical: 1, vector: 1, document: 1 },
      60,
      docOf,
      () => -1,
    );
    expect(ranked.map(([id]) => id)).toEqual([3, 14]);
    const tied = fuseCandidates({ lexical: [14], vector: [3], documents: [] }, { lexical: 1, vector: 1, document: 1 }, 60, docOf, () => -1);
    expect(tied.map(([id]) => id)).toEqual([3, 14]);
  });
});
