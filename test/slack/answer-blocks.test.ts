import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/assistant/types.js';
import { ACTION, answerFallbackText, buildAnswerBlocks, NOT_FOUND_TEXT, sanitizeAnswerText } from '../../src/slack/blocks/answer.js';
import { buildHandoffPostBlocks } from '../../src/slack/blocks/handoff.js';

function withoutUrl<T extends { url?: string }>(c: T): Omit<T, 'url'> {
  const { url: _url, ...rest } = c;
  return rest;
}

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

const TABLE_ANSWER = [
  'Here is what *Travel policy* says under “Per diem”:',
  '',
  '| Country | Per diem |',
  '| --- | --- |',
  '| Germany | 60 EUR |',
  '| Switzerland | 64 EUR |',
  '',
  '&gt; &gt; Receipts are **not** needed [1].',
  '',
  '> [!NOTE]',
  '> Ask Finance before booking @here <!channel> <@U0BOSS>.',
].join('\n');

describe('answers as Slack markdown blocks', () => {
  const blocks = buildAnswerBlocks({ ...base, text: TABLE_ANSWER }, { eventId: 'ev9' });
  const markdown = blocks.find((b) => b.type === 'markdown') as { text: string } | undefined;

  it('renders the answer body as a markdown block: tables, quotes and bold as standard Markdown', () => {
    expect(markdown?.text).toContain('| Germany | 60 EUR |');
    expect(markdown?.text).toContain('> > Receipts are **not** needed [1].');
    expect(markdown?.text).not.toContain('&gt;');
    expect(markdown?.text).not.toContain('[!NOTE]');
    expect(markdown?.text).toContain('**Note:**');
  });

  it('never lets the answer ping anyone', () => {
    expect(markdown?.text).not.toMatch(/<!channel>|<@U0BOSS>|@here/);
  });

  it('gives notifications a plain text without table pipes, quote markers or Markdown', () => {
    const text = answerFallbackText({ ...base, text: TABLE_ANSWER });
    expect(text).toContain('Germany · 60 EUR');
    expect(text).not.toMatch(/\||&gt; &gt;|\*\*|\[!NOTE\]/);
  });

  it('keeps a long answer within the 12,000 characters of a markdown block', () => {
    const long = buildAnswerBlocks({ ...base, text: `${'word '.repeat(5000)}[1]` }, { eventId: 'e' });
    const md = long.find((b) => b.type === 'markdown') as { text: string };
    expect(md.text.length).toBeLessThanOrEqual(12_000);
  });

  it('puts 👍 / 👎 in a context_actions block as feedback_buttons, with Talk to a human beside them', () => {
    const i = blocks.findIndex((b) => b.type === 'context_actions');
    const feedback = (blocks[i] as { elements: { type: string; positive_button: { value: string }; negative_button: { value: string } }[] })
      .elements[0];
    expect(feedback?.type).toBe('feedback_buttons');
    expect(feedback?.positive_button.value).toContain('ev9');
    expect(feedback?.negative_button.value).toContain('ev9');
    const next = blocks[i + 1] as { type: string; elements: { action_id: string; text: { text: string } }[] };
    expect(next.type).toBe('actions');
    expect(next.elements[0]).toMatchObject({ action_id: ACTION.handoff, text: { text: 'Talk to a human' } });
  });
});

describe('answer blocks', () => {
  it('renders the answer, numbered linked sources and the three buttons', () => {
    const blocks = buildAnswerBlocks(base, { eventId: 'ev1' });
    const json = JSON.stringify(blocks);
    expect(blocks.find((b) => b.type === 'markdown')).toMatchObject({ text: 'It is **60 EUR** a day [1].' });
    expect(json).toContain('[1] <https://intranet.example.com/travel|Travel policy › Per diem>');
    const controls = blocks.flatMap((b) => ((b as { elements?: { type: string; action_id?: string }[] }).elements ?? []) as never[]);
    const ids = (controls as { type: string; action_id?: string }[]).filter((e) => e.action_id).map((e) => `${e.type}:${e.action_id}`);
    expect(ids).toEqual([`feedback_buttons:${ACTION.feedback}`, `button:${ACTION.handoff}`]);
  });

  it('names a source without a url by its path', () => {
    const json = JSON.stringify(buildAnswerBlocks({ ...base, citations: [withoutUrl(base.citations[0]!)] } as Answer, { eventId: 'e' }));
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
    // A Slack-syntax link shows where it goes (issue 24, item 7); pings stay plain text.
    expect(sanitizeAnswerText('<!channel> hi @here <https://evil|x>')).toBe('&lt;!channel&gt; hi @\u2060here x (https://evil)');
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

describe('Kiki’s own sentences', () => {
  it('“the closest I found” shows *Talk to a human* in bold, not as literal asterisks', () => {
    const closest: Answer = { ...base, state: 'closest', text: '', citations: [], closest: base.citations };
    const text = JSON.stringify(buildAnswerBlocks(closest, { eventId: 'e1' }));
    expect(text).toContain('press *Talk to a human*');
    expect(text).not.toContain('\u200B');
  });
});
