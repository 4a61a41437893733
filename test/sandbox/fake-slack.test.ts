import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlack, type TestSlack } from '../helpers/fake-slack.js';

/** The fake Slack refuses what real Slack refuses, with Slack's error names. */
describe('fake Slack follows Slack’s rules', () => {
  let slack: TestSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startTestSlack();
    client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await slack.close();
  });

  const errorOf = async (call: Promise<unknown>) => {
    try {
      await call;
      return 'ok';
    } catch (error) {
      return (error as { data?: { error?: string } }).data?.error ?? String(error);
    }
  };
  const input = { type: 'input', label: { type: 'plain_text', text: 'Name' }, element: { type: 'plain_text_input', action_id: 'n' } };
  const modal = (extra: Record<string, unknown>) => ({ type: 'modal', title: { type: 'plain_text', text: 'Form' }, ...extra }) as never;

  it('refuses a modal with an input block and no submit button (invalid_arguments), accepts it with one', async () => {
    expect(await errorOf(client.views.open({ trigger_id: slack.newTrigger('U1'), view: modal({ blocks: [input] }) }))).toBe(
      'invalid_arguments',
    );
    const submit = { type: 'plain_text', text: 'Send' };
    expect(await errorOf(client.views.open({ trigger_id: slack.newTrigger('U1'), view: modal({ blocks: [input], submit }) }))).toBe('ok');
  });

  it('refuses a modal title over 24 characters and more than 100 blocks', async () => {
    const long = { type: 'modal', title: { type: 'plain_text', text: 'A title that is far too long' }, blocks: [] } as never;
    expect(await errorOf(client.views.open({ trigger_id: slack.newTrigger('U1'), view: long }))).toBe('invalid_arguments');
    const many = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(await errorOf(client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: many } as never }))).toBe('invalid_arguments');
  });

  it('refuses unknown block types, more than 50 blocks, and duplicate block ids in a message (invalid_blocks)', async () => {
    const post = (blocks: unknown[]) => errorOf(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: blocks as never }));
    expect(await post([{ type: 'fancy' }])).toBe('invalid_blocks');
    expect(await post(Array.from({ length: 51 }, () => ({ type: 'divider' })))).toBe('invalid_blocks');
    expect(
      await post([
        { type: 'divider', block_id: 'a' },
        { type: 'divider', block_id: 'a' },
      ]),
    ).toBe('invalid_blocks');
    expect(await post([{ type: 'divider' }])).toBe('ok');
  });

  it('refuses a button value over 2,000 characters, section text over 3,000 and a markdown block over 12,000', async () => {
    const post = (blocks: unknown[]) => errorOf(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: blocks as never }));
    const button = (value: string) => ({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'b', text: { type: 'plain_text', text: 'Go' }, value }],
    });
    expect(await post([button('x'.repeat(2001))])).toBe('invalid_blocks');
    expect(await post([button('x'.repeat(2000))])).toBe('ok');
    expect(await post([{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }])).toBe('invalid_blocks');
    expect(await post([{ type: 'markdown', text: 'x'.repeat(12_001) }])).toBe('invalid_blocks');
    expect(await post([{ type: 'markdown', text: '**bold** and | a | table |' }])).toBe('ok');
  });

  it('refuses a message with no text and no blocks (no_text) and text over 40,000 characters (msg_too_long)', async () => {
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: '' }))).toBe('no_text');
    expect(await errorOf(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }))).toBe('msg_too_long');
  });

  it('checks context_actions: feedback_buttons and icon_button only, at most 5', async () => {
    const feedback = {
      type: 'feedback_buttons',
      action_id: 'f',
      positive_button: { text: { type: 'plain_text', text: '👍' }, value: 'up' },
      negative_button: { text: { type: 'plain_text', text: '👎' }, value: 'down' },
    };
    const post = (elements: unknown[]) =>
      errorOf(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: [{ type: 'context_actions', elements }] as never }));
    expect(await post([feedback])).toBe('ok');
    expect(await post([{ type: 'button', text: { type: 'plain_text', text: 'x' } }])).toBe('invalid_blocks');
    expect(await post(Array.from({ length: 6 }, () => feedback))).toBe('invalid_blocks');
  });

  it('streams task chunks and text into one message, refusing unknown chunk types and a stream to a channel without its recipient', async () => {
    expect(await errorOf(client.chat.startStream({ channel: 'C1', thread_ts: '1.1', markdown_text: 'x' }))).toBe('invalid_arguments');
    const started = await client.chat.startStream({
      channel: 'D1',
      thread_ts: '1.1',
      chunks: [{ type: 'task_update', id: 'search', title: 'Searching the documents', status: 'in_progress' }],
    });
    await client.chat.appendStream({
      channel: 'D1',
      ts: started.ts as string,
      chunks: [
        { type: 'task_update', id: 'search', title: 'Searching the documents', status: 'complete' },
        { type: 'markdown_text', text: 'Hello' },
      ],
    });
    const m = slack.findMessage('D1', started.ts);
    expect(m?.tasks).toEqual([{ id: 'search', title: 'Searching the documents', status: 'complete' }]);
    expect(m?.text).toBe('Hello');
    expect(await errorOf(client.chat.appendStream({ channel: 'D1', ts: started.ts as string, chunks: [{ type: 'nope' }] as never }))).toBe(
      'invalid_chunks',
    );
  });
});
