import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/assistant/types.js';
import { channelDoubt, type Evidence } from '../../src/channels/confidence.js';
import { terms } from '../../src/retrieval/tokenize.js';

// Issue 23: a channel answer (nobody asked Kiki) is posted only when its source agrees with the question.
function sureAnswer(question: string, title: string, heading: string, source = 'doc.md'): Answer {
  return {
    question,
    query: question,
    text: 'Some sentence from the document [1].',
    state: 'answer',
    language: 'en',
    grounded: true,
    mode: 'offline',
    citations: [{ n: 1, source, title, heading: `${title} › ${heading}` }],
    owners: [],
    frustrated: false,
    timings: { retrievalMs: 1, totalMs: 1 },
  };
}

/** A knowledge base that uses `known` words, and a cited document made of `document` words. */
function evidence(known: string, document: string): Evidence {
  const vocabulary = new Set(terms(known));
  return { df: (t) => (vocabulary.has(t) ? 3 : 0), documentTerms: async () => new Set(terms(document)) };
}

const KNOWLEDGE = 'parental leave weeks birthing parent meeting room book office laptop travel per diem';

describe('channel answers: stricter than the DM', () => {
  it('posts a sure answer whose source is about what was asked', async () => {
    const q = 'How many weeks of parental leave does the birthing parent get?';
    const a = sureAnswer(q, 'Parental leave', 'Birthing parent');
    expect(await channelDoubt(a, q, evidence(KNOWLEDGE, 'birthing parent 20 weeks'))).toBeUndefined();
  });

  it('stays silent when the first source shares no word of the question in its title or heading (a wrong document)', async () => {
    const q = 'How do I book a meeting room?';
    const a = sureAnswer(q, 'Parental leave', 'How to request parental leave');
    expect(await channelDoubt(a, q, evidence(KNOWLEDGE, 'request leave book your dates'))).toBe('off_topic');
  });

  it('stays silent when the question names something the knowledge never mentions (a sauna)', async () => {
    const q = 'Is there a sauna in the Berlin office?';
    const a = sureAnswer(q, 'Remote and hybrid work', 'Office days');
    expect(await channelDoubt(a, q, evidence(KNOWLEDGE, 'office days Berlin'))).toBe('unknown_term');
    // The same word in the cited document itself is no reason for silence.
    expect(await channelDoubt(a, q, evidence(KNOWLEDGE, 'office days Berlin sauna'))).toBeUndefined();
  });

  it('does not count the words of "how long" or "how much" as unknown topics', async () => {
    const q = 'How long is parental leave for the birthing parent?';
    const a = sureAnswer(q, 'Parental leave', 'Birthing parent');
    expect(await channelDoubt(a, q, evidence(KNOWLEDGE, 'birthing parent 20 weeks'))).toBeUndefined();
  });

  it('never posts what the DM would only offer as "the closest I found"', async () => {
    const q = 'How many weeks of parental leave does the birthing parent get?';
    const a = { ...sureAnswer(q, 'Parental leave', 'Birthing parent'), state: 'closest' as const };
    expect(await channelDoubt(a, q, evidence(KNOWLEDGE, 'birthing parent'))).toBe('not_sure');
  });
});
