import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

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
    const json = JSON.parse((await runKiki(['sources', '--json'], env)).stdout) as Record<string, unknown>[];
    expect(json[0]).toMatchObject({
      name: 'slack',
      channelTypes: ['public_channel', 'private_channel'],
      scopes: ['search:read.public', 'search:read.private'],
    });
  }, 60_000);
});
