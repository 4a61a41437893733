import { describe, expect, it } from 'vitest';
import { AskService, handoffRequest } from '../../src/assistant/ask-service.js';
import type { RoutingTable } from '../../src/assistant/routing.js';
import type { Answer, AskInput } from '../../src/assistant/types.js';
import { createLogger } from '../../src/logger.js';
import type { UsageEventInput } from '../../src/usage/events.js';
import type { VerifiedMatch } from '../../src/verified/service.js';

const asker = { userId: 'U1', isAdmin: false };

function answer(over: Partial<Answer> = {}): Answer {
  return {
    question: 'q',
    text: 'The per diem is **60 EUR** [1].',
    citations: [{ n: 1, source: 'travel.md', title: 'Travel', heading: 'Travel › Per diem', owner: 'finance' }],
    owners: ['finance'],
    grounded: true,
    mode: 'offline',
    timings: { retrievalMs: 3 },
    ...over,
  } as Answer;
}

const match = {
  answer: { id: 'v1', version: 2, team: 'HR', visibleTo: ['hr'], answer: 'Twenty-five days.', sources: [] },
  score: 0.91,
  due: false,
} as unknown as VerifiedMatch;

function service(opts: { answer?: (i: AskInput) => Promise<Answer>; verified?: VerifiedMatch; routing?: RoutingTable } = {}) {
  const events: UsageEventInput[] = [];
  const asked: AskInput[] = [];
  const ask = new AskService({
    assistant: {
      answer: async (i: AskInput) => {
        asked.push(i);
        return (opts.answer ?? (async () => answer()))(i);
      },
    },
    verified: { match: async () => opts.verified },
    usage: {
      record: (e: UsageEventInput) => {
        events.push(e);
        return `event-${events.length}`;
      },
    },
    logger: createLogger('silent'),
    ...(opts.routing ? { routing: opts.routing } : {}),
  });
  return { ask, events, asked };
}

describe('AskService: one conductor for a question', () => {
  it("hands a request's live candidates (Slack messages for this question) to the answer pipeline", async () => {
    const { ask, asked } = service();
    const liveCandidates = async () => [];
    await ask.ask({ question: 'When is the badge maintenance?', asker, userId: 'U1', surface: 'dm', liveCandidates });
    expect(asked[0]?.liveCandidates).toBe(liveCandidates);
  });

  it('gives a verified answer before searching the documents, and records it as answered', async () => {
    const { ask, events, asked } = service({ verified: match });
    let searched = false;
    const result = await ask.ask({
      question: 'How many days off?',
      asker,
      userId: 'U1',
      surface: 'dm',
      searching: () => {
        searched = true;
        return undefined;
      },
    });
    expect(result).toMatchObject({ kind: 'verified', eventId: 'event-1' });
    expect(searched).toBe(false);
    expect(asked).toHaveLength(0);
    expect(events.map((e) => [e.name, e.outcome])).toEqual([['ask.verified', 'answered']]);
  });

  it('answers a follow-up from the documents, never from a verified answer (the thread matters)', async () => {
    const { ask } = service({ verified: match });
    const result = await ask.ask({
      question: 'and in France?',
      asker,
      userId: 'U1',
      surface: 'dm',
      history: [
        { role: 'user', text: 'What is the per diem?' },
        { role: 'assistant', text: '60 EUR' },
      ],
    });
    expect(result.kind).toBe('answered');
  });

  it('keeps a verified answer out of a channel whose readers may not all read it', async () => {
    const { ask } = service({ verified: match });
    const result = await ask.ask({
      question: 'How many days off?',
      asker,
      userId: 'U1',
      surface: 'mention',
      audience: { kind: 'members', where: 'C0SALES', members: [{ userId: 'U2', isAdmin: false, department: 'Sales' }] },
    });
    expect(result.kind).toBe('answered');
  });

  it('records an answer with its citations as answered, and one without as not found', async () => {
    const { ask, events } = service({ answer: async (i) => (i.question.includes('moon') ? answer({ citations: [] }) : answer()) });
    await ask.ask({ question: 'per diem?', asker, userId: 'U1', surface: 'dm', usageKey: 'E1:ask' });
    await ask.ask({ question: 'the moon?', asker, userId: 'U1', surface: 'dm' });
    expect(events.map((e) => [e.name, e.outcome, e.key])).toEqual([
      ['ask.answered', 'answered', 'E1:ask'],
      ['ask.not_found', 'not_found', undefined],
    ]);
    expect(events[0]?.meta).toMatchObject({ mode: 'offline', citations: 1, retrievalMs: 3 });
  });

  it('names the owning team of an answer in its usage event when it has the hand-off routing (Slack), not without (CLI)', async () => {
    const slack = service({ routing: { routes: [] } });
    await slack.ask.ask({ question: 'What is the per diem?', asker, userId: 'U1', surface: 'dm' });
    expect(slack.events[0]?.meta).toMatchObject({ team: 'finance' });
    const cli = service();
    await cli.ask.ask({ question: 'What is the per diem?', asker, userId: 'cli', surface: 'cli' });
    expect(cli.events[0]?.meta).not.toHaveProperty('team');
  });

  it('records an error (not an answer) when answering fails, and says it failed', async () => {
    const { ask, events } = service({ answer: async () => Promise.reject(new Error('index exploded')) });
    const result = await ask.ask({ question: 'per diem?', asker, userId: 'U1', surface: 'dm' });
    expect(result.kind).toBe('failed');
    expect(events.map((e) => [e.name, e.outcome])).toEqual([['ask.error', 'error']]);
  });

  it('records a stopped answer as stopped, not as an error, when the person stops it', async () => {
    const stop = new AbortController();
    const { ask, events } = service({
      answer: async () => {
        stop.abort();
        throw new Error('aborted');
      },
    });
    const result = await ask.ask({ question: 'per diem?', asker, userId: 'U1', surface: 'dm', searching: () => ({ signal: stop.signal }) });
    expect(result.kind).toBe('stopped');
    expect(events.map((e) => [e.name, e.outcome])).toEqual([['ask.stopped', 'stopped']]);
  });

  it('streams through the caller: the text sink it returns when the search starts reaches the answerer', async () => {
    const { ask, asked } = service();
    const sink = () => {};
    await ask.ask({ question: 'per diem?', asker, userId: 'U1', surface: 'dm', searching: () => ({ onText: sink }) });
    expect(asked[0]?.onText).toBe(sink);
  });

  it('lets the agent answer instead of the documents, without a verified answer, and records its tool calls', async () => {
    const { ask, events, asked } = service({ verified: match });
    const result = await ask.ask({
      question: 'draft an NDA with Acme',
      asker,
      userId: 'U1',
      surface: 'dm',
      act: async () => ({ answer: answer(), toolCalls: 2 }),
    });
    expect(result.kind).toBe('answered');
    expect(asked).toHaveLength(0);
    expect(events[0]?.meta).toMatchObject({ agent: true, toolCalls: 2 });
  });

  it('says nothing more when the agent handed the question to a human (the hand-off recorded itself)', async () => {
    const { ask, events } = service();
    const result = await ask.ask({
      question: 'I need a person',
      asker,
      userId: 'U1',
      surface: 'dm',
      act: async () => ({ answer: answer(), handedOff: true }),
    });
    expect(result.kind).toBe('handed-off');
    expect(events).toEqual([]);
  });

  it("declines an answer the caller's rule refuses (a channel's stricter rule), recording nothing", async () => {
    const { ask, events } = service({ verified: match });
    const result = await ask.ask({
      question: 'How many days off?',
      asker,
      userId: 'U1',
      surface: 'channel',
      verifiedFirst: false,
      decline: async () => 'not_sure',
    });
    expect(result).toMatchObject({ kind: 'declined', reason: 'not_sure' });
    expect(events).toEqual([]);
  });

  it("adds the caller's facts to the usage event", async () => {
    const { ask, events } = service();
    await ask.ask({ question: 'per diem?', asker, userId: 'U1', surface: 'channel', meta: { reply: 'thread' } });
    expect(events[0]?.meta).toMatchObject({ reply: 'thread', citations: 1 });
  });

  it('counts a refused outsider', () => {
    const { ask, events } = service();
    ask.refused({ userId: 'U9', surface: 'mention' });
    expect(events.map((e) => [e.name, e.outcome])).toEqual([['ask.refused', 'refused']]);
  });
});

describe('handoffRequest: a request for a human is decided from the thread', () => {
  it('is nothing for a question', () => {
    expect(handoffRequest('What is the per diem?', [])).toBeUndefined();
  });

  it("takes the thread's first question as the subject, every question as the detail, and Kiki's last answer", () => {
    expect(
      handoffRequest('talk to a human', [
        { role: 'user', text: 'What is the per diem?' },
        { role: 'assistant', text: '60 EUR' },
        { role: 'user', text: 'and in Paris?' },
        { role: 'assistant', text: '75 EUR' },
      ]),
    ).toEqual({ question: 'What is the per diem?', subject: 'What is the per diem?\nand in Paris?', answerText: '75 EUR' });
  });

  it('uses the message itself when the thread has no question', () => {
    expect(handoffRequest('I want to talk to a human about my payslip', [])).toEqual({
      question: 'I want to talk to a human about my payslip',
    });
  });
});
