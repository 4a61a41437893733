import { describe, expect, it } from 'vitest';
import {
  liveSlackCandidates,
  type SearchContextArgs,
  type SlackSearchClient,
  SlackSearchError,
  searchSlack,
  slackPassages,
} from '../../src/sources/slack-search.js';
import type { SlackSearchSpec } from '../../src/sources/spec.js';
import { captureLogger } from '../helpers/app.js';

const SPEC: SlackSearchSpec = {
  name: 'slack',
  type: 'slack-search',
  channelTypes: ['public_channel', 'private_channel'],
  limit: 10,
  includeBots: false,
  requestBudget: 1,
  concurrency: 1,
};

function item(i: number, extra: Record<string, unknown> = {}) {
  return {
    author_user_id: 'U0AUTHOR',
    team_id: 'T0',
    channel_id: 'C0PUB',
    message_ts: `17966016${String(i).padStart(2, '0')}.000100`,
    content: `expense report deadline is Friday (${i})`,
    is_author_bot: false,
    permalink: `https://acme.slack.com/archives/C0PUB/p17966016${i}000100`,
    ...extra,
  };
}

/** Slack as a list of pages: each call answers the next one; the arguments are kept. */
function fakeClient(pages: unknown[], channels: Record<string, { name: string; isPublic: boolean }> = {}) {
  const calls: SearchContextArgs[] = [];
  const client: SlackSearchClient = {
    searchContext: async (args) => {
      calls.push(args);
      return pages[calls.length - 1] ?? { ok: true, results: { messages: [] } };
    },
    channel: async (id) => channels[id] ?? { name: 'general', isPublic: true },
    userName: async () => 'Carl',
  };
  return { client, calls };
}

describe('searchSlack (assistant.search.context)', () => {
  it('pages with the cursor until the limit, asking each page for no more than is still wanted', async () => {
    const page = (from: number, n: number, next: string) => ({
      ok: true,
      results: { messages: Array.from({ length: n }, (_, i) => item(from + i)) },
      response_metadata: { next_cursor: next },
    });
    const { client, calls } = fakeClient([page(0, 20, 'Q1VSUkVOVF9QQUdFOjIw'), page(20, 5, '')]);
    const found = await searchSlack(client, { ...SPEC, limit: 25 }, { query: 'expense deadline', actionToken: 'tok' });
    expect(found).toHaveLength(25);
    expect(calls.map((c) => [c.limit, c.cursor])).toEqual([
      [20, undefined],
      [5, 'Q1VSUkVOVF9QQUdFOjIw'],
    ]);
    expect(calls[0]).toMatchObject({ action_token: 'tok', channel_types: 'public_channel,private_channel', content_types: 'messages' });
  });

  it('leaves out malformed results (and logs how many), bots, and the same message twice', async () => {
    const { logger, lines } = captureLogger();
    const { client } = fakeClient([
      {
        ok: true,
        results: {
          messages: [
            item(1),
            item(1),
            item(2, { permalink: 'javascript:alert(1)' }),
            item(3, { message_ts: 'yesterday' }),
            { content: 42 },
            item(4, { is_author_bot: true }),
          ],
        },
      },
    ]);
    const found = await searchSlack(client, SPEC, { query: 'expense', actionToken: 'tok' }, logger);
    expect(found.map((m) => m.text)).toEqual(['expense report deadline is Friday (1)']);
    expect(found[0]).toMatchObject({ channelName: 'general', author: 'Carl', date: expect.stringMatching(/^2026-12-07/) });
    expect(lines.find((l) => l.malformed === 3)?.msg).toMatch(/documented shape/);
  });

  it("Slack's refusal becomes a SlackSearchError with Slack's code; a body that is not Slack's is malformed_response", async () => {
    const refused = fakeClient([{ ok: false, error: 'invalid_action_token' }]).client;
    await expect(searchSlack(refused, SPEC, { query: 'x', actionToken: 'tok' })).rejects.toMatchObject({ code: 'invalid_action_token' });
    const garbage = fakeClient(['<html>']).client;
    await expect(searchSlack(garbage, SPEC, { query: 'x', actionToken: 'tok' })).rejects.toBeInstanceOf(SlackSearchError);
  });

  it('public-only: asks for public channels, and drops what Slack returns from a private or undescribed channel', async () => {
    const { client, calls } = fakeClient(
      [{ ok: true, results: { messages: [item(1), item(2, { channel_id: 'C0PRIV' }), item(3, { channel_id: 'C0GONE' })] } }],
      { C0PRIV: { name: 'secret', isPublic: false } },
    );
    client.channel = async (id) =>
      id === 'C0GONE' ? undefined : id === 'C0PRIV' ? { name: 'secret', isPublic: false } : { name: 'general', isPublic: true };
    const found = await searchSlack(client, SPEC, { query: 'expense', actionToken: 'tok', publicOnly: true });
    expect(calls[0]?.channel_types).toBe('public_channel');
    expect(found.map((m) => m.channelId)).toEqual(['C0PUB']);
  });
});

describe('slackPassages and liveSlackCandidates', () => {
  it('a message is cited "#channel, date" with its permalink; one sharing no word with the question is no candidate', async () => {
    const { client } = fakeClient([{ ok: true, results: { messages: [item(1), item(2, { content: 'lunch is at noon' })] } }]);
    const found = await searchSlack(client, SPEC, { query: 'expense', actionToken: 'tok' });
    const passages = slackPassages(found, 'When is the expense report deadline?');
    expect(passages).toHaveLength(1);
    expect(passages[0]).toMatchObject({ title: '#general, 7 December 2026', url: item(1).permalink, heading: '' });
    expect(passages[0]?.signals.coverage).toBeGreaterThan(0.5);
  });

  it('a thrown Web API error gives no candidates and one warning with its code, never the token', async () => {
    const { logger, lines } = captureLogger();
    const client: SlackSearchClient = {
      searchContext: async () => {
        throw Object.assign(new Error('An API error occurred: missing_scope'), {
          code: 'slack_webapi_platform_error',
          data: { error: 'missing_scope' },
        });
      },
      channel: async () => undefined,
      userName: async () => undefined,
    };
    const live = liveSlackCandidates(client, SPEC, { actionToken: 'secret-token-123' }, logger);
    expect(await live('expense deadline')).toEqual([]);
    expect(lines.map((l) => [l.msg, l.code])).toEqual([['Slack search failed; answering from the documents alone', 'missing_scope']]);
    expect(JSON.stringify(lines)).not.toContain('secret-token-123');
  });
});
