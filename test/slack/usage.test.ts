import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvents } from '../../src/usage/demo-data.js';
import { DAY_MS } from '../../src/usage/window.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { event, writeDirectory } from '../usage/fixtures.js';

const ADMIN = 'U0L1';

describe('/kiki-usage, the App Home and the export buttons', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { KIKI_DIRECTORY: writeDirectory(), KIKI_ADMINS: ADMIN, KIKI_ESCALATION_CHANNEL: 'C0HELPDESK' } });
    const now = Date.now();
    await insertEvents(t.services.store, [
      event({ user_id: 'U0L1', department: 'Legal', ts: now - DAY_MS, feedback: 1 }),
      event({ user_id: 'U0L2', department: 'Legal', ts: now - 2 * DAY_MS, feature: 'contract', outcome: 'completed' }),
      event({ user_id: 'U0C1', department: 'Comms', ts: now - 3 * DAY_MS }),
      event({ user_id: 'U0D1', department: 'Design', ts: now - DAY_MS }),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const usage = (user: string, text = '') => {
    const responseUrl = t.slack.responseUrl();
    return { responseUrl, res: t.send.command({ command: '/kiki-usage', text, user_id: user, response_url: responseUrl }) };
  };

  it('refuses a non-admin, ephemerally, and sends no files', async () => {
    const before = t.slack.callsTo('files.completeUploadExternal').length;
    const res = await usage('U0C1').res;
    expect(res.status).toBe(200);
    expect(res.json<{ response_type: string; text: string }>()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/admins only/),
    });
    await settle();
    expect(t.slack.callsTo('files.completeUploadExternal').length).toBe(before);
    await t.services.usage.flush();
    const refused = await t.services.store.db.selectFrom('usage_events').selectAll().where('outcome', '=', 'refused').execute();
    expect(refused.map((r) => r.user_id)).toEqual(['U0C1']);
  });

  it('gives an admin the summary here and the chart and CSV in their DM, without small groups', async () => {
    const { responseUrl, res } = usage(ADMIN, '7d');
    expect((await res).status).toBe(200);
    const reply = await t.slack.waitFor('response_url', (a) => a.response_key === responseUrl.split('/').pop());
    const summary = JSON.stringify(reply.args);
    expect(reply.args.response_type).toBe('ephemeral');
    expect(summary).toContain('last 7 days');
    expect(summary).toContain('Legal');
    expect(summary).not.toContain('Design');
    // Two Legal and one Comms person in the last 7 days; Design is too small to count.
    expect(summary).toContain('*Weekly / monthly active*\\n3 / 3 (stickiness 100%)');
    // A 7-day window starting now minus a week cuts two ISO weeks: both are marked, not drawn as a ramp and a fall.
    expect(summary.match(/partial week: \d(\.\d)? of 7 days/g)).toHaveLength(2);
    await t.slack.waitFor('files.completeUploadExternal', (a) => a.channel_id === `D${ADMIN}`, 15_000);
    const dm = t.slack.messages.find((m) => m.channel === `D${ADMIN}` && m.files?.length);
    const names = dm?.files?.map((f) => f.name) ?? [];
    expect(names.some((n) => n.endsWith('.png'))).toBe(true);
    const csvFile = dm?.files?.find((f) => f.name.endsWith('.csv'));
    const rows = parse(csvFile?.data.toString() ?? '', { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.department === 'Legal')).toMatchObject({ headcount: '5', active_users: '2', penetration: '0.4' });
    expect(csvFile?.data.toString()).not.toContain('Design');
    expect(
      dm?.files
        ?.find((f) => f.name.endsWith('.png'))
        ?.data.subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('explains the windows it takes', async () => {
    const res = await usage(ADMIN, 'yesterday').res;
    expect(res.json<{ text: string }>().text).toContain('/kiki-usage 90d');
  });

  it('tells the admin when the files could not be delivered', async () => {
    t.slack.failNext('files.getUploadURLExternal');
    const { responseUrl } = usage(ADMIN, '30d');
    const key = responseUrl.split('/').pop();
    const notice = await t.slack.waitFor(
      'response_url',
      (a) => a.response_key === key && String(a.text).includes('could not send'),
      15_000,
    );
    expect(notice.args.response_type).toBe('ephemeral');
  });

  it('shows admins the dashboard on the App Home, and employees what Kiki can do', async () => {
    await t.send.event({ type: 'app_home_opened', user: ADMIN, channel: `D${ADMIN}`, tab: 'home' });
    await t.send.event({ type: 'app_home_opened', user: 'U0C2', channel: 'DU0C2', tab: 'home' });
    await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0C2');
    await t.slack.waitFor('views.publish', (a) => a.user_id === ADMIN);
    const admin = JSON.stringify(t.slack.homes.get(ADMIN)?.view);
    const employee = JSON.stringify(t.slack.homes.get('U0C2')?.view);
    expect(admin).toContain('Adoption dashboard');
    expect(admin).toContain('usage_export_90d');
    expect(admin).not.toContain('Design');
    expect(employee).not.toContain('Adoption dashboard');
    expect(employee).not.toContain('usage_export');
    expect(employee).toContain('What are the rules of our brand voice?'); // a Comms prompt
    expect(employee).toContain('<#C0HELPDESK>');
  });

  it('exports from the App Home button to the admin DM', async () => {
    const before = t.slack.messages.filter((m) => m.channel === `D${ADMIN}` && m.files?.length).length;
    const res = await t.send.interaction({
      type: 'block_actions',
      user: { id: ADMIN },
      trigger_id: 'trig',
      container: { type: 'view', view_id: 'VH1' },
      actions: [{ type: 'button', action_id: 'usage_export_90d', block_id: 'b', value: '90d', action_ts: `${Date.now() / 1000}` }],
    });
    expect(res.status).toBe(200);
    await t.slack.waitFor(
      'files.completeUploadExternal',
      () => t.slack.messages.filter((m) => m.channel === `D${ADMIN}` && m.files?.length).length > before,
      15_000,
    );
    const last = t.slack.messages.filter((m) => m.channel === `D${ADMIN}` && m.files?.length).at(-1);
    expect(last?.text).toContain('last 90 days');
  });

  it('apologises, without internals, when the report cannot be built, and the App Home still helps', async () => {
    const reports = t.services.reports;
    const original = { report: reports.report, recent: reports.recent };
    reports.report = () => Promise.reject(new Error('relation "usage_events" is locked'));
    reports.recent = () => Promise.reject(new Error('relation "usage_events" is locked'));
    try {
      const { responseUrl } = usage(ADMIN, '7d');
      const key = responseUrl.split('/').pop();
      const apology = await t.slack.waitFor('response_url', (a) => a.response_key === key, 10_000);
      expect(String(apology.args.text)).toContain('Sorry');
      expect(String(apology.args.text)).not.toContain('locked');

      const before = t.slack.callsTo('views.publish').length;
      await t.send.event({ type: 'app_home_opened', user: ADMIN, channel: `D${ADMIN}`, tab: 'home' });
      await t.slack.waitFor('views.publish', () => t.slack.callsTo('views.publish').length > before);
      const home = JSON.stringify(t.slack.homes.get(ADMIN)?.view);
      expect(home).toContain('could not be loaded');
      expect(home).toContain('Need a person?');
      expect(home).not.toContain('locked');
    } finally {
      reports.report = original.report;
      reports.recent = original.recent;
    }
  });
});
