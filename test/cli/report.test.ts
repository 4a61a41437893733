import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';
import { event } from '../usage/fixtures.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../examples/people.csv');

describe('kiki demo-data and kiki report', () => {
  const dataDir = tempDir();
  const env = { KIKI_DATA_DIR: dataDir, KIKI_DIRECTORY: SAMPLE };

  it('fills an empty store with labelled demo events, then reports them as JSON', async () => {
    const demo = await runKiki(['demo-data', '--weeks', '4'], env);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/Added \d+ demo usage events/);

    const r = await runKiki(['report', '--since', '30d', '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      window: { from: string; to: string };
      overall: { headcount: number; activeUsers: number; penetration: number };
      departments: { department: string; penetration: number }[];
      weekly: { weekStart: string }[];
    };
    // Issue 7's keys stay first and unchanged; issue 14 added engagement after them.
    expect(Object.keys(json)).toEqual(['window', 'overall', 'departments', 'weekly', 'engagement', 'modelTokens']);
    // Design has 3 people in the sample directory: too small to show, alone or as "Other".
    expect(json.departments.map((d) => d.department)).toEqual([
      'Comms',
      'Engineering',
      'Finance',
      'IT',
      'Legal',
      'People',
      'Sales',
      'Security',
    ]);
    expect(json.overall.headcount).toBe(59);
    expect(json.overall.penetration).toBeGreaterThan(0.5);
    expect(json.overall.penetration).toBeLessThanOrEqual(1);
    expect(json.weekly.length).toBeGreaterThanOrEqual(5);
    expect(r.stderr).toContain('demo');
  });

  it('writes CSV and a chart, and refuses a bad window with one line', async () => {
    const chart = path.join(tempDir(), 'adoption.png');
    const csv = await runKiki(['report', '--from', '2020-01-01', '--to', '2030-12-31', '--format', 'csv', '--chart', chart], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^department,headcount,active_users,penetration,interactions/);
    expect(csv.stdout).not.toContain('Design');
    expect(fs.readFileSync(chart).subarray(1, 4).toString()).toBe('PNG');

    const bad = await runKiki(['report', '--since', 'forever'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('kiki: "forever" is not a window; use a number of days such as 7d, 30d or 90d.');
  });

  it('never mixes demo events into a store with real ones unless forced', async () => {
    const dir = tempDir();
    const store = await openStore({ dataDir: dir });
    await insertEvents(store, [event({ user_id: 'U0REAL', department: 'Legal', ts: Date.now() })]);
    await store.close();
    const refused = await runKiki(['demo-data'], { KIKI_DATA_DIR: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already holds 1 real usage events');
    const forced = await runKiki(['demo-data', '--force'], { KIKI_DATA_DIR: dir });
    expect(forced.code, forced.stderr).toBe(0);
    const check = await openStore({ dataDir: dir });
    const real = await check.db.selectFrom('usage_events').select('user_id').where('demo', '=', 0).execute();
    await check.close();
    expect(real.map((r) => r.user_id)).toEqual(['U0REAL']);
  });

  it('reports knowledge gaps per owning team with --gaps, as text and as JSON, without question text', async () => {
    const dir = tempDir();
    const store = await openStore({ dataDir: dir });
    const closest = [{ source: 'people/leave.md', title: 'Leave', heading: 'Leave › Parental leave' }];
    const meta = JSON.stringify({ team: 'People', closest });
    await insertEvents(
      store,
      ['U1', 'U2', 'U3', 'U4', 'U5'].map((u, i) =>
        event({
          user_id: u,
          department: 'Legal',
          ts: Date.now() - (i + 1) * 3600_000,
          outcome: 'not_found',
          meta,
          question: 'secret question',
        }),
      ),
    );
    await store.close();
    const text = await runKiki(['report', '--gaps', '--since', '7d'], { KIKI_DATA_DIR: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('People: 5 not found, 0 thumbs-down, 0 handed off (5 people)');
    expect(text.stdout).toContain('closest: Leave › Parental leave (people/leave.md) ×5');
    expect(text.stdout).not.toContain('secret');

    const json = await runKiki(['report', '--gaps', '--json'], { KIKI_DATA_DIR: dir });
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { window: object; minGroupSize: number; teams: { team: string; notFound: number }[] };
    expect(Object.keys(parsed)).toEqual(['window', 'minGroupSize', 'teams', 'notes']);
    expect(parsed.teams).toEqual([
      { team: 'People', askers: 5, notFound: 5, thumbsDown: 0, handoffs: 0, closest: [{ ...closest[0], count: 5 }] },
    ]);

    const csv = await runKiki(['report', '--gaps', '--format', 'csv'], { KIKI_DATA_DIR: dir });
    expect(csv.code).toBe(1);
    expect(csv.stderr.trim()).toBe('kiki: --gaps prints a table or --json; leave out --format csv and --chart.');
  });
});
