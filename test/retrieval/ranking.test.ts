import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/retrieval/ingest.js';
import type { SearchIndex } from '../../src/retrieval/search-index.js';
import { loadIndex } from '../../src/retrieval/service.js';
import { Thesaurus } from '../../src/retrieval/thesaurus.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { tempDir, testConfig } from '../helpers/env.js';

const FILLER = [
  'expenses.md',
  '# Expense reports\n\nSubmit receipts for meals and taxis within thirty days. Finance reimburses approved reports monthly.',
  'laptops.md',
  '# Laptops\n\nTech Ops ships a laptop before your first day. Enable disk encryption and keep the operating system updated.',
  'security.md',
  '# Incident reporting\n\nReport a lost device or a suspicious email to the security team in the incident channel at once.',
  'meetings.md',
  '# Meetings\n\nShare an agenda in advance, take notes in the shared document and end five minutes early.',
];

describe('ranking with synonym expansion and document scores', () => {
  let index: SearchIndex;
  let config: ReturnType<typeof testConfig>;
  beforeAll(async () => {
    const knowledge = tempDir();
    for (let i = 0; i < FILLER.length; i += 2) fs.writeFileSync(path.join(knowledge, FILLER[i]!), FILLER[i + 1]!);
    fs.writeFileSync(
      path.join(knowledge, 'holidays.md'),
      '# Holidays\n\nEvery teammate gets twenty-five holiday days a year, plus the public holidays of their country.',
    );
    fs.mkdirSync(path.join(knowledge, 'legal'));
    fs.writeFileSync(
      path.join(knowledge, 'legal/holiday-cover.md'),
      '---\naccess: [Legal]\n---\n# Holiday cover for counsel\n\nDuring a holiday, counsel hand their matters to the litigation partner on holiday duty.',
    );
    config = testConfig({ KNOWLEDGE_DIR: knowledge });
    const summary = await ingest(config);
    index = loadIndex(config, summary.indexDir);
  }, 30_000);

  it('reads WordNet synonyms from the installed database', () => {
    const thesaurus = Thesaurus.open();
    expect(thesaurus).not.toBeNull();
    expect(thesaurus!.related('vacation').map((r) => r.lemma)).toContain('holiday');
    expect(thesaurus!.related('salaries').map((r) => r.lemma)).toEqual(expect.arrayContaining(['pay', 'wage']));
    expect(thesaurus!.related('qwertyuiop')).toEqual([]);
  });

  it('finds a document through a synonym the asker used, with signals that still describe the asker’s own words', async () => {
    const [first] = await index.search('how many vacation days do I get', EVERYONE);
    expect(first?.source).toBe('holidays.md');
    const [withoutExpansion] = await index.search('vacation', EVERYONE, { params: { thesaurusWeight: 0 } });
    expect(withoutExpansion?.signals.bm25 ?? 0).toBe(0);
    const [expanded] = await index.search('vacation', EVERYONE);
    expect(expanded?.source).toBe('holidays.md');
    // "vacation" is not in the passage: coverage and bm25 count only the query's words, never the synonyms.
    expect(expanded?.signals.coverage).toBe(0);
    expect(expanded?.signals.bm25).toBe(0);
  });

  it('counts a word matched only through its synonym in expandedCoverage', async () => {
    const [first] = await index.search('vacation days', EVERYONE);
    expect(first?.source).toBe('holidays.md');
    // "days" is in the passage, "vacation" only as its synonym "holiday".
    expect(first?.signals.coverage).toBe(0.5);
    expect(first?.signals.expandedCoverage).toBe(1);
    // Without expansion the signal equals coverage.
    const [plain] = await index.search('vacation days', EVERYONE, { params: { thesaurusWeight: 0 } });
    expect(plain?.signals.expandedCoverage).toBe(plain?.signals.coverage);
  });

  it('never lets a restricted document through an expanded query, and shows it to its department', async () => {
    for (const query of ['vacation', 'vacation cover counsel litigation', 'who covers my matters on vacation']) {
      const outsider = await index.search(query, EVERYONE, { k: 10 });
      expect(outsider.map((p) => p.source)).not.toContain('legal/holiday-cover.md');
      expect(outsider.map((p) => p.text).join(' ')).not.toMatch(/counsel/);
      const engineer = await index.search(query, { isAdmin: false, department: 'Engineering' }, { k: 10 });
      expect(engineer.map((p) => p.source)).not.toContain('legal/holiday-cover.md');
    }
    const legal = await index.search('vacation cover counsel litigation', { isAdmin: false, department: 'Legal' });
    expect(legal[0]?.source).toBe('legal/holiday-cover.md');
  });

  it('is deterministic: the same query gives the same passages and scores, also from a freshly loaded index', async () => {
    const query = 'what do I do with receipts from a business trip dinner';
    const a = await index.search(query, EVERYONE, { k: 5 });
    const b = await index.search(query, EVERYONE, { k: 5 });
    const reloaded = loadIndex(config, (await ingest(config)).indexDir);
    const c = await reloaded.search(query, EVERYONE, { k: 5 });
    const shape = (ps: typeof a) => ps.map((p) => [p.id, p.score, p.signals]);
    expect(shape(b)).toEqual(shape(a));
    expect(shape(c)).toEqual(shape(a));
    expect(a[0]?.source).toBe('expenses.md');
  });

  it('gives each document one passage before a second one of the same document', async () => {
    const results = await index.search('holiday', { isAdmin: true }, { k: 3 });
    const sources = results.map((p) => p.source);
    expect(new Set(sources.slice(0, 2)).size).toBe(2);
  });
});
