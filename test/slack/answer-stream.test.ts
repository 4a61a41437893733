import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerStream } from '../../src/slack/answer-stream.js';
import { captureLogger } from '../helpers/app.js';
import { startTestSlack, type TestSlack } from '../helpers/fake-slack.js';

describe('streaming an answer', () => {
  let slack: TestSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startTestSlack();
    client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await slack.close();
  });

  it('never lets a ping through, even when the model writes it in pieces', async () => {
    const stream = new AnswerStream(client, { channel: 'D1', threadTs: '1.000001', userId: 'U1' }, captureLogger().logger);
    stream.start();
    const pieces = ['Per diem <!ch', 'annel> is 60 EUR, @he', 're and <@U0B', 'OSS> too.'];
    for (const p of pieces) stream.append(p);
    await stream.finish(pieces.join(''), [{ type: 'divider' }], [{ type: 'divider' }], 'fallback');
    const message = slack.messages.find((m) => m.channel === 'D1' && m.streamed);
    expect(message?.text).toContain('60 EUR');
    expect(message?.text).not.toMatch(/<!channel>|@here|<@U0BOSS>/);
    expect(slack.refusals).toEqual([]);
  });
});
