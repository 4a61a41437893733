import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { replyTo, sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// Issue 24, item 8: Slack limits chat.postMessage per channel; a 429 for one channel must not hold the others.
const QUESTION = 'What is the per diem for business travel?';
const RETRY_AFTER_S = 3;

describe('a 429 with Retry-After on one channel', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  it("holds back that channel's reply until Slack allows it, and nobody else's", async () => {
    t.slack.faults.set('chat.postMessage', { kind: 'ratelimited', retryAfter: RETRY_AFTER_S }, { times: 1, channel: 'DU0ALICE' });
    const alice = await sendMessage(t, 'U0ALICE', QUESTION);
    const limited = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU0ALICE', 5000);
    expect(limited.result).toEqual({ ok: false, error: 'ratelimited' });

    const bobAsked = Date.now();
    const bob = await sendMessage(t, 'U0BOB', QUESTION);
    const bobReply = await replyTo(t, bob, 10_000);
    expect(bobReply.at - bobAsked).toBeLessThan(1500);
    expect(String(bobReply.args.text)).toContain('60 EUR');

    const aliceReply = await t.slack.waitFor('chat.postMessage', (a) => a.channel === alice.channel && a !== limited.args, 10_000);
    expect(aliceReply.result?.ok).toBe(true);
    expect(aliceReply.at - limited.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DU0ALICE' && c.result?.ok)).toHaveLength(1);
  });
});
