import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequestSender } from '../../src/sandbox/signed-requests.js';
import { runKiki, spawnKiki, watchStderr } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';
import { type TestSlack as FakeSlack, startTestSlack as startFakeSlack } from '../helpers/fake-slack.js';

describe('kiki CLI', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('prints its version and help', async () => {
    const version = await runKiki(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runKiki(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('start');
  });

  it('rejects an unknown command with one line and a non-zero exit', async () => {
    const r = await runKiki(['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('reports every invalid variable at once, then exits non-zero', async () => {
    const r = await runKiki(['start'], { PORT: 'x', DATABASE_URL: 'mysql://nope', KIKI_DATA_DIR: tempDir() });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('starts the sandbox on loopback when Slack is not configured, and it answers as Kiki', async () => {
    const child = spawnKiki(['start'], { PORT: '0', KIKI_DATA_DIR: tempDir(), LOG_LEVEL: 'silent' });
    const stderr = watchStderr(child);
    const url = await stderr.waitFor(/Kiki sandbox: (http:\/\/127\.0\.0\.1:\d+)/, 'sandbox line', (text) =>
      text.includes('SLACK_BOT_TOKEN'),
    );
    expect(stderr.text).toContain('manifest.json');
    expect(await (await fetch(url)).text()).toContain('Kiki sandbox');
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/api/command', { user: 'U0ENGI01', channel: 'C0GENERAL', command: '/kiki', text: 'help' })).status).toBe(200);
    const state = (await (await fetch(`${url}/api/state?user=U0ENGI01`)).json()) as { messages: { text?: string; ephemeralTo?: string }[] };
    expect(state.messages.some((m) => m.ephemeralTo === 'U0ENGI01' && m.text?.includes('Kiki answers questions'))).toBe(true);
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  it('says plainly when the sandbox cannot start: port taken, or no people to play', async () => {
    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    const taken = await runKiki(['start'], { PORT: String(port), KIKI_DATA_DIR: tempDir() });
    busy.close();
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`Port ${port} is in use`);

    const empty = path.join(tempDir(), 'people.csv');
    fs.writeFileSync(empty, 'slack_user_id,email,name,department\n');
    const nobody = await runKiki(['start'], { PORT: '0', KIKI_DIRECTORY: empty, KIKI_DATA_DIR: tempDir() });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('The sandbox needs people');
    expect(nobody.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('connects in HTTP mode with credentials, answers signed requests, and stops cleanly on SIGTERM', async () => {
    const child = spawnKiki(['start'], {
      SLACK_BOT_TOKEN: 'xoxb-cli',
      SLACK_SIGNING_SECRET: 'cli-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      KIKI_DATA_DIR: tempDir(),
      LOG_LEVEL: 'silent',
    });
    const stderr = watchStderr(child);
    const url = await stderr.waitFor(/HTTP on (http:\/\/\S+?)\)/, 'start line');
    expect(slack.callsTo('auth.test').some((c) => c.token === 'xoxb-cli')).toBe(true);
    const send = new SlackRequestSender(url, 'cli-secret');
    const r = await send.command({ command: '/kiki', text: 'help', user_id: 'U0ALICE', response_url: slack.responseUrl('cli') });
    expect(r.status).toBe(200);
    await slack.waitFor('response_url', (a) => a.response_key === 'cli');
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr.text).toContain('stopping');
  });
});
