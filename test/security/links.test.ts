import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { sanitizeStreamedText } from '../../src/slack/blocks/answer.js';
import { revealLinks, sendablePrefix } from '../../src/slack/blocks/links.js';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** A model that dresses a phishing link up as a harmless label, and adds a tracking image and a reference link. */
const REPLY =
  'The per diem is 60 EUR a day within Europe [1]. See [the travel policy](https://evil.example/phish) ' +
  'and ![logo](https://evil.example/pixel.png), or [our form][f] for claims.\n\n[f]: https://evil.example/form';

/** Markdown that Slack would render as a link whose text hides where it goes. */
const HIDDEN_LINK = /\]\(|\]:/;

describe('links written by the model show where they go', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    t = await startTestApp({ env: { OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '3000' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
    fake.reply = REPLY;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('while streaming: no chunk sent to Slack hides a destination, and the finished message shows it', async () => {
    fake.chunkDelayMs = 15;
    const m = await sendMessage(t, 'U0ALICE', 'What is the per diem for business travel?', { channel: 'D0ALICE' });
    const start = await t.slack.waitFor('chat.startStream', (a) => a.thread_ts === m.ts);
    const stop = await t.slack.waitFor('chat.stopStream', (a) => a.channel === 'D0ALICE', 10_000);
    fake.chunkDelayMs = 0;
    const ts = stop.args.ts;
    const sent = [start, ...t.slack.callsTo('chat.appendStream').filter((c) => c.args.ts === ts), stop].map(streamedText).join('');
    expect(sent).toContain('60 EUR');
    expect(sent).not.toMatch(HIDDEN_LINK);
    // The sentence with the links is checked against the passages before it is streamed (issue 24, item 7): it
    // is either shown with its real addresses or not sent at all.
    if (sent.includes('evil.example')) expect(sent).toContain('https://evil.example/phish');
    const message = t.slack.messages.find((x) => x.channel === 'D0ALICE' && x.ts === ts);
    expect(String(message?.text)).not.toMatch(HIDDEN_LINK);
    if (String(message?.text).includes('evil.example'))
      expect(String(message?.text)).toContain('the travel policy (https://evil.example/phish)');
    for (const u of t.slack.callsTo('chat.update').filter((c) => c.args.ts === ts)) expect(blocksText(u)).not.toMatch(HIDDEN_LINK);
  });

  it('in a finished answer (/kiki, not streamed): the same', async () => {
    const responseUrl = t.slack.responseUrl();
    const key = responseUrl.split('/').pop();
    await t.send.command({
      command: '/kiki',
      text: 'what is the per diem for business travel',
      user_id: 'U0ALICE',
      response_url: responseUrl,
    });
    const reply = await t.slack.waitFor('response_url', (a) => a.response_key === key && Array.isArray(a.blocks), 10_000);
    const shown = blocksText(reply);
    expect(shown).toContain('60 EUR');
    expect(shown).not.toMatch(HIDDEN_LINK);
    // The sentence with the made-up link is either shown with its real address or removed by the grounding
    // check (its words are not in the passage it cites); never as a label hiding where it goes.
    if (shown.includes('evil.example')) expect(shown).toContain('https://evil.example/phish');
  });
});

describe('revealLinks', () => {
  it('turns every Markdown link, image and reference definition into text that shows the address', () => {
    expect(revealLinks('[innocent](https://evil.example)')).toBe('innocent (https://evil.example)');
    expect(revealLinks('[https://a.example](https://a.example)')).toBe('https://a.example');
    expect(revealLinks('![x](https://evil.example/p.png)')).toBe('x (https://evil.example/p.png)');
    for (const tricky of [
      '[a [b] c](https://evil.example)',
      '[[[x]]](https://evil.example)',
      '[x]\n[x]: https://evil.example',
      '[x] [y](<https://evil.example> "t")',
    ]) {
      expect(revealLinks(tricky)).not.toMatch(HIDDEN_LINK);
      expect(revealLinks(tricky)).toContain('evil.example');
    }
    expect(revealLinks('Per diem [1] and [2].')).toBe('Per diem [1] and [2].');
  });

  it('holds back a tail that may still become a link or @here, wherever the deltas are cut', () => {
    const text = `${REPLY} Ping @here.`;
    for (let size = 1; size <= 7; size++) {
      let held = '';
      let sent = '';
      for (let i = 0; i < text.length; i += size) {
        const all = held + text.slice(i, i + size);
        const cut = sendablePrefix(all);
        sent += sanitizeStreamedText(all.slice(0, cut));
        held = all.slice(cut);
      }
      sent += sanitizeStreamedText(held);
      expect(sent).not.toMatch(HIDDEN_LINK);
      expect(sent).not.toMatch(/@here/);
      expect(sent.replace(/\s+/g, '')).toBe(sanitizeStreamedText(text).replace(/\s+/g, ''));
    }
  });
});

/** The Markdown a stream call sent: markdown_text, or the markdown_text chunks (client.chatStream sends chunks). */
function streamedText(call: { args: Record<string, unknown> }): string {
  const chunks = Array.isArray(call.args.chunks) ? (call.args.chunks as { type?: string; text?: string }[]) : [];
  return String(call.args.markdown_text ?? '') + chunks.map((c) => (c.type === 'markdown_text' ? String(c.text ?? '') : '')).join('');
}
