import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_ACTION, CHANNEL_FIELDS, CHANNEL_VIEW } from '../../src/slack/blocks/channels.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';

/** Issue 23: admins turn channel answers on and off from the App Home. */
describe('channel answers on the admin App Home', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { KIKI_ADMINS: 'U0IT01', KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml') } });
  });
  afterAll(async () => {
    await t.close();
  });

  const homeOf = async (user: string) => {
    const mine = () => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
    const before = mine().length;
    await t.send.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
    await t.slack.waitFor('views.publish', () => mine().length > before);
    return JSON.stringify(mine().at(-1)?.args.view);
  };
  const pressButton = (user: string, action_id: string, value?: string) =>
    t.send.interaction({
      type: 'block_actions',
      user: { id: user, team_id: 'T0KIKI' },
      container: { type: 'view', view_id: 'VHOME' },
      trigger_id: `trigger-${Date.now()}`,
      actions: [{ type: 'button', action_id, block_id: 'b', ...(value ? { value } : {}), action_ts: '1' }],
    });
  const submit = (user: string, values: Record<string, Record<string, Record<string, unknown>>>) =>
    t.send.interaction({
      type: 'view_submission',
      user: { id: user },
      view: { id: `V${Date.now()}`, callback_id: CHANNEL_VIEW, state: { values } },
    });
  const values = (channel: string, cap?: string) => ({
    [CHANNEL_FIELDS.channel]: { v: { type: 'conversations_select', selected_conversation: channel } },
    [CHANNEL_FIELDS.options]: { v: { type: 'checkboxes', selected_options: [{ value: 'questions_only' }] } },
    [CHANNEL_FIELDS.reply]: { v: { type: 'radio_buttons', selected_option: { value: 'ephemeral' } } },
    [CHANNEL_FIELDS.teams]: { v: { type: 'plain_text_input', value: 'Finance, Sales' } },
    [CHANNEL_FIELDS.handoff]: { v: { type: 'static_select', selected_option: { value: 'People' } } },
    [CHANNEL_FIELDS.cap]: { v: { type: 'number_input', value: cap ?? null } },
  });

  it('an admin opens the settings modal, turns a channel on, sees it listed and turns it off', async () => {
    expect(await homeOf('U0IT01')).toContain('Channel answers');
    await pressButton('U0IT01', CHANNEL_ACTION.add);
    const opened = await t.slack.waitFor('views.open', (a) => (a.view as { callback_id?: string }).callback_id === CHANNEL_VIEW);
    expect(JSON.stringify(opened.args.view)).toContain('conversations_select');
    const res = await submit('U0IT01', values('C0HELP', '15'));
    expect(res.status).toBe(200);
    await expect
      .poll(() => t.services.channels.get('C0HELP', Date.now() + 10_000))
      .toEqual(
        expect.objectContaining({
          reply: 'ephemeral',
          teams: ['Finance', 'Sales'],
          handoffTeam: 'People',
          dailyCap: 15,
          enabledBy: 'U0IT01',
        }),
      );
    const home = await homeOf('U0IT01');
    expect(home).toContain('<#C0HELP>');
    expect(home).toContain(CHANNEL_ACTION.disable);
    await pressButton('U0IT01', CHANNEL_ACTION.disable, 'C0HELP');
    await expect.poll(() => t.services.channels.get('C0HELP', Date.now() + 10_000)).toBeUndefined();
  });

  it('shows nothing of it to others, and refuses their submissions and clicks', async () => {
    expect(await homeOf('U0ALICE')).not.toContain('Channel answers');
    const res = await submit('U0ALICE', values('C0RANDOM'));
    expect(res.body).toContain('Only Kiki admins');
    await t.services.channels.enable(
      { channelId: 'C0KEEP', questionsOnly: true, onlyTagged: false, reply: 'thread', allowExternal: false },
      'U0IT01',
    );
    await pressButton('U0ALICE', CHANNEL_ACTION.disable, 'C0KEEP');
    await new Promise((r) => setTimeout(r, 300));
    expect(await t.services.channels.get('C0RANDOM', Date.now() + 10_000)).toBeUndefined();
    expect(await t.services.channels.get('C0KEEP', Date.now() + 10_000)).toBeDefined();
  });

  it('refuses a daily cap of zero on its field', async () => {
    const res = await submit('U0IT01', values('C0HELP', '0'));
    expect(JSON.parse(res.body)).toEqual({ response_action: 'errors', errors: { [CHANNEL_FIELDS.cap]: expect.any(String) } });
  });
});
