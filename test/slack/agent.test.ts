import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LLM_FAILED_NOTICE } from '../../src/assistant/model-answer.js';
import { listDrafts } from '../../src/legal/audit.js';
import { type ChatRequest, type FakeOpenAI, offeredTools, type Reply, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import type { RecordedCall } from '../../src/sandbox/fake-slack.js';
import { blocksText, buttons, finalAnswer, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm, press, sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Issue 23 item 4: with a model, Kiki acts through a tool-calling agent whose tools are bounded by the asker's rights. */
const LEGAL = 'U0LEGA01';
const SALES = 'U0SALE01';
const COMMS = 'U0COMM01';
const ADMIN = 'U0ENGI01';

const EVERYONE = ['hand_off_to_human', 'read_verified_answer', 'search_documents'];
const ACTION = 'Please draft an NDA with Acme, report on https://news.example/launch and show the usage figures';

describe('the agent', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  /** What the model does when it is offered tools (the agent's calls); other calls (search queries) get 'per diem'. */
  let plan: (r: ChatRequest) => ReturnType<Exclude<Reply, string>>;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.reply = (r) => (r.tools?.length ? plan(r) : 'per diem');
    t = await startTestApp({
      env: {
        OPENAI_BASE_URL: fake.url,
        KIKI_CHAT_MODEL: 'fake-model',
        KIKI_LLM_TIMEOUT_MS: '5000',
        KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv'),
        KIKI_ADMINS: ADMIN,
      },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  beforeEach(() => {
    plan = () => 'Done.';
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** A request whose reply the model writes: streamed into the DM thread, read once the stream ended. */
  const streamedReply = async (user: string, text: string) => {
    const said = await sendMessage(t, user, text);
    const m = await finalAnswer(t.slack, said.channel, said.thread);
    const reply: RecordedCall = {
      method: 'chat.stopStream',
      args: { __ts: m.ts, text: m.text, blocks: m.blocks },
      token: undefined,
      at: 0,
    };
    return { ...said, reply, streamed: Boolean(m.streamed) };
  };
  /** The tools the first agent call of `user`'s message offered. */
  const offeredTo = async (user: string, text: string) => {
    await streamedReply(user, text);
    const request = fake.chatRequests.find((r) => r.tools?.length && r.messages.some((m) => m.role === 'user' && m.content === text));
    expect(request, `an agent call for ${user}`).toBeDefined();
    return offeredTools(request as ChatRequest).sort();
  };
  const events = async (user: string) => {
    await t.services.usage.flush();
    return t.services.store.db
      .selectFrom('usage_events')
      .select(['name', 'feature', 'outcome', 'meta'])
      .where('user_id', '=', user)
      .execute();
  };

  it('offers each tool only to those allowed to use it', async () => {
    expect(await offeredTo(SALES, `${ACTION} (sales)`)).toEqual(EVERYONE);
    expect(await offeredTo(LEGAL, `${ACTION} (legal)`)).toEqual([...EVERYONE, 'start_contract_draft'].sort());
    expect(await offeredTo(COMMS, `${ACTION} (comms)`)).toEqual([...EVERYONE, 'run_press_report'].sort());
    // Admins may do everything: the usage figures are theirs alone.
    expect(await offeredTo(ADMIN, `${ACTION} (admin)`)).toEqual(
      [...EVERYONE, 'run_press_report', 'start_contract_draft', 'usage_figures'].sort(),
    );
  });

  it('ends a request for a contract in the prefilled modal, never in a draft, and records the tool call', async () => {
    plan = (r) =>
      r.messages.at(-1)?.role === 'tool'
        ? 'The NDA form is ready for you to check.'
        : {
            toolCalls: [
              {
                name: 'start_contract_draft',
                arguments: {
                  template: 'nda',
                  values: { counterparty: 'Acme Corp', term_months: '24', counterparty_email: 'not an email' },
                },
              },
            ],
          };
    const asked = await streamedReply(LEGAL, 'Draft an NDA with Acme Corp for two years');
    expect(asked.streamed).toBe(true);
    expect(blocksText(asked.reply)).toContain('Review the draft');
    const uploads = () => t.slack.calls.filter((c) => c.method.startsWith('files.'));
    expect(uploads()).toEqual([]);

    await press(t, LEGAL, { channel: asked.channel, thread: asked.thread, reply: asked.reply }, 'agent_contract_review');
    const open = await t.slack.waitFor('views.open', (a) => JSON.stringify(a.view).includes('Acme Corp'));
    const view = open.args.view as { callback_id: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(view.callback_id).toBe('kiki_contract');
    const initial = (name: string) => view.blocks.find((b) => b.block_id === `f:${name}`)?.element?.initial_value;
    expect(initial('counterparty')).toBe('Acme Corp');
    expect(initial('term_months')).toBe('24');
    // A value that fails the field's check is left for the person to fill.
    expect(initial('counterparty_email')).toBeUndefined();

    await settle(300);
    expect(uploads()).toEqual([]);
    expect(await listDrafts(t.services.store)).toEqual([]);
    const recorded = await events(LEGAL);
    expect(recorded.map((e) => e.name)).not.toContain('contract.drafted');
    const call = recorded.find((e) => e.name === 'agent.start_contract_draft');
    expect(call).toMatchObject({ feature: 'contract', outcome: 'completed' });
    expect(JSON.parse(String(call?.meta))).toMatchObject({ tool: 'start_contract_draft', promptTokens: expect.any(Number) });
    expect(JSON.parse(String(call?.meta)).promptTokens).toBeGreaterThan(0);
    expect(recorded.find((e) => e.name === 'contract.review_opened')).toMatchObject({ outcome: 'completed' });
  });

  it('answers from the documents it searched, with checked citations, and records the search', async () => {
    plan = (r) =>
      r.messages.at(-1)?.role === 'tool'
        ? 'The per diem is 60 EUR a day within Europe [1]. Kiki also books your flights for free [2].'
        : { toolCalls: [{ name: 'search_documents', arguments: { query: 'per diem business travel' } }] };
    const asked = await streamedReply(SALES, 'Write a report on the per diem for business travel at https://intranet.example/travel');
    const shown = blocksText(asked.reply);
    expect(shown).toContain('60 EUR a day within Europe');
    expect(shown).toContain('Sources');
    // A sentence its passages do not support is removed, as from any model answer.
    expect(shown).not.toContain('flights');
    const recorded = await events(SALES);
    expect(recorded.find((e) => e.name === 'agent.search_documents')).toMatchObject({ feature: 'ask', outcome: 'answered' });
  });

  it("posts the press report the model asks for in the DM's thread, and a /kiki one in the person's DM, never in the channel", async () => {
    const link = 'http://127.0.0.1:9/launch';
    plan = (r) =>
      r.messages.at(-1)?.role === 'tool'
        ? 'Your report is posted.'
        : { toolCalls: [{ name: 'run_press_report', arguments: { urls: [link] } }] };
    const progress = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith('Reading 1 article'));
    const asked = await dm(t, COMMS, 'Report on the press coverage of our launch');
    expect(progress().at(-1)?.args).toMatchObject({ channel: asked.channel, thread_ts: asked.thread });

    const before = progress().length;
    const url = t.slack.responseUrl();
    await t.send.command({
      command: '/kiki',
      text: 'Report on our launch coverage',
      user_id: COMMS,
      channel_id: 'C0GENERAL',
      response_url: url,
    });
    await t.slack.waitFor('response_url', (a) => a.response_key === url.split('/').pop());
    expect(progress()).toHaveLength(before + 1);
    expect(progress().at(-1)?.args.channel).toBe(`D${COMMS}`);
    expect(progress().at(-1)?.args.thread_ts).toBeUndefined();
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0GENERAL')).toEqual([]);
    // The link is private, so nothing is read: the person is told so where the report would have been.
    const notice = await t.slack.waitFor('chat.update', (a) => a.channel === `D${COMMS}` && String(a.text).startsWith("I couldn't read"));
    expect(String(notice.args.text)).toContain('127.0.0.1');
  });

  it('falls back to the offline answer, with the notice, when the model fails', async () => {
    plan = () => {
      throw new Error('model down');
    };
    const asked = await dm(t, COMMS, 'What is the per diem for business travel? https://intranet.example/travel', { timeoutMs: 15_000 });
    const shown = blocksText(asked.reply);
    expect(shown).toContain(LLM_FAILED_NOTICE);
    expect(shown).toContain('60 EUR');
    expect(buttons(asked.reply).length).toBeGreaterThan(0);
  });
});
