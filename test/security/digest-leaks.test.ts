import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/retrieval/ingest.js';
import { postUsageDigest } from '../../src/slack/usage-delivery.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { DAY_MS, parseSince } from '../../src/usage/window.js';
import { blocksText } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir, testConfig } from '../helpers/env.js';
import { event, writeDirectory } from '../usage/fixtures.js';

// Issue 24, item 1: the weekly digest in a public channel named a Legal-only document from the gap figures.
const ZEBRA = '---\ntitle: Project Zebra\naccess: [Legal]\n---\n# Project Zebra\n\n## Deal terms\n\nThe acquisition closes in May.\n';
const TRAVEL = '---\ntitle: Travel policy\n---\n# Travel policy\n\n## Per diem\n\nThe per diem is 64 EUR.\n';
const closest = [
  { source: 'legal/zebra.md', title: 'Project Zebra', heading: 'Project Zebra › Deal terms' },
  { source: 'handbook/travel.md', title: 'Travel policy', heading: 'Travel policy › Per diem' },
];

describe('the weekly digest names only documents every reader of its channel may read', () => {
  let t: TestApp;
  beforeAll(async () => {
    const kb = tempDir();
    fs.mkdirSync(path.join(kb, 'legal'));
    fs.mkdirSync(path.join(kb, 'handbook'));
    fs.writeFileSync(path.join(kb, 'legal/zebra.md'), ZEBRA);
    fs.writeFileSync(path.join(kb, 'handbook/travel.md'), TRAVEL);
    const env = { KNOWLEDGE_DIR: kb, KIKI_DATA_DIR: tempDir(), KIKI_DIRECTORY: writeDirectory() };
    await ingest(testConfig(env));
    t = await startTestApp({ env });
    t.slack.channels.add({ id: 'G0LEGALREP', name: 'legal-reports', isPrivate: true, members: ['U0L1', 'U0L2', 'UKIKIBOT'] });
    const ts = Date.now() - DAY_MS;
    const ids = ['U0L1', 'U0L2', 'U0L3', 'U0L4', 'U0L5'];
    const meta = JSON.stringify({ team: 'Legal', closest });
    await insertEvents(
      t.services.store,
      ids.map((user_id) => event({ user_id, department: 'Legal', ts, outcome: 'not_found', meta })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const digest = async (channel: string) => {
    const window = parseSince('7d');
    const [report, gaps] = await Promise.all([t.services.reports.report(window), t.services.reports.gaps(window)]);
    await postUsageDigest(t.runtime.app.client, t.services, channel, report, gaps);
    return blocksText(await t.slack.waitFor('chat.postMessage', (a) => a.channel === channel));
  };

  it('a public report channel sees the gap counts and the public document, never the Legal-only one', async () => {
    const text = await digest('C0REPORTS');
    expect(text).toContain('Knowledge gaps by owning team');
    expect(text).toContain('handbook/travel.md');
    expect(text).not.toContain('zebra');
    expect(text).not.toContain('Zebra');
  });

  it('a private channel of Legal members (Kiki aside) is shown the Legal document', async () => {
    const text = await digest('G0LEGALREP');
    expect(text).toContain('legal/zebra.md');
  });
});
