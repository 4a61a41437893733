import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { NEGATIVE_FR, OUTAGE_HTML, POSITIVE_EN, submitSentimentModal } from '../helpers/press.js';

type Files = { id: string; name: string; url_private: string }[];

/** The modal as the intake tests send it: the file_input block always present, empty or not. */
const submission = (t: TestApp, user: string, text: string | null, files: Files = []) => submitSentimentModal(t, user, { text, files });

const reportIn = (t: TestApp, channel: string) =>
  t.slack.messages.findLast((m) => m.channel === channel && JSON.stringify(m.blocks ?? []).includes('Net sentiment'));

describe('/kiki-sentiment intake that fits Slack', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv'), KIKI_BRAND_TERMS: 'Acme,Acme Pay', KIKI_ADMINS: 'U0ADMIN' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('offers a file picker for PDF, Word, HTML, text and Markdown next to the links box', async () => {
    await t.send.command({
      command: '/kiki-sentiment',
      user_id: 'U0COMM01',
      channel_id: 'C0COMMS',
      response_url: t.slack.responseUrl('i1'),
    });
    const open = await t.slack.waitFor('views.open');
    const blocks = (open.args.view as { blocks: { element?: { type: string; filetypes?: string[] }; optional?: boolean }[] }).blocks;
    const picker = blocks.find((b) => b.element?.type === 'file_input');
    expect(picker?.element?.filetypes).toEqual(expect.arrayContaining(['pdf', 'docx', 'html', 'txt', 'md']));
    expect(picker?.optional).toBe(true);
    expect(JSON.stringify(open.args.view)).toMatch(/3,000 characters/);
  });

  it("refuses pasted text at Slack's 3,000-character limit instead of reporting on a cut article", async () => {
    const long = `${POSITIVE_EN}\n---\n${NEGATIVE_FR}\n---\n${'Acme Pay news. '.repeat(200)}`.slice(0, 3000);
    const before = t.slack.callsTo('chat.postMessage').length;
    const ack = await submission(t, 'U0COMM01', long);
    expect(ack.status).toBe(200);
    const body = JSON.parse(ack.body || '{}') as { response_action?: string; errors?: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors?.sources).toMatch(/3,000-character limit/);
    expect(body.errors?.sources).toMatch(/files|links/);
    await settle(300);
    expect(t.slack.callsTo('chat.postMessage').length).toBe(before);
  });

  it('reads articles attached with the file picker (HTML and Markdown) without any pasted text', async () => {
    const html = t.slack.addUserFile('outage.html', Buffer.from(OUTAGE_HTML()));
    const md = t.slack.addUserFile('plaintes.md', Buffer.from(`---\noutlet: Le Quotidien\n---\n${NEGATIVE_FR}`));
    const ack = await submission(t, 'U0COMM01', null, [html, md]);
    expect(ack.status).toBe(200);
    await t.slack.waitFor('files.completeUploadExternal', () => true, 20_000);
    const blocks = JSON.stringify(reportIn(t, 'C0COMMS')?.blocks);
    expect(blocks).toContain('2 articles');
    expect(blocks).toContain('Le Quotidien');
  });

  it('builds a report from files posted to Kiki in a DM that asks for sentiment', async () => {
    const file = t.slack.addUserFile('record.txt', Buffer.from(POSITIVE_EN));
    const channel = 'D0COMM01';
    const m = t.slack.addUserMessage(channel, 'U0COMM01', 'sentiment report on this please');
    await t.send.event({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel,
      user: 'U0COMM01',
      text: 'sentiment report on this please',
      ts: m.ts,
      files: [{ id: file.id, name: file.name, url_private: file.url_private }],
    });
    await t.slack.waitFor('files.completeUploadExternal', (a) => a.channel_id === channel, 20_000);
    expect(JSON.stringify(reportIn(t, channel)?.blocks)).toContain('1 article');
  });

  it('builds a report from files posted in a thread of a DM with Kiki, in that thread', async () => {
    const channel = 'D0COMM01';
    const root = t.slack.addUserMessage(channel, 'U0COMM01', 'Hi Kiki');
    const file = t.slack.addUserFile('plaintes.txt', Buffer.from(NEGATIVE_FR));
    const m = t.slack.addUserMessage(channel, 'U0COMM01', 'press sentiment for this one', root.ts);
    await t.send.event({
      type: 'message',
      subtype: 'file_share',
      channel_type: 'im',
      channel,
      user: 'U0COMM01',
      text: 'press sentiment for this one',
      ts: m.ts,
      thread_ts: root.ts,
      files: [{ id: file.id, name: file.name, url_private: file.url_private }],
    });
    await t.slack.waitFor('files.completeUploadExternal', (a) => a.channel_id === channel && a.thread_ts === root.ts, 20_000);
    const report = t.slack.messages.findLast((x) => x.channel === channel && JSON.stringify(x.blocks ?? []).includes('Net sentiment'));
    expect(report?.thread_ts).toBe(root.ts);
    expect(JSON.stringify(report?.blocks)).toContain('1 article');
  });

  it('never sends the bot token outside Slack, and names files it cannot read in the report', async () => {
    const good = t.slack.addUserFile('record.txt', Buffer.from(POSITIVE_EN));
    const uploads = t.slack.callsTo('files.completeUploadExternal').length;
    const ack = await submission(t, 'U0COMM01', null, [
      good,
      { id: 'F0EVIL', name: 'leak.txt', url_private: 'http://127.0.0.1:9/steal' },
      { id: 'F0XLS', name: 'figures.xlsx', url_private: good.url_private },
    ]);
    expect(ack.status).toBe(200);
    await t.slack.waitFor('files.completeUploadExternal', () => t.slack.callsTo('files.completeUploadExternal').length > uploads, 20_000);
    const blocks = JSON.stringify(reportIn(t, 'C0COMMS')?.blocks);
    expect(blocks).toContain('Could not read 2 sources');
    expect(blocks).toContain('leak.txt: Could not download this file from Slack.');
    expect(blocks).toMatch(/figures\.xlsx: Unsupported file type/);
  });
});
