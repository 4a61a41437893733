import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

describe('kiki ask', () => {
  it('prints exactly {"answer","grounded","citations","mode"} with --json', async () => {
    const knowledge = tempDir();
    fs.writeFileSync(path.join(knowledge, 'gym.md'), '# Gym\n\nThe office gym opens at 7:00 on weekdays.\n');
    const env = { KIKI_DATA_DIR: tempDir(), KNOWLEDGE_DIR: knowledge, LOG_LEVEL: 'silent' };
    expect((await runKiki(['ingest'], env)).code).toBe(0);
    const r = await runKiki(['ask', 'Can I bring my dog to the office?', '--json'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['answer', 'grounded', 'citations', 'mode']);
    expect(out).toMatchObject({ grounded: false, citations: [], mode: 'offline' });
    expect(String(out.answer)).toContain("couldn't find");
  });

  it('with no index yet, says to run kiki ingest (as kiki search does) and exits 1, instead of "I couldn\'t find this"', async () => {
    const r = await runKiki(['ask', 'Can I bring my dog to the office?'], { KIKI_DATA_DIR: tempDir(), LOG_LEVEL: 'silent' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('run "kiki ingest" first');
    expect(r.stdout).not.toContain("couldn't find");
  });

  it('rejects a malformed --as with one clear line', async () => {
    const r = await runKiki(['ask', 'hello', '--as', 'alice'], { KIKI_DATA_DIR: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('kiki: --as expects a Slack user id such as U012ABCDEF, got "alice"');
    expect(r.stdout).toBe('');
  });
});
