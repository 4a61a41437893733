import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { captureLogger } from '../helpers/app.js';
import { testConfig } from '../helpers/env.js';
import { waitForCall } from '../helpers/fake-slack.js';

const ALICE = 'U0ENGI01';

describe('the sandbox workspace (no browser)', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(testConfig(), captureLogger().logger, { port: 0, seedSteps: () => [] });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('loads the sample people and makes U0IT01 the admin when KIKI_ADMINS is empty', () => {
    expect(sandbox.config.KIKI_ADMINS).toEqual(['U0IT01']);
    expect(sandbox.slack.users.get('U0IT01')?.department).toBe('IT');
    expect(sandbox.services.directory.get('U0LEGA01')?.department).toBe('Legal');
  });

  it('delivers a reply in a channel thread where Kiki took part as a message event, and not elsewhere', async () => {
    const { workspace, slack, runtime } = sandbox;
    const seen: { type: string; channel_type?: string; text?: string }[] = [];
    runtime.app.event('message', async ({ event }) => {
      seen.push(event as { type: string; channel_type?: string; text?: string });
    });
    const lone = await workspace.postMessage(ALICE, 'C0GENERAL', 'just chatting');
    await workspace.postMessage(ALICE, 'C0GENERAL', 'a reply nobody asked Kiki about', lone.ts);
    const asked = await workspace.postMessage(ALICE, 'C0GENERAL', '@Kiki help');
    await waitForCall(slack, 'chat.postMessage', (a) => a.thread_ts === asked.ts);
    await workspace.postMessage(ALICE, 'C0GENERAL', 'and a follow-up', asked.ts);
    await expect.poll(() => seen.map((e) => e.text)).toContain('and a follow-up');
    expect(seen.find((e) => e.text === 'and a follow-up')?.channel_type).toBe('channel');
    expect(seen.map((e) => e.text)).not.toContain('a reply nobody asked Kiki about');
  });

  it("a person's message carries an action_token, as Slack sends an AI app's events, that searches Slack as that person", async () => {
    const { workspace, slack, runtime } = sandbox;
    const tokens: unknown[] = [];
    runtime.app.event('app_mention', async ({ event }) => {
      tokens.push((event as { assistant_thread?: { action_token?: unknown } }).assistant_thread?.action_token);
    });
    await workspace.postMessage(ALICE, 'C0GENERAL', '@Kiki where is the VPN guide?');
    await expect.poll(() => tokens.length).toBe(1);
    expect(slack.search.userOf(tokens[0])).toBe(ALICE);
  });

  it('applies response_url replies as Slack does: ephemeral by default, in_channel, replace and delete the original', async () => {
    const { slack } = sandbox;
    const original = slack.addUserMessage('C0GENERAL', ALICE, 'original');
    const url = slack.responseUrlFor({ channel: 'C0GENERAL', user: ALICE, messageTs: original.ts });
    const post = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post({ text: 'only you' });
    expect(slack.messages.find((m) => m.text === 'only you')?.ephemeralTo).toBe(ALICE);
    await post({ text: 'everyone', response_type: 'in_channel' });
    expect(slack.messages.find((m) => m.text === 'everyone')?.ephemeralTo).toBeUndefined();
    await post({ text: 'replaced', replace_original: true });
    expect(slack.findMessage('C0GENERAL', original.ts)?.text).toBe('replaced');
    await post({ delete_original: true });
    expect(slack.findMessage('C0GENERAL', original.ts)).toBeUndefined();
  });

  it('refuses other web sites and unknown users', async () => {
    const url = new URL(sandbox.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: '/api/state?user=U0ENGI01', headers: { host: 'evil.example:80' } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const form = await fetch(`${sandbox.url}/api/message`, { method: 'POST', body: 'user=U0ENGI01&text=hi' });
    expect(form.status).toBe(415);
    const stranger = await fetch(`${sandbox.url}/api/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'U0NOBODY', channel: 'C0GENERAL', text: 'hi' }),
    });
    expect(stranger.status).toBe(400);
    expect(((await stranger.json()) as { error: string }).error).toContain('Unknown user');
  });
});
