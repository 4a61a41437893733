import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';
import { startTestSlack, type TestSlack } from '../helpers/fake-slack.js';

describe('kiki sources with a slack-search source', () => {
  it('says when Slack is searched, that nothing is stored, that the CLI cannot try it, and the scopes needed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sources.yml');
    fs.writeFileSync(file, 'sources:\n  - { name: slack, type: slack-search, channelTypes: [public_channel, private_channel] }\n');
    const env = { KIKI_SOURCES: file, KIKI_DATA_DIR: path.join(dir, 'data') };
    const text = await runKiki(['sources'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('slack (slack-search)');
    expect(text.stdout).toMatch(/never synced or stored/);
    expect(text.stdout).toMatch(/cannot be tried from the CLI/);
    expect(text.stdout).toContain('bot scopes needed: search:read.public, search:read.private');
    expect(text.stdout).not.toMatch(/last sync|documents:/);
    expect(text.stdout).toContain('availability not checked: SLACK_BOT_TOKEN is not set');
    const json = JSON.parse((await runKiki(['sources', '--json'], env)).stdout) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({
      name: 'slack',
      channelTypes: ['public_channel', 'private_channel'],
      scopes: ['search:read.public', 'search:read.private'],
    });
  }, 60_000);
});

describe('kiki sources asks Slack whether the workspace has the Real-time Search API (assistant.search.info)', () => {
  let slack: TestSlack;
  let env: Record<string, string>;
  beforeAll(async () => {
    slack = await startTestSlack();
    const dir = tempDir();
    const file = path.join(dir, 'sources.yml');
    fs.writeFileSync(file, 'sources:\n  - { name: slack, type: slack-search }\n');
    env = { KIKI_SOURCES: file, KIKI_DATA_DIR: path.join(dir, 'data'), SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: slack.apiUrl };
  });
  afterAll(async () => {
    await slack.close();
  });

  it('available, not offered, or the scope missing: one line saying which', async () => {
    const line = async () => (await runKiki(['sources'], env)).stdout.split('\n').find((l) => l.includes('Slack:'));
    expect(await line()).toMatch(/Real-time Search API is available on this workspace \(keyword search/);
    slack.search.available = false;
    expect(await line()).toMatch(/this workspace does not offer the Real-time Search API \(feature_not_enabled\)/);
    slack.search.available = true;
    slack.search.scopes.delete('search:read.public');
    expect(await line()).toMatch(/lacks search:read.public/);
    expect(slack.callsTo('assistant.search.info')).toHaveLength(3);
  }, 90_000);
});
