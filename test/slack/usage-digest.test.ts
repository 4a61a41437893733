import { afterAll, describe, expect, it } from 'vitest';
import { insertEvents } from '../../src/usage/demo-data.js';
import { DAY_MS } from '../../src/usage/window.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/env.js';
import { type TestSlack as FakeSlack, startTestSlack as startFakeSlack } from '../helpers/fake-slack.js';
import { freshPostgres } from '../helpers/postgres.js';
import { event, writeDirectory } from '../usage/fixtures.js';

const engines = [
  { name: 'one SQLite file', shared: async () => ({ env: { KIKI_DATA_DIR: tempDir() }, drop: async () => {} }) },
  ...(process.env.DATABASE_URL
    ? [
        {
          name: 'one PostgreSQL',
          shared: async () => {
            const db = await freshPostgres(process.env.DATABASE_URL as string);
            return { env: { DATABASE_URL: db.url }, drop: db.drop };
          },
        },
      ]
    : []),
];

/** A cron pattern (server local time) for one moment a few seconds from now. */
function cronIn(seconds: number): { pattern: string; at: Date } {
  const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + seconds * 1000);
  return { pattern: `${at.getSeconds()} ${at.getMinutes()} ${at.getHours()} ${at.getDate()} ${at.getMonth() + 1} *`, at };
}

describe.each(engines)('weekly digest with two app instances on $name', ({ shared }) => {
  let slack: FakeSlack;
  const apps: TestApp[] = [];
  let drop: () => Promise<void> = async () => {};
  afterAll(async () => {
    for (const a of apps) await a.close();
    await slack?.close();
    await drop();
  });

  it('posts the digest to the report channel once', async () => {
    const db = await shared();
    drop = db.drop;
    slack = await startFakeSlack();
    const { pattern } = cronIn(3);
    const env = {
      ...db.env,
      KIKI_DIRECTORY: writeDirectory(),
      KIKI_REPORT_CHANNEL: 'C0REPORTS',
      KIKI_REPORT_CRON: pattern,
    };
    apps.push(await startTestApp({ slack, env }));
    apps.push(await startTestApp({ slack, env }));
    const [first] = apps;
    await insertEvents(first?.services.store as NonNullable<typeof first>['services']['store'], [
      event({ user_id: 'U0L1', department: 'Legal', ts: Date.now() - DAY_MS }),
    ]);
    await slack.waitFor('chat.postMessage', (a) => a.channel === 'C0REPORTS', 10_000);
    await slack.waitFor('files.completeUploadExternal', (a) => a.channel_id === 'C0REPORTS', 15_000);
    await settle(1500);
    const digests = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0REPORTS');
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]?.args)).toContain('Weekly Kiki digest');
    expect(JSON.stringify(digests[0]?.args)).toContain('Legal');
    expect(JSON.stringify(digests[0]?.args)).toContain('Knowledge gaps by owning team');
    const chart = slack.messages.find((m) => m.channel === 'C0REPORTS' && m.thread_ts && m.files?.length);
    expect(chart?.files?.[0]?.name).toMatch(/\.png$/);
  });
});
