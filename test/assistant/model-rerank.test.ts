import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promptPassages, rerankPassages } from '../../scripts/lib/ideal-reader.js';
import { AnswerService } from '../../src/assistant/answer.js';
import { parseRanking } from '../../src/assistant/model-rerank.js';
import { OpenAIChat } from '../../src/llm/chat.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { type ChatRequest, type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { captureLogger } from '../helpers/app.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

const { logger } = captureLogger('silent');
const isRerank = (r: ChatRequest) => /rank passages/i.test(r.messages[0]?.content ?? '');
const isAnswer = (r: ChatRequest) => (r.messages.at(-1)?.content ?? '').includes('<passages>');

describe('reranking with a model (fake OpenAI-compatible server)', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });
  const service = (rerank = true) =>
    new AnswerService({
      retriever: new MemoryRetriever(SAMPLE_DOCS),
      chat: new OpenAIChat({ model: 'fake-model', baseUrl: fake.url, timeoutMs: 5000, maxRetries: 0 }),
      logger,
      model: { rerank },
    });
  const question = 'Which portal for paid time off and the VPN profile, and what per diem for business travel?';

  it('gives the model the passages it ranked first at the top of the answer prompt, the others kept behind', async () => {
    let listed: { n: number; source: string }[] = [];
    fake.reply = (r) => {
      if (isRerank(r)) {
        listed = rerankPassages(r.messages.at(-1)?.content ?? '');
        return `${listed.length}, 2`;
      }
      return isAnswer(r) ? 'The answer [1].' : 'paid time off';
    };
    const before = fake.chatRequests.length;
    const a = await service().answer({ question, asker: EVERYONE });
    const calls = fake.chatRequests.slice(before);
    expect(calls.filter(isRerank)).toHaveLength(1);
    expect(listed.length).toBeGreaterThan(2);
    const prompt = promptPassages(calls.find(isAnswer)?.messages.at(-1)?.content ?? '').map((p) => p.source);
    const last = listed.at(-1)?.source;
    expect(prompt[0]).toBe(last);
    expect(prompt[1]).toBe(listed[1]?.source);
    expect(prompt[2]).toBe(listed[0]?.source);
    expect(a.citations[0]?.source).toBe(last);
  });

  it('keeps retrieval’s order when the model says NONE, fails, or is switched off', async () => {
    const order = async (rerank: (r: ChatRequest) => string, enabled = true) => {
      fake.reply = (r) => (isRerank(r) ? rerank(r) : isAnswer(r) ? 'The answer [1].' : 'paid time off');
      const before = fake.chatRequests.length;
      const a = await service(enabled).answer({ question, asker: EVERYONE });
      const calls = fake.chatRequests.slice(before);
      return {
        a,
        reranked: calls.filter(isRerank).length,
        prompt: promptPassages(calls.find(isAnswer)?.messages.at(-1)?.content ?? '').map((p) => p.source),
      };
    };
    const off = await order(() => '3, 1', false);
    expect(off.reranked).toBe(0);
    expect(off.prompt.length).toBeGreaterThan(2);
    const none = await order(() => 'NONE of passages 3 or 2 help');
    expect(none.prompt).toEqual(off.prompt);
    const failing = await order(() => {
      throw new Error('rerank down');
    });
    expect(failing.reranked).toBe(1);
    expect(failing.prompt).toEqual(off.prompt);
    expect(failing.a.mode).toBe('llm');
    expect(failing.a.citations[0]?.source).toBe(off.prompt[0]);
  });

  it('reads a ranking written as a list, a sentence or with repeats, and ignores numbers out of range', () => {
    expect(parseRanking('4, 1, 9', 20)).toEqual([4, 1, 9]);
    expect(parseRanking('(4)\n(4)\n(25)\n(2)', 20)).toEqual([4, 2]);
    expect(parseRanking('Passages 3 and 1 answer it.', 5)).toEqual([3, 1]);
    expect(parseRanking('NONE', 20)).toEqual([]);
    expect(parseRanking('None of passages 1-20', 20)).toEqual([]);
  });
});
