import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequestSender } from '../../src/sandbox/signed-requests.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { spawnKiki, watchStderr } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';
import { type TestSlack as FakeSlack, startTestSlack as startFakeSlack } from '../helpers/fake-slack.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Signed bodies that Slack never sends; each one used to reach Bolt's receiver as is. */
const MALFORMED: [string, string, string][] = [
  ['JSON null', 'null', JSON_TYPE],
  ['a JSON array', '[]', JSON_TYPE],
  ['a JSON string', '"hello"', JSON_TYPE],
  ['a JSON number', '42', JSON_TYPE],
  ['broken JSON', '{"type":', JSON_TYPE],
  ['an empty body', '', JSON_TYPE],
  ['payload=null', 'payload=null', FORM],
  ['payload that is an array', `payload=${encodeURIComponent('[1,2]')}`, FORM],
  ['payload that is a string', `payload=${encodeURIComponent('"x"')}`, FORM],
  ['payload that is broken JSON', `payload=${encodeURIComponent('{"type":')}`, FORM],
  ['payload given twice', 'payload=%7B%7D&payload=%7B%7D', FORM],
];

const event = (inner: unknown) =>
  JSON.stringify({ type: 'event_callback', team_id: 'T0KIKI', api_app_id: 'A0KIKI', event_id: 'Ev0DD', event_time: 1, event: inner });
const payload = (p: Record<string, unknown>) => `payload=${encodeURIComponent(JSON.stringify({ team: { id: 'T0KIKI' }, ...p }))}`;
const ALICE = { id: 'U0ALICE' };

/** Objects, so they pass the body check, but not shaped like anything Slack sends (each reached Bolt and got 500). */
const ODD_OBJECTS: [string, string, string][] = [
  ['event: null', event(null), JSON_TYPE],
  ['event: a string', event('x'), JSON_TYPE],
  ['a message with channel: null', event({ type: 'message', channel: null, user: 'U0ALICE', text: 'hi', ts: '1.1' }), JSON_TYPE],
  ['a mention with channel: null', event({ type: 'app_mention', channel: null, user: 'U0ALICE', text: 'hi', ts: '1.1' }), JSON_TYPE],
  ['a reaction with item: null', event({ type: 'reaction_added', user: 'U0ALICE', item: null }), JSON_TYPE],
  ['app_home_opened with user: null', event({ type: 'app_home_opened', user: null, channel: 'D1', tab: 'home' }), JSON_TYPE],
  ['no event_id', JSON.stringify({ type: 'event_callback', event: 'x', event_id: 1 }), JSON_TYPE],
  ['url_verification without a challenge', JSON.stringify({ type: 'url_verification' }), JSON_TYPE],
  ['an object without a type', JSON.stringify({ event: null }), JSON_TYPE],
  ['actions: null', payload({ type: 'block_actions', actions: null, user: null }), FORM],
  ['actions: [null]', payload({ type: 'block_actions', actions: [null], user: ALICE }), FORM],
  [
    'a click with channel: null',
    payload({ type: 'block_actions', actions: [{ action_id: 'feedback_up' }], user: ALICE, channel: null }),
    FORM,
  ],
  ['view: null', payload({ type: 'view_submission', view: null, user: ALICE }), FORM],
  ['a view without state', payload({ type: 'view_submission', view: { id: 'V1', callback_id: 'x', state: null }, user: ALICE }), FORM],
  ['view_closed with view: null', payload({ type: 'view_closed', view: null, user: ALICE }), FORM],
  ['a shortcut without callback_id', payload({ type: 'shortcut', callback_id: null, user: ALICE }), FORM],
  ['a message_action with channel: null', payload({ type: 'message_action', channel: null, user: ALICE }), FORM],
  ['block_suggestion with channel: null', payload({ type: 'block_suggestion', action_id: 'a', channel: null, user: ALICE }), FORM],
  ['a payload without a type', payload({}), FORM],
  ['a command without user or channel', 'command=%2Fkiki', FORM],
];

describe('malformed requests are refused before Bolt', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await settle(300); // start-up calls (scheduled jobs) are not the requests under test
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(MALFORMED)('answers a signed request with %s with 400 and calls no Web API method', async (_name, body, type) => {
    const before = t.slack.calls.length;
    const res = await t.send.post(body, type);
    expect(res.status).toBe(400);
    await settle(50);
    expect(t.slack.calls.slice(before).map((c) => c.method)).toEqual([]);
  });

  it('still answers 401 to an unsigned malformed request (the signature is checked first)', async () => {
    const res = await t.send.post('null', JSON_TYPE, { unsigned: true });
    expect(res.status).toBe(401);
  });

  it('answers 404 to a request for an unknown path instead of throwing inside the server', async () => {
    const res = await fetch(t.send.endpoint.replace('/slack/events', '/nope'));
    expect(res.status).toBe(404);
  });

  it.each(ODD_OBJECTS)(
    'answers a signed body with %s with 400, calls no Web API method and logs no unhandled error',
    async (_name, body, type) => {
      const before = { calls: t.slack.calls.length, logs: t.logs.length };
      const res = await t.send.post(body, type);
      expect(res.status).toBe(400);
      await settle(50);
      expect(t.slack.calls.slice(before.calls).map((c) => c.method)).toEqual([]);
      expect(
        t.logs
          .slice(before.logs)
          .filter((l) => l.level >= 50)
          .map((l) => l.msg),
      ).toEqual([]);
    },
  );

  it('keeps answering normal requests after all of them', async () => {
    for (const [, body, type] of MALFORMED) await t.send.post(body, type);
    // Vitest fails the file on any unhandled rejection these would cause.
    for (const [, body, type] of ODD_OBJECTS) await t.send.post(body, type);
    const responseUrl = t.slack.responseUrl();
    const res = await t.send.command({ command: '/kiki', text: 'help', user_id: 'U0ALICE', response_url: responseUrl });
    expect(res.status).toBe(200);
    await t.slack.waitFor('response_url', (a) => a.response_key === responseUrl.split('/').pop());
  });
});

describe('no single request ends the kiki start process', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack.close();
  });

  it('survives signed malformed bodies and odd paths, then still answers and stops cleanly', async () => {
    const child = spawnKiki(['start'], {
      SLACK_BOT_TOKEN: 'xoxb-cli',
      SLACK_SIGNING_SECRET: 'cli-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      KIKI_DATA_DIR: tempDir(),
      LOG_LEVEL: 'silent',
    });
    let exited: number | null | undefined;
    const exit = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        exited = code;
        resolve(code);
      }),
    );
    const url = await watchStderr(child).waitFor(/HTTP on (http:\/\/\S+?)\)/, 'start line');
    const send = new SlackRequestSender(url, 'cli-secret');
    for (const [, body, type] of MALFORMED) expect((await send.post(body, type)).status).toBe(400);
    for (const [, body, type] of ODD_OBJECTS) expect((await send.post(body, type)).status).toBe(400);
    await fetch(url.replace('/slack/events', '/nope')).catch(() => undefined);
    await settle(300);
    expect(exited).toBeUndefined();
    const r = await send.command({ command: '/kiki', text: 'help', user_id: 'U0ALICE', response_url: slack.responseUrl('alive') });
    expect(r.status).toBe(200);
    await slack.waitFor('response_url', (a) => a.response_key === 'alive');
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 60_000);
});
