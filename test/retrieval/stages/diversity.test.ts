import { describe, expect, it } from 'vitest';
import { jaccard, pickDiverse, shingleSet } from '../../../src/retrieval/stages/diversity.js';

const CHUNKS: Record<number, { text: string; source: string }> = {
  1: { text: 'Submit receipts for meals within thirty days of the trip.', source: 'expenses.md' },
  2: { text: 'Finance reimburses approved expense reports once a month.', source: 'expenses.md' },
  3: { text: 'Tech Ops ships a laptop before your first day.', source: 'laptops.md' },
  4: { text: 'Submit receipts for meals within thirty days of the trip.', source: 'travel.md' },
  5: { text: 'Report a lost device to the security team at once.', source: 'security.md' },
};
const chunkOf = (id: number) => CHUNKS[id] ?? { text: '', source: '' };
const ranked = (...ids: number[]) => ids.map((id, i) => [id, 1 - i / 10] as const);

describe('diversity', () => {
  it('caps the passages of one document until the other documents had their turn', () => {
    const picked = pickDiverse(ranked(1, 2, 3), 2, { maxPerSource: 1, mask: null, chunkOf });
    expect(picked.map((p) => p.id)).toEqual([1, 3]);
    const two = pickDiverse(ranked(1, 2, 3), 2, { maxPerSource: 2, mask: null, chunkOf });
    expect(two.map((p) => p.id)).toEqual([1, 2]);
  });

  it('fills what is left with the passages held back, best first, keeping their scores', () => {
    const picked = pickDiverse(ranked(1, 2, 3), 3, { maxPerSource: 1, mask: null, chunkOf });
    expect(picked).toEqual([
      { id: 1, score: 1 },
      { id: 3, score: 0.8 },
      { id: 2, score: 0.9 },
    ]);
  });

  it('drops a passage with the same text as one already picked, even from another document', () => {
    const picked = pickDiverse(ranked(1, 4, 5), 3, { maxPerSource: 1, mask: null, chunkOf });
    expect(picked.map((p) => p.id)).toEqual([1, 5]);
  });

  it('never returns a passage the mask hides', () => {
    const mask = new Uint8Array(6).fill(1);
    mask[3] = 0;
    const picked = pickDiverse(ranked(1, 3, 5), 3, { maxPerSource: 1, mask, chunkOf });
    expect(picked.map((p) => p.id)).toEqual([1, 5]);
  });

  it('measures text overlap on word 3-shingles, ignoring case and punctuation', () => {
    expect(jaccard(shingleSet('One two three four.'), shingleSet('one, TWO three four'))).toBe(1);
    expect(jaccard(shingleSet('one two three four'), shingleSet('two three four five'))).toBeCloseTo(1 / 3, 12);
    expect(jaccard(shingleSet('laptop'), shingleSet('device'))).toBe(0);
  });
});
