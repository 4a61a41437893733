import { describe, expect, it } from 'vitest';
import { AnswerService, type Retrieved } from '../../src/assistant/answer.js';
import {
  ANSWERABILITY_FEATURES,
  ANSWERABILITY_MODEL,
  type AnswerabilityModel,
  answerability,
  answerabilityVector,
  FEATURES,
  featureVector,
  judge,
  RELEVANCE_MODEL,
} from '../../src/assistant/relevance.js';
import { ANSWER_STATES } from '../../src/assistant/states.js';
import type { Passage } from '../../src/retrieval/types.js';
import { captureLogger } from '../helpers/app.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** The not-found rule (issue 11): what makes Kiki quote, say "the closest I found", or say "not found". */
const { logger } = captureLogger('silent');

function passage(source: string, score: number, signals: Passage['signals'], text = `About ${source}.`): Passage {
  return { id: `${source}#0`, source, title: source, heading: source, headingPath: [source], text, score, signals };
}

const strong: Passage['signals'] = {
  coverage: 1,
  expandedCoverage: 1,
  idfCoverage: 1,
  expandedIdfCoverage: 1,
  titleCoverage: 1,
  documentCoverage: 1,
  bm25Share: 2,
  missingRarest: 0,
};
const weak: Passage['signals'] = {
  coverage: 0.2,
  expandedCoverage: 0.2,
  idfCoverage: 0.1,
  expandedIdfCoverage: 0.1,
  titleCoverage: 0,
  documentCoverage: 0.2,
  bm25Share: 0.2,
  missingRarest: 0.9,
};
const feature = (list: Passage[], rank: number, name: (typeof FEATURES)[number], terms = 4) =>
  featureVector(list, rank, terms)[FEATURES.indexOf(name)];

describe('relevance of a retrieved passage', () => {
  it('puts the passage that holds the question above one retrieval ranked first on weak evidence', () => {
    const list = [passage('weak.md', 1, weak), passage('strong.md', 0.9, strong)];
    expect(judge(list, 4).map((j) => j.passage.source)).toEqual(['strong.md', 'weak.md']);
  });

  it('keeps retrieval’s order between passages that are judged equal', () => {
    const list = ['a', 'b', 'c', 'd'].map((n) => passage(`${n}.md`, 1, strong));
    const judged = judge(list, 4, { weights: { ...RELEVANCE_MODEL.weights, reciprocalRank: 0 }, bias: 0 });
    expect(judged[0]?.p).toBe(judged[3]?.p);
    expect(judged.map((j) => j.passage.source)).toEqual(['a.md', 'b.md', 'c.md', 'd.md']);
  });

  it('reads a retriever that reports fewer signals through the nearest one it does report', () => {
    const sparse = passage('s.md', 1, { coverage: 0.6, idfCoverage: 0.4 });
    expect(feature([sparse], 0, 'expandedCoverage')).toBe(0.6);
    expect(feature([sparse], 0, 'expandedIdfCoverage')).toBe(0.4);
    expect(feature([sparse], 0, 'documentCoverage')).toBe(0.4);
    const bare = passage('b.md', 1, { coverage: 0.6 });
    expect(feature([bare], 0, 'idfCoverage')).toBe(0.6);
    expect(feature([bare], 0, 'expandedIdfCoverage')).toBe(0.6);
    expect(feature([bare], 0, 'documentCoverage')).toBe(0);
    const none = passage('n.md', 1, {});
    expect(featureVector([none], 0, 4).slice(0, 10)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('caps what one huge BM25 score or a long question can add, and measures rank and score against the first', () => {
    const huge = passage('h.md', 1, { ...strong, bm25Share: 100 });
    expect(feature([huge], 0, 'bm25Share')).toBe(3);
    expect(feature([huge], 0, 'queryTerms', 40)).toBe(1);
    expect(feature([huge], 0, 'queryTerms', 6)).toBe(0.5);
    const list = [passage('a.md', 2, strong), passage('b.md', 1, strong), passage('c.md', 0.5, strong)];
    expect(feature(list, 2, 'reciprocalRank')).toBeCloseTo(1 / 3);
    expect(feature(list, 1, 'relativeScore')).toBe(0.5);
    // A list whose first score is 0 gives 0, not NaN.
    expect(feature([passage('z.md', 0, strong), passage('y.md', 0, strong)], 1, 'relativeScore')).toBe(0);
  });
});

describe('is the question answerable', () => {
  const judgedOf = (list: Passage[]) => judge(list, 4);
  const value = (list: Passage[], name: (typeof ANSWERABILITY_FEATURES)[number]) =>
    answerabilityVector(judgedOf(list), 4)[ANSWERABILITY_FEATURES.indexOf(name)];

  it('takes the runner-up from another document, so two passages of the answer do not look like doubt', () => {
    const sameDoc = [passage('a.md', 1, strong), { ...passage('a.md', 0.9, strong), id: 'a.md#1' }, passage('b.md', 0.2, weak)];
    const best = judgedOf(sameDoc)[0]?.p as number;
    const other = judgedOf(sameDoc).find((j) => j.passage.source === 'b.md')?.p as number;
    expect(value(sameDoc, 'runnerUp')).toBe(other);
    expect(value(sameDoc, 'margin')).toBeCloseTo(best - other);
    expect(value([passage('a.md', 1, strong)], 'runnerUp')).toBe(0);
  });

  it('is more sure when the best passage is strong and alone than when a rival is as strong', () => {
    const alone = [passage('a.md', 1, strong), passage('b.md', 0.3, weak)];
    const rivals = [passage('a.md', 1, strong), passage('b.md', 1, strong)];
    expect(answerability(judgedOf(alone), 4)).toBeGreaterThan(answerability(judgedOf(rivals), 4));
    expect(answerability(judgedOf([passage('w.md', 1, weak)]), 4)).toBeLessThan(answerability(judgedOf(alone), 4));
  });

  it('reads the best passage’s own signals, and a missing one as 0', () => {
    const signals = {
      ...strong,
      idfCoverage: 0.7,
      missingRarest: 0.2,
      unknownShare: 0.1,
      titleCoverage: 0.6,
      documentCoverage: 0.8,
      expansionCoverage: 0.3,
    };
    const list = [passage('a.md', 1, signals), passage('b.md', 0.2, weak)];
    const v = (name: (typeof ANSWERABILITY_FEATURES)[number], terms = 4) =>
      answerabilityVector(judge(list, terms), terms)[ANSWERABILITY_FEATURES.indexOf(name)];
    expect([
      v('idfCoverage'),
      v('missingRarest'),
      v('unknownShare'),
      v('titleCoverage'),
      v('documentCoverage'),
      v('expansionCoverage'),
    ]).toEqual([0.7, 0.2, 0.1, 0.6, 0.8, 0.3]);
    expect(v('bm25Share')).toBe(2);
    expect(v('queryTerms', 6)).toBe(0.5);
    expect(v('queryTerms', 30)).toBe(1);
    const bare = answerabilityVector(judge([passage('c.md', 1, { coverage: 0.5 })], 4), 4);
    expect(bare[ANSWERABILITY_FEATURES.indexOf('idfCoverage')]).toBe(0.5);
    for (const name of ['missingRarest', 'unknownShare', 'titleCoverage', 'documentCoverage', 'expansionCoverage'] as const)
      expect(bare[ANSWERABILITY_FEATURES.indexOf(name)]).toBe(0);
  });

  it('looks at the best idf coverage among the first five passages only', () => {
    const list = [
      ...['a', 'b', 'c', 'd', 'e'].map((n, i) => passage(`${n}.md`, 1 - i * 0.1, { ...weak, idfCoverage: 0.1 + i * 0.01 })),
      passage('f.md', 0.1, { ...weak, idfCoverage: 0.9 }),
    ];
    const judged = judgedOf(list);
    const five = judged.slice(0, 5).map((j) => j.passage.signals.idfCoverage as number);
    expect(answerabilityVector(judged, 4)[ANSWERABILITY_FEATURES.indexOf('bestIdfCoverageTop5')]).toBe(Math.max(...five));
  });

  it('with nothing retrieved, every feature is 0 and the question is not answerable', () => {
    expect(answerabilityVector([], 4)).toEqual(ANSWERABILITY_FEATURES.map(() => 0));
    expect(answerability([], 4)).toBeLessThan(ANSWER_STATES.closest);
    expect(answerability([], 4, ANSWERABILITY_MODEL)).toBeCloseTo(1 / (1 + Math.exp(-ANSWERABILITY_MODEL.bias)));
  });
});

describe('the three answer states', () => {
  const service = new AnswerService({ retriever: new MemoryRetriever(SAMPLE_DOCS), logger });
  /** An answerability model that is exactly `p` sure of every question. */
  const sureOf = (p: number): AnswerabilityModel => ({
    weights: Object.fromEntries(ANSWERABILITY_FEATURES.map((f) => [f, 0])) as AnswerabilityModel['weights'],
    bias: Math.log(p / (1 - p)),
  });

  it('quotes at or above `answer`, points at the closest sections between, and says not found below `closest`', async () => {
    const r: Retrieved = await service.retrieve('What is the per diem for business travel?', [], {
      userId: 'U1',
      department: 'Sales',
      isAdmin: false,
    });
    const states = { answer: 0.45, closest: 0.25 };
    const at = (p: number) => service.offline(r, states, sureOf(p));
    expect(at(0.46).state).toBe('answer');
    expect(at(0.46).citations[0]?.source).toBe('policies/travel.md');
    expect(at(0.44).state).toBe('closest');
    expect(at(0.44).citations).toEqual([]);
    expect(at(0.44).closest?.[0]?.source).toBe('policies/travel.md');
    // Unsure, it still shows the words of the best section, framed as possibly not answering.
    expect(at(0.44).text).toMatch(/60 EUR/);
    expect(at(0.26).state).toBe('closest');
    expect(at(0.24).state).toBe('not_found');
    expect(at(0.24).text).toBe('');
  });
});
