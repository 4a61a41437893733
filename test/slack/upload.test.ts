import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDm, uploadFiles } from '../../src/slack/upload.js';
import { type TestSlack as FakeSlack, startTestSlack as startFakeSlack } from '../helpers/fake-slack.js';

describe('file uploads through the fake Web API', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('uploads a file to a DM with a comment, and the bytes can be downloaded', async () => {
    const client = new WebClient('xoxb-t', { slackApiUrl: slack.apiUrl });
    const channel = await openDm(client, 'U0ALICE');
    await uploadFiles(client, { channel, initialComment: 'Your draft' }, [{ filename: 'draft.docx', data: Buffer.from('PK-bytes') }]);
    const message = slack.messages.find((m) => m.channel === channel && m.files?.length);
    expect(message?.text).toBe('Your draft');
    const file = message?.files?.[0];
    expect(file?.name).toBe('draft.docx');
    const res = await fetch(file?.url_private as string);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('PK-bytes');
  });
});
