import path from 'node:path';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDrafts } from '../../src/legal/audit.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { inDays, longDate, VALID } from '../helpers/contracts.js';

const LEGAL = 'U0LEGA01';
const SALES = 'U0SALE01';

/** A text field and a date field of the contract modal, as Slack sends their state. */
const input = (v: string) => ({ value: { type: 'plain_text_input', value: v } });
const picked = (d: string) => ({ value: { type: 'datepicker', selected_date: d } });

/** `user` submits the /kiki-contract modal `viewId` with `meta` as its private_metadata and these block states. */
const submitContract = (app: Pick<TestApp, 'send'>, user: string, viewId: string, meta: string, values: Record<string, unknown> = {}) =>
  app.send.interaction({
    type: 'view_submission',
    user: { id: user },
    view: { id: viewId, callback_id: 'kiki_contract', private_metadata: meta, state: { values } },
  });

describe('/kiki-contract modal flow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv') } });
  });
  afterAll(async () => {
    await t.close();
  });

  const command = (user: string, text = '') =>
    t.send.command({ command: '/kiki-contract', text, user_id: user, response_url: t.slack.responseUrl() });
  const blockIds = (view: Record<string, unknown>) => (view.blocks as { block_id?: string }[]).map((b) => b.block_id).filter(Boolean);

  it('opens the chooser, shows the fields on choice, returns an invalid date inline, and uploads the .docx to the DM', async () => {
    const res = await command(LEGAL);
    expect(res.status).toBe(200);
    const open = await t.slack.waitFor('views.open');
    const viewId = [...t.slack.views.values()].at(-1)?.id as string;
    const chooser = open.args.view as Record<string, unknown>;
    expect(JSON.stringify(chooser)).toContain('Mutual Non-Disclosure Agreement (v2.1.0)');
    expect(blockIds(chooser)).toEqual(['template']);

    await t.send.interaction({
      type: 'block_actions',
      user: { id: LEGAL },
      trigger_id: 'trig-1',
      view: {
        id: viewId,
        hash: 'h1',
        callback_id: 'kiki_contract',
        private_metadata: JSON.stringify({ channel: 'C0GENERAL' }),
        state: { values: {} },
      },
      actions: [
        {
          type: 'static_select',
          action_id: 'contract_template',
          block_id: 'template',
          selected_option: { value: 'mutual-nda', text: { type: 'plain_text', text: 'x' } },
        },
      ],
    });
    const update = await t.slack.waitFor('views.update', (a) => a.view_id === viewId);
    const form = update.args.view as Record<string, unknown>;
    expect(blockIds(form)).toEqual(expect.arrayContaining(['f:counterparty', 'f:effective_date', 'clauses', 'instructions']));
    expect(JSON.stringify(form)).toContain('Non-solicitation of employees');
    const meta = String(form.private_metadata);

    const values = VALID['mutual-nda'] as Record<string, string>;
    const submit = (date: string) =>
      submitContract(t, LEGAL, viewId, meta, {
        'f:counterparty': input(values.counterparty as string),
        'f:counterparty_address': input(values.counterparty_address as string),
        'f:counterparty_email': input(values.counterparty_email as string),
        'f:effective_date': picked(date),
        'f:personal_data': { value: { type: 'static_select', selected_option: { value: 'yes' } } },
        clauses: { value: { type: 'checkboxes', selected_options: [{ value: 'non-solicitation' }] } },
        instructions: input('Check the @channel embargo'),
      });

    const bad = await submit('2025-02-30');
    expect(bad.status).toBe(200);
    const errors = bad.json<{ response_action: string; errors: Record<string, string> }>();
    expect(errors.response_action).toBe('errors');
    expect(errors.errors['f:effective_date']).toMatch(/not a real calendar date/);

    const old = (await submit('1999-03-01')).json<{ response_action: string; errors: Record<string, string> }>();
    expect(old.response_action).toBe('errors');
    expect(old.errors['f:effective_date']).toMatch(/1 March 1999 is more than a year ago; a contract date can be at most one year back/);

    const good = await submit(values.effective_date as string);
    expect(good.status).toBe(200);
    expect(good.body).toBe('');
    const done = await t.slack.waitFor('files.completeUploadExternal');
    expect(done.args.channel_id).toBe(`D${LEGAL}`);
    const message = t.slack.messages.find((m) => m.channel === `D${LEGAL}` && m.files?.length);
    expect(message?.text).toContain('DRAFT – for legal review');
    expect(message?.text).toContain('mutual-nda');
    expect(message?.text).toContain('v2.1.0');
    expect(message?.text).toContain('Globex GmbH');
    expect(message?.text).toContain('Non-solicitation of employees');
    expect(message?.text).toContain('Personal data (GDPR)');
    const file = message?.files?.[0];
    expect(file?.name).toBe('mutual-nda-Globex-GmbH-DRAFT.docx');
    const text = (await mammoth.extractRawText({ buffer: file?.data as Buffer })).value;
    expect(text).toContain('Globex GmbH');
    expect(text).toContain('Drafting note');
    expect(text).toContain('Check the @channel embargo');

    await t.services.usage.flush();
    const drafts = await listDrafts(t.services.store);
    expect(drafts[0]).toMatchObject({ userId: LEGAL, templateId: 'mutual-nda', templateVersion: '2.1.0', surface: 'modal' });
    expect(drafts[0]?.valuesHash).toMatch(/^[0-9a-f]{64}$/);
    const events = await t.services.store.db.selectFrom('usage_events').selectAll().where('name', '=', 'contract.drafted').execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ user_id: LEGAL, feature: 'contract', department: 'Legal', outcome: 'completed' });
  });

  it('opens the chooser for "/kiki-contract" alone or an unknown template, in a form Slack accepts', async () => {
    for (const text of ['', 'no-such-template']) {
      const trigger = t.slack.newTrigger(LEGAL);
      const before = t.slack.callsTo('views.open').length;
      await t.send.command({ command: '/kiki-contract', text, user_id: LEGAL, trigger_id: trigger, response_url: t.slack.responseUrl() });
      const open = await t.slack.waitFor('views.open', () => t.slack.callsTo('views.open').length > before);
      expect(open.result?.ok, JSON.stringify(open.result)).toBe(true);
      expect(t.slack.modalsOf(LEGAL).at(-1)?.view.callback_id).toBe('kiki_contract');
    }
    // Submitting the chooser without a choice asks for one, inline.
    const res = await submitContract(t, LEGAL, 'V1', '{}');
    expect(res.json<{ errors: Record<string, string> }>().errors.template).toBe('Choose a template first.');
  });

  it('opens the form pre-filled from "/kiki-contract nda Acme GmbH"', async () => {
    const before = t.slack.callsTo('views.open').length;
    await command(LEGAL, 'nda Acme GmbH');
    await t.slack.waitFor('views.open', () => t.slack.callsTo('views.open').length > before);
    const view = t.slack.callsTo('views.open').at(-1)?.args.view as {
      blocks: { block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } }[];
    };
    expect(view.blocks.find((b) => b.block_id === 'template')?.element?.initial_option?.value).toBe('mutual-nda');
    expect(view.blocks.find((b) => b.block_id === 'f:counterparty')?.element?.initial_value).toBe('Acme GmbH');
  });

  it('refuses a user outside the allowed departments, naming who to ask, and records the refusal', async () => {
    const responseUrl = t.slack.responseUrl();
    const before = t.slack.callsTo('views.open').length;
    await t.send.command({ command: '/kiki-contract', text: 'nda', user_id: SALES, response_url: responseUrl });
    const reply = await t.slack.waitFor('response_url', (a) => a.response_key === responseUrl.split('/').pop());
    expect(reply.args.response_type).toBe('ephemeral');
    expect(String(reply.args.text)).toMatch(/open to Legal/);
    expect(String(reply.args.text)).toMatch(/ask someone in Legal such as \S+/);
    await settle();
    expect(t.slack.callsTo('views.open')).toHaveLength(before);
    await t.services.usage.flush();
    const refused = await t.services.store.db.selectFrom('usage_events').selectAll().where('name', '=', 'contract.refused').execute();
    expect(refused[0]).toMatchObject({ user_id: SALES, outcome: 'refused' });
  });

  it('refuses a forged submit from a user outside Legal inline', async () => {
    const res = await submitContract(t, SALES, 'V1', JSON.stringify({ templateId: 'mutual-nda' }));
    expect(res.json<{ errors: Record<string, string> }>().errors.template).toMatch(/open to Legal/);
  });

  it('returns an end date before the start date inline on the end date, and drafts nothing', async () => {
    const values = VALID['consulting-agreement'] as Record<string, string>;
    const before = t.slack.callsTo('files.completeUploadExternal').length;
    const res = await submitContract(t, LEGAL, 'V2', JSON.stringify({ templateId: 'consulting-agreement' }), {
      'f:consultant': input(values.consultant as string),
      'f:consultant_address': input(values.consultant_address as string),
      'f:consultant_email': input(values.consultant_email as string),
      'f:start_date': picked(values.start_date as string),
      'f:end_date': picked(inDays(10)),
      'f:services': input(values.services as string),
      'f:fee_amount': input(values.fee_amount as string),
    });
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(body.errors).toEqual({ 'f:end_date': `End date: must be after the start date (${longDate(values.start_date as string)})` });
    await settle();
    expect(t.slack.callsTo('files.completeUploadExternal')).toHaveLength(before);
  });

  it('drafts once when Slack delivers the same submission three times: one draft, one upload', async () => {
    const values = VALID['mutual-nda'] as Record<string, string>;
    const uploads = () => t.slack.callsTo('files.completeUploadExternal').length;
    const before = { uploads: uploads(), drafts: (await listDrafts(t.services.store)).length };
    const deliver = () =>
      submitContract(t, LEGAL, 'VTWICE', JSON.stringify({ templateId: 'mutual-nda' }), {
        'f:counterparty': input(values.counterparty as string),
        'f:counterparty_address': input(values.counterparty_address as string),
        'f:counterparty_email': input(values.counterparty_email as string),
        'f:effective_date': picked(values.effective_date as string),
      });
    const results = await Promise.all([deliver(), deliver()]);
    results.push(await deliver());
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await expect.poll(uploads).toBe(before.uploads + 1);
    await settle(500);
    expect(uploads()).toBe(before.uploads + 1);
    expect(await listDrafts(t.services.store)).toHaveLength(before.drafts + 1);
  });

  it('lets an admin outside Legal open the modal and draft: the .docx arrives in their DM', async () => {
    const admin = await startTestApp({ env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv'), KIKI_ADMINS: SALES } });
    try {
      await admin.send.command({ command: '/kiki-contract', text: '', user_id: SALES, response_url: admin.slack.responseUrl() });
      await admin.slack.waitFor('views.open');
      const values = VALID['mutual-nda'] as Record<string, string>;
      const res = await submitContract(admin, SALES, 'V3', JSON.stringify({ templateId: 'mutual-nda' }), {
        'f:counterparty': input(values.counterparty as string),
        'f:counterparty_address': input(values.counterparty_address as string),
        'f:counterparty_email': input(values.counterparty_email as string),
        'f:effective_date': picked(values.effective_date as string),
      });
      expect(res.body).toBe('');
      const done = await admin.slack.waitFor('files.completeUploadExternal');
      expect(done.args.channel_id).toBe(`D${SALES}`);
      const message = admin.slack.messages.find((m) => m.channel === `D${SALES}` && m.files?.length);
      expect(message?.files?.[0]?.name).toBe('mutual-nda-Globex-GmbH-DRAFT.docx');
    } finally {
      await admin.close();
    }
  });
});
