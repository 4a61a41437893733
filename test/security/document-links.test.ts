import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { dm, sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// Issue 24, item 7: links in Slack's own syntax from documents show their host; model sentences are checked
// before they are streamed.
const INSTALLER = {
  source: 'it/vpn-client.md',
  title: 'VPN client',
  section: 'Download',
  text: 'Download the VPN client from <https://evil.example/setup|the official installer> and sign in with your SSO account.',
};

function streamedText(call: { args: Record<string, unknown> }): string {
  const chunks = Array.isArray(call.args.chunks) ? (call.args.chunks as { type?: string; text?: string }[]) : [];
  return String(call.args.markdown_text ?? '') + chunks.map((c) => (c.type === 'markdown_text' ? String(c.text ?? '') : '')).join('');
}

describe('a link from a document, offline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    useRetriever(t, new MemoryRetriever([...SAMPLE_DOCS, INSTALLER]));
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the address it goes to, never a label hiding it', async () => {
    const { reply } = await dm(t, 'U0ALICE', 'Where do I download the VPN client?');
    const shown = blocksText(reply);
    expect(shown).toContain('official installer');
    expect(shown).toContain('https://evil.example/setup');
    expect(shown).not.toMatch(/(?:<|&lt;)https:\/\/evil\.example\/setup\|/);
  });
});

describe('a model sentence with a claim no passage supports', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    t = await startTestApp({ env: { OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '3000' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
    fake.reply =
      'The per diem is 60 EUR a day within Europe [1]. Claim your 250 EUR travel bonus at [the bonus portal](https://evil.example/bonus) today [1]. ' +
      'It covers meals and local transport [1].';
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('is never streamed, not even for a moment', async () => {
    fake.chunkDelayMs = 15;
    const m = await sendMessage(t, 'U0ALICE', 'What is the per diem for business travel?', { channel: 'D0ALICE' });
    const start = await t.slack.waitFor('chat.startStream', (a) => a.thread_ts === m.ts);
    const stop = await t.slack.waitFor('chat.stopStream', (a) => a.channel === 'D0ALICE', 10_000);
    fake.chunkDelayMs = 0;
    const sent = [start, ...t.slack.callsTo('chat.appendStream').filter((c) => c.args.ts === stop.args.ts), stop]
      .map(streamedText)
      .join('');
    expect(sent).toContain('60 EUR');
    expect(sent).toContain('meals and local transport');
    expect(sent).not.toContain('evil.example');
    expect(sent).not.toContain('250 EUR');
    const message = t.slack.messages.find((x) => x.channel === 'D0ALICE' && x.ts === stop.args.ts);
    expect(`${message?.text} ${JSON.stringify(message?.blocks ?? [])}`).not.toContain('evil.example');
  });
});
