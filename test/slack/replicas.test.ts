import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { type TestSlack as FakeSlack, startTestSlack as startFakeSlack } from '../helpers/fake-slack.js';
import { freshPostgres } from '../helpers/postgres.js';

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('two replicas sharing PostgreSQL', () => {
  let slack: FakeSlack;
  let a: TestApp;
  let b: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await freshPostgres(databaseUrl as string);
    drop = db.drop;
    slack = await startFakeSlack();
    a = await startTestApp({ slack, env: { DATABASE_URL: db.url } });
    b = await startTestApp({ slack, env: { DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await slack?.close();
    await drop?.();
  });

  it('answers an event delivered to both replicas once', async () => {
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@UKIKIBOT> hi', channel: 'C0GENERAL', ts: `${Date.now() / 1000}` };
    const first = await a.send.event(event);
    const second = await b.send.event(event, { eventId: first.eventId, headers: { 'x-slack-retry-num': '1' } });
    expect([first.status, second.status]).toEqual([200, 200]);
    await slack.waitFor('chat.postMessage', (x) => x.thread_ts === event.ts);
    await settle();
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === event.ts)).toHaveLength(1);
  });
});
