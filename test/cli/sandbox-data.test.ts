import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLogLine, terminalDestination } from '../../src/logger.js';
import { runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

/** A data folder as the sandbox leaves it: its marker, nothing else configured. */
function sandboxDataDir(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'sandbox-seed.json'), '{}\n');
  return dir;
}

describe('the CLI on the sandbox data folder', () => {
  it('reports with the sandbox people: kiki report is not zeros, and no KIKI_DIRECTORY warning', async () => {
    const env = { KIKI_DATA_DIR: sandboxDataDir() };
    expect((await runKiki(['demo-data', '--weeks', '2'], env)).code).toBe(0);
    const r = await runKiki(['report', '--since', '30d', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { overall: { headcount: number; activeUsers: number } };
    expect(json.overall.headcount).toBe(59);
    expect(json.overall.activeUsers).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/KIKI_DIRECTORY is not set/);
  });

  it('answers --as a sandbox person with their department: Finance-only documents for Finance, not for Sales', async () => {
    const knowledge = tempDir();
    fs.writeFileSync(
      path.join(knowledge, 'bands.md'),
      '---\ntitle: Salary bands\naccess: [Finance]\n---\n# Salary bands\n\nThe analyst salary band runs from 52,000 to 64,000 EUR a year.\n',
    );
    fs.writeFileSync(path.join(knowledge, 'lunch.md'), '---\ntitle: Lunch\n---\n# Lunch\n\nLunch is served from noon in the kitchen.\n');
    const env = { KIKI_DATA_DIR: sandboxDataDir(), KNOWLEDGE_DIR: knowledge };
    expect((await runKiki(['ingest'], env)).code).toBe(0);
    const ask = async (who: string) => {
      const r = await runKiki(['ask', 'What is the analyst salary band?', '--as', who, '--json'], env);
      return JSON.parse(r.stdout) as { citations: { title: string }[] };
    };
    expect((await ask('U0FINA01')).citations.map((c) => c.title)).toContain('Salary bands');
    expect((await ask('U0SALE01')).citations.map((c) => c.title)).not.toContain('Salary bands');
  });

  it('keeps its own settings outside the sandbox folder: no people, one warning', async () => {
    const r = await runKiki(['report', '--since', '30d', '--json'], { KIKI_DATA_DIR: tempDir(), LOG_LEVEL: 'warn' });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { overall: { headcount: number } }).overall.headcount).toBe(0);
    expect(r.stderr).toMatch(/KIKI_DIRECTORY is not set/);
  });
});

describe('log lines at a terminal', () => {
  it('are one readable line: level, message, fields, an error by its message only', () => {
    expect(
      formatLogLine('{"level":40,"time":1,"app":"kiki","msg":"KIKI_DIRECTORY is not set: departments come from Slack profiles"}'),
    ).toBe('kiki warning: KIKI_DIRECTORY is not set: departments come from Slack profiles');
    expect(
      formatLogLine(
        '{"level":50,"time":1,"app":"kiki","file":"people.csv","line":3,"err":{"type":"Error","message":"bad row","stack":"Error: bad row\\n    at x"},"msg":"people directory"}',
      ),
    ).toBe('kiki error: people directory (file=people.csv, line=3, err: bad row)');
    expect(formatLogLine('not json')).toBe('not json');
  });

  it('turn each JSON entry the logger writes into its own line', () => {
    const out: string[] = [];
    terminalDestination({ write: (t: string) => out.push(t) }).write('{"level":30,"msg":"a"}\n{"level":40,"msg":"b"}\n');
    expect(out).toEqual(['kiki info: a\n', 'kiki warning: b\n']);
  });
});
