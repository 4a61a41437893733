import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { SourceState } from '../../src/sources/state.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/env.js';

const USERS = [
  { id: 'U0ADMIN', name: 'admin', department: 'IT' },
  { id: 'U0BOB', name: 'bob', department: 'Sales' },
];

async function openHome(t: TestApp, user: string): Promise<string> {
  const before = t.slack.callsTo('views.publish').length;
  await t.send.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
  await t.slack.waitFor('views.publish', (a) => a.user_id === user && t.slack.callsTo('views.publish').length > before);
  return JSON.stringify(t.slack.homes.get(user)?.view);
}

describe('knowledge sources in the admin App Home', () => {
  let t: TestApp;
  let file: string;
  beforeAll(async () => {
    const dir = tempDir('kiki-home-sources-');
    file = path.join(dir, 'sources.yml');
    const wiki = {
      name: 'wiki',
      type: 'confluence',
      url: 'https://acme.atlassian.net',
      spaces: ['HR'],
      credentials: { email: 'CONF_EMAIL', token: 'CONF_TOKEN' },
    };
    fs.writeFileSync(file, YAML.stringify({ sources: [wiki, { name: 'intranet', type: 'web', url: 'https://intranet.acme.example/' }] }));
    t = await startTestApp({ users: USERS, env: { KIKI_ADMINS: 'U0ADMIN', KIKI_SOURCES: file } });
    const state = new SourceState(t.services.store);
    await state.begin('wiki', 'confluence', Date.parse('2026-12-07T08:00:00Z'));
    const doc = { source: 'wiki', title: 'Leave', url: null, version: '1', unmapped: null, synced_at: Date.now() };
    await state.upsert({ ...doc, doc_id: '1', access: 'everyone', path: 'HR/Leave.md', error: null });
    await state.upsert({ ...doc, doc_id: '2', access: 'everyone', path: 'HR/Pay.md', error: null });
    await state.upsert({ ...doc, doc_id: '3', access: 'nobody', path: null, error: null });
    await state.upsert({ ...doc, doc_id: '4', access: 'nobody', path: null, error: 'Confluence answered a malformed page' });
    await state.finish(
      'wiki',
      { error: 'space HR not found, or not visible to the API user', summary: {} },
      Date.parse('2026-12-07T08:05:00Z'),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it("shows admins each source's last sync, documents indexed, hidden and failed, and its error; not other people", async () => {
    const home = await openHome(t, 'U0ADMIN');
    expect(home).toContain('"text":"Knowledge sources"');
    expect(home).toContain('*wiki* (confluence)');
    expect(home).toContain('Last sync: <!date^1796630700^');
    expect(home).toContain('2 indexed · 1 visible to nobody (permissions unmapped) · 1 failed');
    expect(home).toContain(':warning: space HR not found, or not visible to the API user');
    expect(home).toContain('*intranet* (web)');
    expect(home).toContain('Last sync: never');
    expect(await openHome(t, 'U0BOB')).not.toContain('Knowledge sources');
    expect(await openHome(t, 'U0BOB')).not.toContain('wiki');
  });

  it('says so, rather than nothing, when the sources file no longer parses', async () => {
    fs.writeFileSync(file, 'sources: [ {');
    const home = await openHome(t, 'U0ADMIN');
    expect(home).toMatch(/:warning: KIKI.*SOURCES: .*sources\.yml is not valid YAML \(line 1\)/);
    expect(home).toContain('Chart + CSV'); // the rest of the admin Home is still there
  });
});
