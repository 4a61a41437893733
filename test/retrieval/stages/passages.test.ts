import { describe, expect, it } from 'vitest';
import { type Chunk, indexText } from '../../../src/retrieval/chunker.js';
import { PassageFactory, type PassageStore, type PassageTermStats } from '../../../src/retrieval/stages/passages.js';
import { terms } from '../../../src/retrieval/tokenize.js';

const chunk = (n: number, source: string, headingPath: string[], text: string): Chunk => ({
  id: `c${n}`,
  source,
  title: 'Handbook',
  headingPath,
  text,
});
const ANNUAL = ['Leave', 'Annual leave'];
/** Document 0 (leave.md): chunks 0-2, a section split over two chunks, the second repeating the first's last paragraph. */
const CHUNKS = [
  chunk(0, 'leave.md', ANNUAL, 'Everyone gets twenty-five holiday days a year.\n\nBook them in the HR tool two weeks ahead.'),
  chunk(1, 'leave.md', ANNUAL, 'Book them in the HR tool two weeks ahead.\n\nUnused days carry over until March.'),
  chunk(2, 'leave.md', ['Leave', 'Sick leave'], 'Tell your manager on the first morning you are sick.'),
  chunk(3, 'laptops.md', ['Laptops'], 'Tech Ops ships a laptop before you start.'),
];
const store: PassageStore = {
  chunk: (n) => CHUNKS[n] ?? CHUNKS[0]!,
  docOf: (n) => (n < 3 ? 0 : 1),
  docFirst: Int32Array.from([0, 3, 4]),
  documentChunks: (d) => (d === 0 ? CHUNKS.slice(0, 3) : CHUNKS.slice(3)),
};
const df = (t: string) => CHUNKS.filter((c) => terms(indexText(c)).includes(t)).length;
const stats: PassageTermStats = {
  df,
  idfOf: (t) => (df(t) ? Math.log(1 + (4 - df(t) + 0.5) / (df(t) + 0.5)) : 0),
  size: 4,
  score: () => 2,
};
const factory = new PassageFactory(store, { vector: () => Float32Array.from([0.6, 0.8]) }, stats);

describe('passages', () => {
  it('quote the chunk’s whole section, without the paragraph a chunk repeats from the one before, nor the next section', () => {
    const expected =
      'Everyone gets twenty-five holiday days a year.\n\nBook them in the HR tool two weeks ahead.\n\nUnused days carry over until March.';
    const passage = factory.build(1, 0.5, { qTerms: terms('days'), qVec: undefined });
    expect(passage).toMatchObject({ id: 'c1', source: 'leave.md', heading: 'Leave › Annual leave', text: CHUNKS[1]!.text, score: 0.5 });
    expect(passage.section).toBe(expected);
    expect(factory.build(0, 0.5, { qTerms: [], qVec: undefined }).section).toBe(expected);
  });

  it('describe the asker’s own words in their signals; a word met through its synonym counts only when expanded', () => {
    const [vacation, days] = terms('vacation days');
    const q = {
      qTerms: [vacation!, days!],
      qVec: Float32Array.from([1, 0]),
      synonymsOf: new Map([[vacation!, new Set(terms('holiday'))]]),
    };
    const { signals } = factory.build(0, 1, q);
    expect(signals.coverage).toBe(0.5);
    expect(signals.expandedCoverage).toBe(1);
    expect(signals.idfCoverage).toBeLessThan(signals.expandedIdfCoverage!);
    expect(signals.unknownShare).toBe(0.5);
    expect(factory.build(0, 1, { qTerms: terms('vacation gym days'), qVec: undefined }).signals.unknownShare).toBeCloseTo(2 / 3, 12);
    expect(signals.cosine).toBeCloseTo(0.6, 6);
    expect(factory.build(3, 1, q).signals).toMatchObject({ coverage: 0, expandedCoverage: 0, missingRarest: 1 });
  });

  it('list a document’s sections in reading order, each its chunks joined', () => {
    expect(factory.documentSections(0).map((s) => [s.headingPath.join(' › '), s.text.split('\n\n').length])).toEqual([
      ['Leave › Annual leave', 3],
      ['Leave › Sick leave', 1],
    ]);
  });
});
