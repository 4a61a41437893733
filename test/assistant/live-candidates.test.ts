import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerService } from '../../src/assistant/answer.js';
import { OpenAIChat } from '../../src/llm/chat.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { slackPassages } from '../../src/sources/slack-search.js';
import { captureLogger } from '../helpers/app.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// The seam the Slack side plugs into (AskInput.liveCandidates): candidates found for this question only, beside
// the documents. The answer pipeline knows nothing of Slack.
const MESSAGE = {
  text: 'The Berlin office badge reader maintenance is on Thursday 10 December from 7:00 to 9:00.',
  permalink: 'https://acme.slack.com/archives/C0BERLIN/p1796900000000100',
  channelId: 'C0BERLIN',
  channelName: 'berlin-office',
  author: 'Carl',
  date: '2026-12-03T09:00:00.000Z',
  ts: '1796900000.000100',
};
const QUESTION = 'When is the Berlin badge reader maintenance?';
const live = async (query: string) => slackPassages([MESSAGE], query);

describe('live candidates beside the documents', () => {
  it('offline: a live candidate that answers is quoted and cited with its link', async () => {
    const { logger } = captureLogger('silent');
    const a = await new AnswerService({ retriever: new MemoryRetriever(SAMPLE_DOCS), logger }).answer({
      question: QUESTION,
      asker: EVERYONE,
      liveCandidates: live,
    });
    expect(a.text).toContain('10 December');
    expect(a.citations[0]).toMatchObject({ title: '#berlin-office, 3 December 2026', url: MESSAGE.permalink });
  });

  it('documents still win their own questions, and a failing provider leaves the documents answer and one warning', async () => {
    const { logger, lines } = captureLogger();
    const service = new AnswerService({ retriever: new MemoryRetriever(SAMPLE_DOCS), logger });
    const a = await service.answer({ question: 'What is the per diem for business travel?', asker: EVERYONE, liveCandidates: live });
    expect(a.citations[0]?.source).toBe('policies/travel.md');
    const failing = await service.answer({
      question: 'What is the per diem for business travel?',
      asker: EVERYONE,
      liveCandidates: () => Promise.reject(new Error('boom')),
    });
    expect(failing.citations[0]?.source).toBe('policies/travel.md');
    expect(lines.filter((l) => l.msg.startsWith('live candidates failed'))).toHaveLength(1);
  });

  describe('with a model', () => {
    let fake: FakeOpenAI;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
    });
    afterAll(async () => {
      await fake.close();
    });

    it('the model is given the Slack message among the passages and may cite it', async () => {
      const { logger } = captureLogger('silent');
      const service = new AnswerService({
        retriever: new MemoryRetriever(SAMPLE_DOCS),
        chat: new OpenAIChat({ model: 'fake-model', baseUrl: fake.url, timeoutMs: 5000, maxRetries: 0 }),
        logger,
      });
      const a = await service.answer({ question: QUESTION, asker: EVERYONE, liveCandidates: live });
      expect(JSON.stringify(fake.chatRequests.at(-1))).toContain('badge reader maintenance is on Thursday');
      expect(a.citations.map((c) => c.url)).toContain(MESSAGE.permalink);
    });
  });
});
