import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT, runKiki } from '../helpers/cli.js';
import { MIXED_EN, NEGATIVE_FR, POSITIVE_EN } from '../helpers/press.js';

type Block = { type: string; block_id?: string; text?: { text: string }; accessory?: { action_id: string } };

const ARTICLES = [POSITIVE_EN, NEGATIVE_FR, MIXED_EN];

describe('the human check of a sentiment report in Slack', () => {
  let t: TestApp;
  let reportTs = '';
  let checkRows: Block[] = [];
  beforeAll(async () => {
    t = await startTestApp({
      env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv'), KIKI_BRAND_TERMS: 'Acme,Acme Pay', KIKI_ADMINS: 'U0ADMIN' },
    });
    // Twelve articles: a quarter is 3, so the sample is the ten least confident.
    const text = Array.from({ length: 12 }, (_, i) => `${(ARTICLES[i % 3] as string).replace(/^([^\n]+)/, `$1 (${i + 1})`)}`).join(
      '\n---\n',
    );
    const cmd = await t.send.command({
      command: '/kiki-sentiment',
      user_id: 'U0COMM01',
      channel_id: 'C0COMMS',
      text,
      response_url: t.slack.responseUrl('c1'),
    });
    expect(cmd.status).toBe(200);
    await t.slack.waitFor('files.completeUploadExternal', () => true, 20_000);
    const report = t.slack.messages.find((m) => m.channel === 'C0COMMS' && JSON.stringify(m.blocks ?? []).includes('Human check'));
    reportTs = report?.ts ?? '';
    checkRows = ((report?.blocks ?? []) as Block[]).filter((b) => b.accessory?.action_id === 'sentiment_check');
  });
  afterAll(async () => {
    await t.close();
  });

  const pick = (user: string, row: Block, value: string) =>
    t.send.interaction({
      type: 'block_actions',
      user: { id: user },
      trigger_id: 'trig-check',
      channel: { id: 'C0COMMS' },
      message: { ts: reportTs },
      container: { type: 'message', channel_id: 'C0COMMS', message_ts: reportTs },
      actions: [
        {
          type: 'static_select',
          action_id: 'sentiment_check',
          block_id: row.block_id,
          selected_option: { value, text: { type: 'plain_text', text: value } },
        },
      ],
    });

  const latest = () => {
    const updates = t.slack.callsTo('chat.update').filter((c) => c.args.ts === reportTs);
    return JSON.stringify(updates[updates.length - 1]?.args.blocks ?? []);
  };

  it('offers a validation sample of at least the ten least confident articles, each with a label picker', () => {
    expect(checkRows).toHaveLength(10);
    const all = JSON.stringify(t.slack.messages.find((m) => m.ts === reportTs)?.blocks);
    expect(all).toContain('Validation sample:* 10 articles');
    expect(all).toContain('0 of 12 labels corrected by people');
    expect(all).toContain('agreement is measured once people check it');
  });

  it('recomputes the report when Comms corrects a label, and says how many people corrected', async () => {
    const row = checkRows.find((b) => /Kiki: positive/.test(b.text?.text ?? '')) as Block;
    expect(row).toBeDefined();
    const before = t.slack.callsTo('chat.update').length;
    await pick('U0COMM01', row, 'negative');
    await t.slack.waitFor('chat.update', (a) => a.ts === reportTs && t.slack.callsTo('chat.update').length > before);
    const blocks = latest();
    expect(blocks).toContain('1 of 12 labels corrected by people (1 checked)');
    expect(blocks).toContain('checked by <@U0COMM01>: *negative*');
    expect(blocks).toMatch(/1 checked; agreement with Kiki 0% on the 1 checked/);
  });

  it('counts a confirmation as checked and agreeing, and measures agreement on the sample', async () => {
    const row = checkRows.find((b) => /Kiki: negative/.test(b.text?.text ?? '')) as Block;
    const before = t.slack.callsTo('chat.update').length;
    await pick('U0COMM01', row, 'negative');
    await t.slack.waitFor('chat.update', (a) => a.ts === reportTs && t.slack.callsTo('chat.update').length > before);
    expect(latest()).toContain('1 of 12 labels corrected by people (2 checked)');
    expect(latest()).toMatch(/2 checked; agreement with Kiki 50% on the 2 checked/);
  });

  it('refuses a correction from someone outside Comms, and changes nothing', async () => {
    const before = t.slack.callsTo('chat.update').length;
    await pick('U0ENGI01', checkRows[5] as Block, 'mixed');
    const refusal = await t.slack.waitFor('chat.postEphemeral', (a) => a.user === 'U0ENGI01');
    expect(String(refusal.args.text)).toMatch(/for the Comms team/);
    await settle(300);
    expect(t.slack.callsTo('chat.update').length).toBe(before);
  });

  it('exports the labels as labelled data with `kiki sentiment corrections --export`', async () => {
    const r = await runKiki(['sentiment', 'corrections', '--export'], { KIKI_DATA_DIR: t.config.KIKI_DATA_DIR });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ label: 'negative', kiki_label: 'positive', corrected: true, in_validation_sample: true });
    expect(String(rows[0]?.text)).toMatch(/record revenue/);
    expect(rows[1]).toMatchObject({ label: 'negative', kiki_label: 'negative', corrected: false });
  });
});
