import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCHER, ParaphraseMatcher } from '../../src/verified/matcher.js';

const UNPAID = 'Can I take unpaid leave for a few months?';
// Reported twice: the unpaid-leave answer served for a plain vacation question ("take", "month", vacation→leave).
const VACATION = 'can I take a month of vacation in one go?';

/**
 * Term rarity (BM25 idf scaled to 0..1) as the Sourcegraph handbook's index gives it (scripts/eval-verified.ts):
 * "unpaid" rarer than "leave", "laptop" a little commoner than "password". Other terms: 0.5.
 */
const HANDBOOK: Record<string, number> = {
  take: 0.27,
  unpaid: 0.53,
  leav: 0.28,
  month: 0.3,
  vacat: 0.61,
  on: 0.27,
  go: 0.31,
  laptop: 0.47,
  password: 0.5,
};
const handbookIdf = (t: string) => HANDBOOK[t] ?? 0.5;

describe('ParaphraseMatcher: a distinguishing modifier of the verified question', () => {
  for (const [name, idf] of [
    ['without an index (every term weighs the same)', undefined],
    ['with term rarity from the index', handbookIdf],
  ] as const) {
    it(`does not serve "unpaid leave" for a question about leave that does not say unpaid, ${name}`, () => {
      const m = new ParaphraseMatcher(DEFAULT_MATCHER, idf);
      m.add('unpaid', UNPAID);
      expect(m.match(VACATION)).toBeUndefined();
      expect(m.match('How much unpaid leave can I take at once?')?.id).toBe('unpaid');
      expect(m.match('Can I take a few months of unpaid leave?')?.id).toBe('unpaid');
    });
  }

  it('is the modifier rule that refuses it: the shared words alone ("take", "month") would serve it', () => {
    const ignoring = new ParaphraseMatcher({ ...DEFAULT_MATCHER, modifierPenalty: 1 });
    ignoring.add('unpaid', UNPAID);
    expect(ignoring.match(VACATION)?.id).toBe('unpaid');
    const m = new ParaphraseMatcher(DEFAULT_MATCHER);
    m.add('unpaid', UNPAID);
    expect(m.rank(VACATION)[0]?.score).toBeCloseTo(DEFAULT_MATCHER.modifierPenalty * (ignoring.rank(VACATION)[0]?.score ?? 0));
  });

  it('still serves it when the question says the modifier in other words (a WordNet synonym)', () => {
    const m = new ParaphraseMatcher(DEFAULT_MATCHER);
    m.add('unpaid', UNPAID);
    expect(m.match('Can I take a few months of unpaid vacation?')?.id).toBe('unpaid');
  });

  it('leaves a modifier commoner than its head to the overlap ("laptop password" asked as "computer password")', () => {
    const asked = 'reset the password on my work computer';
    const score = (p: typeof DEFAULT_MATCHER, idf?: (t: string) => number) => {
      const m = new ParaphraseMatcher(p, idf);
      m.add('pw', 'How do I reset my laptop password?');
      return m.rank(asked)[0]?.score ?? 0;
    };
    const off = { ...DEFAULT_MATCHER, modifierPenalty: 1 };
    expect(score(DEFAULT_MATCHER, handbookIdf)).toBeCloseTo(score(off, handbookIdf));
    // Without term rarity every modifier counts as distinguishing.
    expect(score(DEFAULT_MATCHER)).toBeCloseTo(DEFAULT_MATCHER.modifierPenalty * score(off));
  });

  it('reads neither "how many" nor a verb before its object as a modifier', () => {
    const m = new ParaphraseMatcher(DEFAULT_MATCHER);
    m.add('days', 'How many vacation days do I get per year?');
    m.add('sick', 'How do I take sick leave?');
    expect(m.match('how many days of vacation per year do employees have')?.id).toBe('days');
    expect(m.match('vacation days per year')?.id).toBe('days');
    expect(m.match('sick leave: how do I request it?')?.id).toBe('sick');
  });
});
