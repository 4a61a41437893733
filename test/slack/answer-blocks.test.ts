import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/assistant/types.js';
import { ACTION, buildAnswerBlocks, NOT_FOUND_TEXT, sanitizeAnswerText } from '../../src/slack/blocks/answer.js';
import { buildHandoffPostBlocks } from '../../src/slack/blocks/handoff.js';

const base: Answer = {
  question: 'What is the per diem?',
  query: 'What is the per diem?',
  text: 'It is **60 EUR** a day [1].',
  grounded: true,
  state: 'answer',
  language: 'en',
  mode: 'llm',
  citations: [
    {
      n: 1,
      source: 'policies/travel.md',
      title: 'Travel policy',
      heading: 'Travel policy › Per diem',
      url: 'https://intranet.example.com/travel',
    },
  ],
  owners: ['Finance'],
  frustrated: false,
  timings: { retrievalMs: 1, totalMs: 2 },
};

describe('answer blocks', () => {
  it('renders the answer, numbered linked sources and the three buttons', () => {
    const blocks = buildAnswerBlocks(base, { eventId: 'ev1' });
    const json = JSON.stringify(blocks);
    expect(json).toContain('It is *60 EUR* a day [1].');
    expect(json).toContain('[1] <https://intranet.example.com/travel|Travel policy › Per diem>');
    const actions = blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual([ACTION.feedbackUp, ACTION.feedbackDown, ACTION.handoff]);
  });

  it('names a source without a url by its path', () => {
    const json = JSON.stringify(
      buildAnswerBlocks({ ...base, citations: [{ ...base.citations[0]!, url: undefined }] } as Answer, { eventId: 'e' }),
    );
    expect(json).toContain('Travel policy › Per diem (`policies/travel.md`)');
  });

  it('says not found without sources, with the hand-off as the main button', () => {
    const blocks = buildAnswerBlocks({ ...base, text: '', citations: [], grounded: false, state: 'not_found' }, { eventId: 'ev2' });
    const json = JSON.stringify(blocks);
    expect(json).toContain(NOT_FOUND_TEXT);
    expect(json).not.toContain('Sources');
    const actions = blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; style?: string }[] };
    expect(actions.elements).toEqual([expect.objectContaining({ action_id: ACTION.handoff, style: 'primary' })]);
  });

  it('defuses pings and links in model or document text', () => {
    expect(sanitizeAnswerText('<!channel> hi @here <https://evil|x>')).toBe('&lt;!channel&gt; hi @\u2060here &lt;https://evil|x&gt;');
  });

  it('escapes the asker’s question in the hand-off post and pings the team’s group', () => {
    const json = JSON.stringify(
      buildHandoffPostBlocks({ handoffId: 'h', askerId: 'U1', department: 'Sales', question: '<!everyone> *help*', mention: 'S0PEOPLE' }),
    );
    expect(json).toContain('<!subteam^S0PEOPLE>');
    expect(json).not.toContain('<!everyone>');
    expect(json).toContain('Kiki found nothing on this in the documents.');
  });
});
