import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { Directory, readDirectoryFile } from '../../src/directory.js';
import { askerFor } from '../../src/retrieval/access.js';
import { RetrievalService } from '../../src/retrieval/service.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { ROOT, runKiki } from '../helpers/cli.js';
import { tempDir, testConfig } from '../helpers/env.js';

const RESTRICTED = [
  'finance/budget-2025.md',
  'people/compensation-bands.md',
  'legal/litigation-hold.md',
  'security/internal/incident-runbook.md',
];
const PROBES = [
  'Project Falcon acquisition budget',
  'compensation bands salary E4 Staff Engineer',
  'Northwind chargeback dispute litigation hold',
  'break-glass AWS root credentials safe',
];
const env = (dataDir: string) => ({
  KIKI_DATA_DIR: dataDir,
  KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
  KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv'),
  KIKI_ADMINS: 'U0ADMIN1',
});

describe('access rules', () => {
  const dataDir = tempDir();
  beforeAll(async () => {
    const r = await runKiki(['ingest'], env(dataDir), { timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/files: +3\d/);
  }, 60_000);

  const search = async (query: string, as?: string) => {
    const r = await runKiki(['search', query, '--k', '10', '--json', ...(as ? ['--as', as] : [])], env(dataDir));
    expect(r.code).toBe(0);
    return (JSON.parse(r.stdout) as { results: { source: string; text: string }[] }).results;
  };

  /** One process per asker: every probe goes through `kiki search --batch`. */
  const searchAll = async (as?: string) => {
    const file = path.join(tempDir(), 'probes.jsonl');
    fs.writeFileSync(file, PROBES.map((query, id) => JSON.stringify({ id, query })).join('\n'));
    const r = await runKiki(['search', '--batch', file, '--k', '10', ...(as ? ['--as', as] : [])], env(dataDir));
    expect(r.code).toBe(0);
    return r.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { results: { source: string; text: string }[] }).results);
  };

  it('kiki search never shows a restricted document to an outsider, and shows it to its department and admins', async () => {
    for (const as of [undefined, 'U0ENGI01']) {
      for (const [i, results] of (await searchAll(as)).entries()) {
        expect(results.map((r) => r.source)).not.toContain(RESTRICTED[i]);
        expect(results.map((r) => r.text).join(' ')).not.toMatch(/Project Falcon|Staff Engineer +\| 95|Northwind|break-glass/);
      }
    }
    expect((await searchAll('U0FINA01'))[0]![0]?.source).toBe('finance/budget-2025.md');
    expect((await searchAll('U0SECU01'))[3]![0]?.source).toBe('security/internal/incident-runbook.md');
    expect((await searchAll('U0ADMIN1'))[1]![0]?.source).toBe('people/compensation-bands.md');
  });

  it('prints the documented JSON shape, and one line per query with --batch', async () => {
    const [first] = await search('how do I set up the VPN');
    expect(Object.keys(first!).sort()).toEqual(['heading', 'score', 'source', 'text', 'title', 'url']);
    expect(first).toMatchObject({ source: 'it/vpn.md', url: 'https://wiki.acmepay.example/it/vpn' });
    const file = path.join(tempDir(), 'q.jsonl');
    fs.writeFileSync(file, '{"id":"a","query":"per diem Switzerland"}\nnot json\n{"id":"b","query":"Project Falcon"}\n');
    const r = await runKiki(['search', '--batch', file, '--k', '3'], env(dataDir));
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].id).toBe('a');
    expect(lines[0].results[0].source).toMatch(/^finance\/(travel\.md|per-diem-rates-2025\.pdf)$/);
    expect(lines[1]).toEqual({ line: 2, error: 'expected a JSON object {"id","query"}' });
    expect(lines[2].results.map((x: { source: string }) => x.source)).not.toContain('finance/budget-2025.md');
  });

  it('the library API filters before ranking, for any k and any query', async () => {
    const config = testConfig(env(dataDir));
    const directory = new Directory(readDirectoryFile(config.KIKI_DIRECTORY!).people);
    const service = new RetrievalService(config, pino({ level: 'silent' }));
    const outsider = await askerFor(config, directory, 'U0ENGI01');
    expect(outsider).toEqual({ userId: 'U0ENGI01', department: 'Engineering', isAdmin: false });
    expect(await askerFor(config, directory, 'U0ADMIN1')).toMatchObject({ isAdmin: true });
    for (const restricted of RESTRICTED) {
      const text = fs.readFileSync(path.join(ROOT, 'knowledge', restricted), 'utf8');
      for (const asker of [outsider, EVERYONE]) {
        const results = await service.search(text.slice(0, 2000), asker, { k: 50 });
        expect(results.length).toBeGreaterThan(0);
        expect(results.filter((r) => r.access !== undefined)).toEqual([]);
      }
    }
    const [hit] = await service.search('per diem Switzerland full day', outsider);
    expect(hit?.signals.cosine).toBeGreaterThan(0);
    expect(hit?.signals.cosine).toBeLessThanOrEqual(1);
    expect(hit?.signals.bm25).toBeGreaterThan(0);
    expect(hit?.signals.coverage).toBe(1);
  });
});
