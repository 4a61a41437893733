import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';

/** The fake OpenAI server's tool calls, read by the OpenAI client as it reads OpenAI's (plain and streamed). */
describe('fake OpenAI tool calls', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.reply = () => ({ toolCalls: [{ name: 'lookup', arguments: { query: 'per diem in Europe', limit: 3 } }] });
  });
  afterAll(() => fake.close());

  const lookup = tool(async () => '', {
    name: 'lookup',
    description: 'Look up',
    schema: z.object({ query: z.string(), limit: z.number() }),
  });
  const model = (streaming: boolean) =>
    new ChatOpenAI({ model: 'fake-model', apiKey: 'x', configuration: { baseURL: fake.url }, streaming, maxRetries: 0 }).bindTools([
      lookup,
    ]);

  it('answers with tool_calls and finish_reason "tool_calls", the arguments a JSON string', async () => {
    const message = await model(false).invoke('per diem?');
    expect(message.tool_calls).toEqual([
      { name: 'lookup', args: { query: 'per diem in Europe', limit: 3 }, id: expect.stringMatching(/^call_/), type: 'tool_call' },
    ]);
    expect(message.response_metadata.finish_reason).toBe('tool_calls');
    expect(fake.chatRequests.at(-1)?.tools?.map((t) => t.function.name)).toEqual(['lookup']);
  });

  it('streams a call as OpenAI does: name and id first, the arguments in pieces under its index', async () => {
    let merged: Awaited<ReturnType<ReturnType<typeof model>['invoke']>> | undefined;
    for await (const chunk of await model(true).stream('per diem?')) merged = merged ? merged.concat(chunk) : chunk;
    expect(merged?.tool_calls?.map((c) => [c.name, c.args])).toEqual([['lookup', { query: 'per diem in Europe', limit: 3 }]]);
    expect(merged?.tool_call_chunks?.length).toBe(1);
  });

  it('refuses a scripted call to a tool the request does not offer', async () => {
    fake.reply = () => ({ toolCalls: [{ name: 'usage_figures', arguments: {} }] });
    await expect(model(false).invoke('figures?')).rejects.toThrow();
  });
});
