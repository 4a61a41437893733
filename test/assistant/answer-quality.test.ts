import { describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/assistant/answer.js';
import { compose, rankUnits } from '../../src/assistant/compose.js';
import { classifyTurn, withoutMood } from '../../src/assistant/intent.js';
import { englishQuery, questionLanguage } from '../../src/assistant/language.js';
import { plainMarkdown } from '../../src/assistant/markdown-units.js';
import { questionType } from '../../src/assistant/question-type.js';
import { followUpSubject } from '../../src/assistant/standalone.js';
import type { Passage } from '../../src/retrieval/types.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { captureLogger } from '../helpers/app.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

const { logger } = captureLogger('silent');
const service = (docs = SAMPLE_DOCS) => new AnswerService({ retriever: new MemoryRetriever(docs), logger });

describe('conversation', () => {
  it('answers thanks, greetings and "that\'s wrong" without searching the documents', async () => {
    const retriever = new MemoryRetriever(SAMPLE_DOCS);
    const s = new AnswerService({ retriever, logger });
    const history = [
      { role: 'user' as const, text: 'What is the per diem?' },
      { role: 'assistant' as const, text: '60 EUR [1]' },
    ];
    for (const [text, state] of [
      ['thanks!', 'chat'],
      ['great, that helps', 'chat'],
      ['hi kiki', 'chat'],
      ["that's wrong", 'chat'],
    ] as const) {
      const a = await s.answer({ question: text, asker: EVERYONE, history });
      expect(a.state, text).toBe(state);
      expect(a.citations).toEqual([]);
    }
    expect(retriever.queries).toEqual([]);
    expect((await s.answer({ question: "that's wrong", asker: EVERYONE, history })).text).toMatch(/Talk to a human/);
    expect(classifyTurn('thanks, and how many days off do I get?')).toBe('question');
    expect(classifyTurn('this is useless, how do I reset my password')).toBe('question');
  });

  it('keeps mood words out of the search query', async () => {
    expect(withoutMood('VPN broken AGAIN!!! seriously, please help')).toBe('VPN broken');
    const retriever = new MemoryRetriever(SAMPLE_DOCS);
    await new AnswerService({ retriever, logger }).answer({ question: 'this is useless... how do I connect to the VPN', asker: EVERYONE });
    expect(retriever.queries[0]?.query).not.toMatch(/useless/);
  });

  it('answers a follow-up that changes the subject for the new subject, or says the documents do not say', async () => {
    const history = [
      { role: 'user' as const, text: 'How many days of paid time off do I get?' },
      { role: 'assistant' as const, text: 'Every employee gets 27 days [1]' },
    ];
    expect(followUpSubject('and for contractors?', history)).toBe('contractors');
    expect(followUpSubject('how long does that take?', history)).toBeUndefined();
    const a = await service().answer({ question: 'and for interns?', asker: EVERYONE, history });
    expect(a.state).toBe('not_found');
    expect(a.missingSubject).toBe('interns');
    // The sample time-off document does speak of contractors: that follow-up is answered from it.
    const b = await service().answer({ question: 'and for contractors?', asker: EVERYONE, history });
    expect(b.state).toBe('answer');
    expect(b.text).toMatch(/[Cc]ontractors/);
  });
});

describe('the offline answer leads with the fact', () => {
  /** The reply composed from one section holding `text`, for `question` (searched as `query`). */
  const composed = (text: string, query: string, question = query) => {
    const passage: Passage = {
      id: 'p1',
      source: 'doc.md',
      title: 'Doc',
      heading: 'Doc',
      headingPath: ['Doc'],
      text,
      score: 1,
      signals: {},
    };
    const input = { query, type: questionType(question), focus: [], history: [], judged: [{ passage, p: 0.9 }] };
    const sections = [{ headingPath: ['Doc'], text, source: 'doc.md', title: 'Doc', docRank: 0, docP: 0.9, passageRank: 0 }];
    const out = compose(input, rankUnits(input, sections))?.text ?? '';
    // The quote itself: without the "> " marks, the [1] marker and the "From" line.
    return out
      .split('\n')
      .filter((l) => l.startsWith('> '))
      .map((l) => l.slice(2).replace(/ \[1\]$/, ''))
      .join('\n');
  };

  const procedure = [
    'Here is how to set up the VPN on a new laptop:',
    '',
    '1. Install GlobalProtect from the Self Service app.',
    '1. Enter the portal vpn.acmepay.example.',
    '   - Use your Okta login.',
    '1. Approve the Okta push on your phone.',
  ].join('\n');

  it('quotes a numbered procedure whole, step 1 included', () => {
    expect(composed(procedure, 'how do I set up the vpn', 'How do I set up the VPN?').split('\n')).toEqual([
      'Here is how to set up the VPN on a new laptop:',
      '1. Install GlobalProtect from the Self Service app.',
      '2. Enter the portal vpn.acmepay.example.',
      '   - Use your Okta login.',
      '3. Approve the Okta push on your phone.',
    ]);
  });

  it('quotes a table row under its header as a list, never raw pipes', () => {
    const table =
      '| Country | Full day | Half day |\n| --- | --- | --- |\n| Germany | 28 EUR | 14 EUR |\n| Switzerland | 64 EUR | 32 EUR |';
    const q = composed(table, 'per diem switzerland', 'What is the per diem in Switzerland?');
    expect(q).toBe('- Country: Switzerland\n- Full day: 64 EUR\n- Half day: 32 EUR');
    expect(q).not.toMatch(/\||---/);
  });

  it('puts the sentence holding the asked-for amount or duration first, the fact in bold', () => {
    const text =
      'Parental leave supports new parents. Eligible teammates are paid 100% of salary for up to 16 weeks per birth. Talk to your People Partner to plan it.';
    expect(questionType('How long can I be off when my baby is born?')).toBe('duration');
    expect(composed(text, 'off baby born parental leave', 'How long can I be off when my baby is born?')).toMatch(
      /^Eligible teammates are paid 100% of salary for up to \*\*16 weeks\*\*/,
    );
  });

  it('never shows blockquote markers, admonitions or emphasis marks', () => {
    const md = '> > [!NOTE] This page is about **work** disagreements, see `the code`.\n> _I disagree with…_';
    const plain = plainMarkdown(md);
    expect(plain).toBe('Note: This page is about work disagreements, see the code.\nI disagree with…');
  });
});

describe('questions in other languages', () => {
  it('tells French, Spanish, German and Swedish from English and searches in English words', () => {
    expect(questionLanguage('Combien de jours de congé parental ai-je à la naissance de mon bébé ?')).toBe('fr');
    expect(questionLanguage('¿Cuántos días de vacaciones tengo al año?')).toBe('es');
    expect(questionLanguage('Wie viele Urlaubstage habe ich im Jahr?')).toBe('de');
    expect(questionLanguage('Hur många semesterdagar har jag per år?')).toBe('sv');
    expect(questionLanguage('How many vacation days do I get?')).toBe('en');
    expect(englishQuery('Comment me faire rembourser une note de frais ?', 'fr')).toMatch(/expense/);
  });

  it('answers a French question from the English documents, framed in French', async () => {
    const a = await service().answer({ question: 'Quel est le per diem pour un voyage professionnel ?', asker: EVERYONE });
    expect(a.language).toBe('fr');
    expect(a.state).toBe('answer');
    expect(a.citations[0]?.source).toBe('policies/travel.md');
    expect(a.text).toMatch(/^Nos documents sont en anglais/);
    const none = await service().answer({ question: 'Est-ce que je peux amener mon chien au bureau le vendredi ?', asker: EVERYONE });
    expect(none.state).not.toBe('answer');
  });
});
