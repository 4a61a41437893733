import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';

describe('signed requests into the Bolt app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const mention = (text: string) => ({
    type: 'app_mention',
    user: 'U0ALICE',
    text: `<@UKIKIBOT> ${text}`,
    channel: 'C0GENERAL',
    ts: `${Date.now() / 1000}`,
  });

  it('delivers a signed app_mention to its listener, which replies in the thread', async () => {
    const event = mention('hello');
    const res = await t.send.event(event);
    expect(res.status).toBe(200);
    const call = await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === event.ts);
    expect(call.args.channel).toBe('C0GENERAL');
    expect(call.token).toBe('xoxb-test-token');
  });

  it('refuses an unsigned request with 401 and calls no Web API method', async () => {
    const before = t.slack.calls.length;
    const res = await t.send.event(mention('unsigned'), { unsigned: true });
    expect(res.status).toBe(401);
    await settle();
    expect(t.slack.calls.length).toBe(before);
  });

  it('refuses a request signed more than five minutes ago', async () => {
    const before = t.slack.calls.length;
    const res = await t.send.event(mention('stale'), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    await settle();
    expect(t.slack.calls.length).toBe(before);
  });

  it('refuses a request signed with another secret', async () => {
    const before = t.slack.calls.length;
    const res = await t.send.event(mention('forged'), { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await settle();
    expect(t.slack.calls.length).toBe(before);
  });

  it('handles an event delivered twice (Slack retry) only once', async () => {
    const event = mention('retry me');
    const first = await t.send.event(event);
    const retry = await t.send.event(event, {
      eventId: first.eventId,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(retry.status).toBe(200);
    await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === event.ts);
    await settle();
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === event.ts)).toHaveLength(1);
  });

  it('answers /kiki help and /kiki alone with an ephemeral overview', async () => {
    for (const text of ['help', '']) {
      const responseUrl = t.slack.responseUrl();
      const res = await t.send.command({ command: '/kiki', text, user_id: 'U0ALICE', response_url: responseUrl });
      expect(res.status).toBe(200);
      const call = await t.slack.waitFor('response_url', (a) => a.response_key === responseUrl.split('/').pop());
      expect(call.args.response_type).toBe('ephemeral');
      expect(JSON.stringify(call.args.blocks)).toContain('What Kiki can do');
    }
  });

  it('gives the user a short apology when a listener throws, and logs the details', async () => {
    // A failed reply is handled by the answer flow itself (test/slack/slack-failures.test.ts); the App Home
    // listener has no fallback of its own, so a failed views.publish reaches the error handler.
    t.slack.failNext('views.publish', 'channel_not_found');
    await t.send.event({ type: 'app_home_opened', user: 'U0ALICE', channel: 'DU0ALICE', tab: 'home' });
    const apology = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'U0ALICE' && String(a.text).startsWith('Sorry'));
    expect(String(apology.args.text)).not.toContain('channel_not_found');
    const logged = t.logs.find((l) => l.msg === 'listener failed');
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).toContain('channel_not_found');
  });
});
