import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/retrieval/ingest.js';
import { RetrievalService } from '../../src/retrieval/service.js';
import { tempDir, testConfig } from '../helpers/env.js';

// The index caches who may see what. A guest from another organisation (Slack Connect) sees documents marked
// `public` only; an insider without a department sees every unrestricted one. They must never share an entry.
describe('what a guest may see, whoever searched before', () => {
  it('keeps internal documents from a guest who searches after an insider without a department', async () => {
    const knowledge = tempDir();
    fs.writeFileSync(path.join(knowledge, 'canteen.md'), '# Canteen\n\nThe staff canteen serves falafel on Fridays.\n');
    fs.writeFileSync(
      path.join(knowledge, 'visitors.md'),
      '---\naccess: [public]\n---\n# Visitors\n\nVisitors sign in at the reception desk; the canteen is for staff.\n',
    );
    const config = testConfig({ KNOWLEDGE_DIR: knowledge });
    await ingest(config);
    const retrieval = new RetrievalService(config, pino({ level: 'silent' }));
    const insider = await retrieval.search('canteen falafel Fridays', { isAdmin: false }, { k: 5 });
    expect(insider.map((p) => p.source)).toContain('canteen.md');
    const guest = await retrieval.search('canteen falafel Fridays', { isAdmin: false, external: true }, { k: 5 });
    expect(guest.map((p) => p.source)).not.toContain('canteen.md');
    expect(guest.map((p) => p.source)).toContain('visitors.md');
    expect(await retrieval.sections('canteen.md', { isAdmin: false, external: true })).toEqual([]);
    retrieval.close();
  });
});
