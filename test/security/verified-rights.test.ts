import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/retrieval/ingest.js';
import type { RecordedCall } from '../../src/sandbox/fake-slack.js';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { VERIFIED_ACTION, VERIFIED_FIELDS } from '../../src/slack/blocks/verified.js';
import { blocksText } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { dm, press, sendMessage } from '../helpers/dm.js';
import { tempDir, testConfig } from '../helpers/env.js';
import { unchangedState } from '../helpers/verified.js';

// Issue 24, items 2, 3 and 5: verified answers and hand-offs bounded by their least-privileged reader.
const DIRECTORY = [
  'slack_user_id,email,name,department',
  'U0LENA,lena@x.example,Lena,Legal',
  'U0LEO,leo@x.example,Leo,Legal',
  'U0ENG,eng@x.example,Eng,Engineering',
].join('\n');
const ROUTING =
  'routes:\n  - team: Legal\n    channel: G0LEGAL\n    owners: [Legal]\n    departments: [Legal]\nfallback:\n  channel: C0HELP\n';
const LEGAL_DOC =
  '---\ntitle: Pending litigation\nowner: Legal\naccess: [Legal]\n---\n# Pending litigation\n\n## Settlement authority\n\nThe settlement authority for the Hooli lawsuit is capped at 2.4 million EUR without board approval.\n';
const QUESTION = 'What is the settlement authority for the Hooli lawsuit?';
const SECRET = '2.4 million';
const REPLY = 'Up to 2.4 million EUR; above that, the board decides. Ask Leo before you promise anything.';

type View = { id?: string; callback_id: string; private_metadata: string; blocks: unknown[] };

describe('verified answers and hand-offs never reach wider than their sources', () => {
  let t: TestApp;
  let post: RecordedCall;
  let view: View;
  beforeAll(async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'kb/legal'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'kb/legal/litigation.md'), LEGAL_DOC);
    fs.writeFileSync(path.join(dir, 'people.csv'), DIRECTORY);
    fs.writeFileSync(path.join(dir, 'routing.yml'), ROUTING);
    const env = {
      KNOWLEDGE_DIR: path.join(dir, 'kb'),
      KIKI_DATA_DIR: tempDir(),
      KIKI_DIRECTORY: path.join(dir, 'people.csv'),
      KIKI_ROUTING: path.join(dir, 'routing.yml'),
    };
    await ingest(testConfig(env));
    t = await startTestApp({ env });
    t.slack.channels.add({ id: 'G0LEGAL', name: 'legal-team', isPrivate: true, members: ['U0LENA', 'U0LEO', 'UKIKIBOT'] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('a hand-off to a Legal-only private channel with Kiki in it keeps the Legal answer, and Save as answer proposes Legal only', async () => {
    const asked = await dm(t, 'U0LENA', QUESTION);
    expect(blocksText(asked.reply)).toContain(SECRET);
    await press(t, 'U0LENA', asked, ACTION.handoff, { withMessage: true });
    post = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'G0LEGAL' && !a.thread_ts);
    expect(blocksText(post)).toContain(SECRET);
    expect(blocksText(post)).toContain('Pending litigation');
    const postTs = String(post.args.__ts);
    await sendMessage(t, 'U0LEO', REPLY, { channel: 'G0LEGAL', channelType: 'group', thread: postTs });
    const offer = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'G0LEGAL' && String(a.text).startsWith('Save'));
    await press(t, 'U0LEO', { channel: 'G0LEGAL', thread: postTs, reply: offer }, VERIFIED_ACTION.save);
    const opened = await t.slack.waitFor('views.open', (a) => (a.view as View).callback_id === 'kiki_verified_save_view');
    view = opened.args.view as View;
    const visible = (view.blocks as { block_id?: string; element?: { initial_options?: { value: string }[] } }[]).find(
      (b) => b.block_id === VERIFIED_FIELDS.visibleTo,
    );
    expect(visible?.element?.initial_options?.map((o) => o.value)).toEqual(['Legal']);
  });

  it('"Visible to" cleared with the Legal source kept: saved for Legal only, and once however often it is submitted', async () => {
    const values = unchangedState(view);
    const sources = (view.blocks as { block_id?: string; element?: { options?: unknown[] } }[]).find(
      (b) => b.block_id === VERIFIED_FIELDS.sources,
    );
    values[VERIFIED_FIELDS.sources] = { value: { type: 'multi_static_select', selected_options: sources?.element?.options ?? [] } };
    values[VERIFIED_FIELDS.visibleTo] = { value: { type: 'multi_static_select', selected_options: [] } };
    const submission = {
      type: 'view_submission',
      user: { id: 'U0LEO' },
      view: { id: 'VSAVE1', callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
    };
    await t.send.interaction(submission);
    await t.send.interaction(submission);
    await expect.poll(async () => (await t.services.verified.records.list()).length).toBe(1);
    await settle(300);
    const saved = await t.services.verified.records.list();
    expect(saved).toHaveLength(1);
    expect(saved[0]?.visibleTo).toEqual(['Legal']);

    const eng = await dm(t, 'U0ENG', QUESTION);
    expect(blocksText(eng.reply)).not.toContain(SECRET);
    expect(blocksText(eng.reply)).not.toContain('Verified');
    const leo = await dm(t, 'U0LEO', QUESTION);
    expect(blocksText(leo.reply)).toContain('*Verified*');
  });

  it("an engineer in the Legal team's channel sees no Legal answers in App Home and can neither edit nor retire them", async () => {
    t.slack.channels.add({ id: 'G0LEGAL', name: 'legal-team', isPrivate: true, members: ['U0LENA', 'U0LEO', 'U0ENG', 'UKIKIBOT'] });
    const [answer] = await t.services.verified.records.list();
    await t.send.event({ type: 'app_home_opened', user: 'U0ENG', channel: 'DU0ENG', tab: 'home' });
    const home = await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0ENG');
    expect(JSON.stringify(home.args.view)).not.toContain('Verified answers');
    expect(JSON.stringify(home.args.view)).not.toContain('settlement authority');

    const opensBefore = t.slack.callsTo('views.open').length;
    for (const action_id of [VERIFIED_ACTION.edit, VERIFIED_ACTION.retire]) {
      await t.send.interaction({
        type: 'block_actions',
        user: { id: 'U0ENG', team_id: 'T0KIKI' },
        container: { type: 'view', view_id: 'VHOME' },
        trigger_id: `trigger-${action_id}`,
        actions: [{ type: 'button', action_id, block_id: `kiki_verified_home_${answer?.id}`, value: answer?.id, action_ts: '1' }],
      });
      await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU0ENG' && String(a.text).startsWith('Only'));
    }
    await settle(200);
    expect(t.slack.callsTo('views.open')).toHaveLength(opensBefore);
    expect((await t.services.verified.records.get(answer?.id ?? ''))?.status).toBe('active');

    // Control: a Legal member of the team sees it.
    await t.send.event({ type: 'app_home_opened', user: 'U0LEO', channel: 'DU0LEO', tab: 'home' });
    const leoHome = await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0LEO');
    expect(JSON.stringify(leoHome.args.view)).toContain('settlement authority');
  });
});
