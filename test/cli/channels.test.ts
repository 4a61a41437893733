import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

/** `kiki channels`: the opt-in per channel for unprompted answers, stored where every replica reads it. */
describe('kiki channels', () => {
  const env = { KIKI_DATA_DIR: tempDir(), KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml') };
  const list = async () => JSON.parse((await runKiki(['channels', '--json'], env)).stdout) as Record<string, unknown>[];

  it('enables a channel with its settings, lists it, replaces them, and disables it', async () => {
    const on = await runKiki(
      [
        'channels',
        'enable',
        'C0HELP',
        '--questions-only',
        '--reply',
        'ephemeral',
        '--teams',
        'Finance,Sales',
        '--handoff',
        'People',
        '--daily-cap',
        '20',
      ],
      env,
    );
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(
      /C0HELP: questions only · replies privately · answers Finance, Sales · hands off to People · at most 20 a day/,
    );
    expect(await list()).toEqual([
      expect.objectContaining({
        channel: 'C0HELP',
        questions_only: true,
        only_tagged: false,
        reply: 'ephemeral',
        teams: ['Finance', 'Sales'],
        handoff_team: 'People',
        daily_cap: 20,
        allow_external: false,
      }),
    ]);
    await runKiki(['channels', 'enable', 'C0HELP', '--only-tagged'], env);
    expect(await list()).toEqual([
      expect.objectContaining({ channel: 'C0HELP', only_tagged: true, reply: 'thread', teams: null, daily_cap: null }),
    ]);
    expect((await runKiki(['channels'], env)).stdout).toMatch(/^C0HELP {2}only when tagged/);
    const off = await runKiki(['channels', 'disable', 'C0HELP'], env);
    expect(off.code).toBe(0);
    expect(await list()).toEqual([]);
    const again = await runKiki(['channels', 'disable', 'C0HELP'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/does not answer unprompted in C0HELP/);
  });

  it('refuses settings it cannot use, in one line, and stores nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['D0DM'], /CHANNEL_ID: must be a channel id/],
      [['C0HELP', '--reply', 'loud'], /--reply: /],
      [['C0HELP', '--daily-cap', '0'], /--daily-cap: /],
      [['C0HELP', '--handoff', 'Plumbing'], /--handoff "Plumbing" is not a team of the routing table/],
    ];
    for (const [args, message] of cases) {
      const r = await runKiki(['channels', 'enable', ...args], env);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
    expect(await list()).toEqual([]);
  });
});
