import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig, slackMode } from '../src/config.js';

describe('config', () => {
  it('has sensible defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.SLACK_API_URL).toBe('https://slack.com/api/');
    expect(c.KIKI_DATA_DIR.endsWith('data')).toBe(true);
    expect(c.KIKI_ADMINS).toEqual([]);
    expect(c.KIKI_CONTRACT_DEPARTMENTS).toEqual(['Legal']);
    expect(c.KIKI_MIN_GROUP_SIZE).toBe(5);
    expect(c.KIKI_MINUTES_SAVED.contract).toBe(50);
    expect(slackMode(c)).toEqual({
      kind: 'none',
      missing: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)'],
    });
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SLACK_BOT_TOKEN: 'xoxp-user', KIKI_STORE_QUESTIONS: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'SLACK_BOT_TOKEN', 'KIKI_STORE_QUESTIONS']) expect(problems).toContain(name);
  });

  it('parses lists, flags and the Slack mode', () => {
    const c = loadConfig({
      KIKI_ADMINS: ' U1, U2 ,',
      KIKI_STORE_QUESTIONS: 'TRUE',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(c.KIKI_ADMINS).toEqual(['U1', 'U2']);
    expect(c.KIKI_STORE_QUESTIONS).toBe(true);
    expect(c.SLACK_API_URL).toBe('http://127.0.0.1:9/api/');
    expect(slackMode(c)).toEqual({ kind: 'socket' });
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))).toEqual({ kind: 'http' });
  });

  it('accepts .env.example as it ships (copied to .env, every variable as written there)', () => {
    const text = fs.readFileSync(path.resolve(import.meta.dirname, '../.env.example'), 'utf8');
    const env = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual(Object.keys(configSchema.shape).sort());
    const c = loadConfig(env);
    expect(c.LOG_LEVEL).toBeUndefined();
    expect(c.PORT).toBe(3000);
  });
});
