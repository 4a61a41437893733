import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { type PageServer, servePages } from '../helpers/documents.js';
import { MIXED_EN, NEGATIVE_FR, OUTAGE_HTML, POSITIVE_EN, submitSentimentModal } from '../helpers/press.js';

const submission = (t: TestApp, user: string, text: string, destination: 'channel' | 'dm', channel = 'C0COMMS') =>
  submitSentimentModal(t, user, { text, destination, channel });

describe('/kiki-sentiment', () => {
  let t: TestApp;
  let pages: PageServer;
  beforeAll(async () => {
    const routes: Parameters<typeof servePages>[0] = { '/outage': { body: OUTAGE_HTML() } };
    for (let i = 0; i < 8; i++) routes[`/plain${i}`] = { body: i % 2 ? POSITIVE_EN : MIXED_EN, type: 'text/plain', delayMs: 250 };
    pages = await servePages(routes);
    t = await startTestApp({
      env: {
        KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv'),
        KIKI_ALLOW_PRIVATE_URLS: 'true',
        KIKI_BRAND_TERMS: 'Acme,Acme Pay',
        KIKI_ADMINS: 'U0ADMIN',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await pages.close();
  });

  it('opens a modal for Comms, then posts the report with progress, the chart and the CSV in the channel', async () => {
    const r = await t.send.command({
      command: '/kiki-sentiment',
      user_id: 'U0COMM01',
      channel_id: 'C0COMMS',
      response_url: t.slack.responseUrl('s1'),
    });
    expect(r.status).toBe(200);
    const open = await t.slack.waitFor('views.open');
    expect(JSON.stringify(open.args.view)).toContain('Links or article text');

    const links = [`${pages.url}/outage`, ...Array.from({ length: 8 }, (_, i) => `${pages.url}/plain${i}`), `${pages.url}/missing`];
    const text = `${links.join('\n')}\n---\n${NEGATIVE_FR}`;
    const ack = await submission(t, 'U0COMM01', text, 'channel');
    expect(ack.status).toBe(200);

    const done = await t.slack.waitFor('files.completeUploadExternal', () => true, 20_000);
    expect(done.args.channel_id).toBe('C0COMMS');
    const progress = t.slack.callsTo('chat.postMessage')[0];
    expect(progress?.args.text).toBe('Reading 11 articles… 0/11');
    expect(
      t.slack
        .callsTo('chat.update')
        .some((c) => /^Reading 11 articles… \d+\/11$/.test(String(c.args.text)) && !String(c.args.text).endsWith(' 0/11')),
    ).toBe(true);

    const report = t.slack.messages.find((m) => m.channel === 'C0COMMS' && JSON.stringify(m.blocks ?? []).includes('Net sentiment'));
    const blocks = JSON.stringify(report?.blocks);
    expect(blocks).toContain('10 articles');
    expect(blocks).toContain('Net sentiment = (positive articles − negative articles)');
    expect(blocks).toContain('By language');
    expect(blocks).toMatch(/• fr: 1 article/);
    expect(blocks).toContain('Could not read 1 source');
    expect(blocks).toContain('HTTP 404');
    expect(blocks).toContain('Top negative quotes');

    const files = t.slack.messages.find((m) => m.files?.length)?.files ?? [];
    const png = files.find((f) => f.name.endsWith('.png'));
    const csv = files.find((f) => f.name.endsWith('.csv'));
    expect(png?.data.subarray(1, 4).toString()).toBe('PNG');
    expect(png?.data.length).toBeGreaterThan(5000);
    const rows = csv?.data.toString('utf8').trim().split('\n') ?? [];
    expect(rows[0]).toContain('source,title,outlet');
    expect(rows).toHaveLength(12);
    expect(rows.some((row) => row.includes('/missing') && row.includes('failed'))).toBe(true);

    await settle();
    await t.services.usage.flush();
    const events = await t.services.store.db.selectFrom('usage_events').selectAll().where('name', '=', 'sentiment.report').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      user_id: 'U0COMM01',
      department: 'Comms',
      feature: 'sentiment',
      surface: 'modal',
      outcome: 'completed',
    });
  });

  it('politely refuses people outside Comms, and lets admins in', async () => {
    await t.send.command({
      command: '/kiki-sentiment',
      user_id: 'U0ENGI01',
      channel_id: 'C0ENG',
      response_url: t.slack.responseUrl('refused'),
    });
    const reply = await t.slack.waitFor('response_url', (a) => a.response_key === 'refused');
    expect(reply.args.text).toMatch(/Sorry, press sentiment reports are for the Comms team/);
    const opened = t.slack.callsTo('views.open').length;
    await t.send.command({
      command: '/kiki-sentiment',
      user_id: 'U0ADMIN',
      channel_id: 'D0ADMIN',
      response_url: t.slack.responseUrl('admin'),
    });
    await t.slack.waitFor('views.open', () => t.slack.callsTo('views.open').length > opened);
  });

  it('refuses the modal submitted by someone outside Comms: a clear refusal, nothing read, posted or counted', async () => {
    // A modal opened while in Comms (or forged) is submitted later: the submission checks again.
    const posted = t.slack.callsTo('chat.postMessage').length;
    const fetched = pages.requests.length;
    const ack = await submission(t, 'U0ENGI01', `${pages.url}/outage`, 'channel', 'C0ENG');
    expect(ack.status).toBe(200);
    const refusal = await t.slack.waitFor('chat.postEphemeral', (a) => a.user === 'U0ENGI01');
    expect(refusal.args.channel).toBe('C0ENG');
    expect(refusal.args.text).toMatch(/Sorry, press sentiment reports are for the Comms team/);
    await settle(1000);
    expect(t.slack.callsTo('chat.postMessage').length).toBe(posted);
    expect(t.slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === 'C0ENG')).toHaveLength(0);
    expect(pages.requests.length).toBe(fetched);
    await t.services.usage.flush();
    const events = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('name', '=', 'sentiment.report')
      .where('user_id', '=', 'U0ENGI01')
      .execute();
    expect(events).toHaveLength(0);
  });

  it('keeps the modal open with an error when nothing usable was pasted', async () => {
    const r = await submission(t, 'U0COMM01', 'hello', 'dm');
    expect(r.json<{ response_action: string; errors: Record<string, string> }>()).toMatchObject({
      response_action: 'errors',
      errors: { sources: expect.stringContaining('Paste at least one') },
    });
  });

  it('sends the report by DM when it cannot post in the channel, and says so when no article could be read', async () => {
    t.slack.failNext('chat.postMessage', 'not_in_channel');
    await t.send.command({
      command: '/kiki-sentiment',
      text: `${pages.url}/nothing-here`,
      user_id: 'U0COMM01',
      channel_id: 'C0SECRET',
      response_url: t.slack.responseUrl('direct'),
    });
    const update = await t.slack.waitFor('chat.update', (a) => String(a.text).startsWith("I couldn't read any"), 10_000);
    expect(update.args.channel).toBe('DU0COMM01');
    expect(String(update.args.text)).toContain('HTTP 404');
    await settle();
    expect(t.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    await t.services.usage.flush();
    const events = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('name', '=', 'sentiment.report')
      .where('surface', '=', 'command')
      .execute();
    expect(events.map((e) => e.outcome)).toEqual(['error']);
  });

  it('sends the report to the requester by DM when the modal asks for it, chart and CSV included, nothing in the channel', async () => {
    const inChannel = t.slack.messages.filter((m) => m.channel === 'C0COMMS').length;
    await submission(t, 'U0COMM01', POSITIVE_EN, 'dm');
    await t.slack.waitFor('files.completeUploadExternal', (a) => a.channel_id === 'DU0COMM01', 20_000);
    const report = t.slack.messages.find((m) => m.channel === 'DU0COMM01' && JSON.stringify(m.blocks ?? []).includes('Net sentiment'));
    expect(JSON.stringify(report?.blocks)).toContain('1 article');
    const files = t.slack.messages.find((m) => m.channel === 'DU0COMM01' && m.files?.length)?.files ?? [];
    expect(files.map((f) => f.name.slice(-4)).sort()).toEqual(['.csv', '.png']);
    await settle();
    expect(t.slack.messages.filter((m) => m.channel === 'C0COMMS')).toHaveLength(inChannel);
  });

  it('keeps the report in the channel when its chart cannot be attached there: the files come by DM, a line says so', async () => {
    t.slack.failNext('files.completeUploadExternal', 'not_in_channel');
    await submission(t, 'U0COMM01', MIXED_EN, 'channel', 'C0PRESS');
    const note = await t.slack.waitFor('chat.postMessage', (a) => String(a.text).includes("couldn't attach its chart and CSV"), 20_000);
    const report = t.slack.messages.find((m) => m.channel === 'C0PRESS' && JSON.stringify(m.blocks ?? []).includes('Net sentiment'));
    expect(report).toBeDefined();
    expect(note.args).toMatchObject({ channel: 'C0PRESS', thread_ts: report?.ts });
    expect(note.args.text).toContain('I sent them to you by direct message');
    expect(note.args.text).toContain('/invite @Kiki');
    const inDm = t.slack.messages.filter((m) => m.channel === 'DU0COMM01' && m.files?.length).at(-1);
    expect(inDm?.text).toContain('Chart and per-article CSV of your press sentiment report');
    expect(inDm?.files?.map((f) => f.name.slice(-4)).sort()).toEqual(['.csv', '.png']);
  });
});
