import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlack, type TestSlack } from '../helpers/fake-slack.js';

/**
 * The fake's assistant.search.context is as strict as Slack's (https://docs.slack.dev/reference/methods/assistant.search.context):
 * a valid, unexpired action_token, the search:read.* scope of each channel type, documented arguments, cursors,
 * and only the messages the person behind the token may read.
 */
describe('fake Slack: assistant.search.context', () => {
  let slack: TestSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startTestSlack({ users: [{ id: 'U0GUEST', name: 'guest', teamId: 'T0OTHER' }] });
    client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    slack.channels.add({ id: 'C0PUB', name: 'general' });
    slack.channels.add({ id: 'G0PRIV', name: 'secret', isPrivate: true, members: ['U0IN'] });
    for (let i = 0; i < 25; i++) slack.addUserMessage('C0PUB', 'U0AUTHOR', `launch checklist item ${i}`);
    slack.addUserMessage('G0PRIV', 'U0AUTHOR', 'launch password is swordfish');
    slack.post({ channel: 'C0PUB', ts: slack.nextTs(), bot_id: 'B0OTHER', text: 'launch reminder from a bot' });
  });
  afterAll(async () => {
    await slack.close();
  });

  const search = async (args: Record<string, unknown>): Promise<Record<string, unknown>> => ({
    ...(await client.apiCall('assistant.search.context', args)),
  });
  const errorOf = async (args: Record<string, unknown>) => {
    try {
      await search(args);
      return 'ok';
    } catch (error) {
      return (error as { data?: { error?: string } }).data?.error ?? String(error);
    }
  };
  type Found = { results: { messages: { channel_id: string; content: string; permalink: string; is_author_bot: boolean }[] } };
  const listed = (r: Record<string, unknown>) => (r.results as Found['results']).messages;
  const messages = async (args: Record<string, unknown>) => listed(await search(args));
  const token = (user = 'U0IN', ttl?: number) => slack.search.issueActionToken(user, ttl);

  it('refuses a missing, unknown or expired action_token and a missing query, as Slack does', async () => {
    expect(await errorOf({ query: 'launch' })).toBe('invalid_action_token');
    expect(await errorOf({ query: 'launch', action_token: '1.2.forged' })).toBe('invalid_action_token');
    expect(await errorOf({ query: 'launch', action_token: token('U0IN', -1) })).toBe('invalid_action_token');
    expect(await errorOf({ query: ' ', action_token: token() })).toBe('missing_query');
    expect(await errorOf({ query: 'launch', action_token: token() })).toBe('ok');
  });

  it('refuses undocumented arguments: limit over 20, an unknown channel type (invalid_arguments)', async () => {
    expect(await errorOf({ query: 'launch', action_token: token(), limit: 21 })).toBe('invalid_arguments');
    expect(await errorOf({ query: 'launch', action_token: token(), channel_types: 'public' })).toBe('invalid_arguments');
  });

  it('needs the search:read.* scope of every channel type asked for (missing_scope names it)', async () => {
    const err = await search({ query: 'launch', action_token: token(), channel_types: 'public_channel,private_channel' }).catch(
      (e: { data: Record<string, unknown> }) => e.data,
    );
    expect(err).toMatchObject({ ok: false, error: 'missing_scope', needed: 'search:read.private' });
  });

  it('pages 20 at most with a documented-looking cursor; a forged cursor is invalid_cursor', async () => {
    const first = await search({ query: 'launch checklist', action_token: token() });
    const page1 = listed(first);
    expect(page1).toHaveLength(20);
    const cursor = (first.response_metadata as { next_cursor: string }).next_cursor;
    expect(cursor).not.toBe('');
    const second = await search({ query: 'launch checklist', action_token: token(), cursor });
    expect(listed(second)).toHaveLength(5);
    expect((second.response_metadata as { next_cursor: string }).next_cursor).toBe('');
    expect(await errorOf({ query: 'launch', action_token: token(), cursor: 'not-a-cursor' })).toBe('invalid_cursor');
  });

  it("returns a private channel's messages to its members only; a permission change or a deletion takes effect at once", async () => {
    slack.search.scopes.add('search:read.private');
    try {
      const ask = (user: string) =>
        messages({ query: 'password swordfish', action_token: token(user), channel_types: 'public_channel,private_channel' });
      expect((await ask('U0IN')).map((m) => m.channel_id)).toEqual(['G0PRIV']);
      expect(await ask('U0OUT')).toEqual([]);
      const channel = slack.channels.get('G0PRIV');
      if (channel) channel.members = [];
      expect(await ask('U0IN')).toEqual([]);
      if (channel) channel.members = ['U0IN'];
      const secret = slack.messages.find((m) => m.channel === 'G0PRIV');
      if (secret) slack.removeMessage(secret);
      expect(await ask('U0IN')).toEqual([]);
    } finally {
      slack.search.scopes.delete('search:read.private');
    }
  });

  it('leaves bots out unless include_bots, and gives a guest from another organisation nothing of public channels', async () => {
    expect((await messages({ query: 'reminder', action_token: token() })).length).toBe(0);
    const bots = await messages({ query: 'reminder', action_token: token(), include_bots: true });
    expect(bots.map((m) => m.is_author_bot)).toEqual([true]);
    expect(await messages({ query: 'launch', action_token: token('U0GUEST') })).toEqual([]);
  });

  it('answers the documented shape: author, channel, ts, content, permalink', async () => {
    const [m] = await messages({ query: 'checklist item 3', action_token: token(), limit: 1 });
    expect(m).toMatchObject({ channel_id: 'C0PUB', is_author_bot: false, author_user_id: 'U0AUTHOR' });
    expect(m?.permalink).toMatch(/\/archives\/C0PUB\/p\d+$/);
  });

  it('is rate limited like any method when told to be: HTTP 429, ratelimited, Retry-After', async () => {
    slack.faults.set('assistant.search.context', { kind: 'ratelimited', retryAfter: 30 }, { times: 1 });
    const error = await search({ query: 'launch', action_token: token() }).catch((e: { code?: string; retryAfter?: number }) => e);
    expect(error).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
  });
});
