import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKiki } from '../helpers/cli.js';
import { docxText, inDays, longDate, VALID } from '../helpers/contracts.js';
import { tempDir } from '../helpers/env.js';

const env = () => ({ KIKI_DATA_DIR: tempDir() });

describe('kiki contract', () => {
  it('lists the templates as JSON', async () => {
    const r = await runKiki(['contract', 'list', '--json'], env());
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { templates: { id: string; title: string; version: string; format: string }[] };
    expect(data.templates.map((t) => t.id)).toContain('mutual-nda');
    expect(data.templates[0]).toEqual({
      id: 'consulting-agreement',
      title: 'Consulting Services Agreement',
      version: '3.0.1',
      format: 'markdown',
    });
  });

  it('shows the fields and clauses of a template', async () => {
    const r = await runKiki(['contract', 'fields', 'dpa'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('processor_privacy_email  (email; required)');
    expect(r.stdout).toContain('pci-dss: Payment card data (PCI DSS) – included when card_data is set');
  });

  it('drafts to a file with --set and --values, printing the JSON shape', async () => {
    const dir = tempDir();
    const values = { ...(VALID['one-way-nda'] as Record<string, string>) };
    const recipient = values.recipient as string;
    delete values.recipient;
    fs.writeFileSync(path.join(dir, 'values.json'), JSON.stringify(values));
    const out = path.join(dir, 'draft.docx');
    const r = await runKiki(
      [
        'contract',
        'draft',
        'one-way-nda',
        '--set',
        `recipient=${recipient}`,
        '--values',
        path.join(dir, 'values.json'),
        '--out',
        out,
        '--json',
      ],
      env(),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ template: 'one-way-nda', version: '1.4.0', output: out, missing: [], warnings: [] });
    const text = await docxText(fs.readFileSync(out));
    expect(text).toContain('Initech Ltd');
    expect(text).toContain('Return or destruction');
  });

  it('reports missing and invalid values at once, exits non-zero and leaves no file', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'draft.docx');
    const r = await runKiki(
      ['contract', 'draft', 'nda', '--set', 'effective_date=31/12/2025', '--set', 'counterparty_email=x@', '--out', out, '--json'],
      env(),
    );
    expect(r.code).toBe(1);
    const data = JSON.parse(r.stdout) as { missing: string[]; errors: { field: string }[]; output: null };
    expect(data.missing).toEqual(['counterparty', 'counterparty_address']);
    expect(data.errors.map((e) => e.field)).toEqual(['counterparty', 'counterparty_address', 'counterparty_email', 'effective_date']);
    expect(r.stderr).toMatch(/use YYYY-MM-DD/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses an end date before the start date and a 1999 start, one clear line each, and writes nothing', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'draft.docx');
    const values = VALID['consulting-agreement'] as Record<string, string>;
    const set = (v: Record<string, string>) => Object.entries(v).flatMap(([k, x]) => ['--set', `${k}=${x}`]);
    const start = values.start_date as string;
    const before = await runKiki(['contract', 'draft', 'consulting', ...set({ ...values, end_date: inDays(59) }), '--out', out], env());
    expect(before.code).toBe(1);
    expect(before.stderr).toContain(`End date: must be after the start date (${longDate(start)})`);
    const old = await runKiki(['contract', 'draft', 'consulting', ...set({ ...values, start_date: '1999-05-01' }), '--out', out], env());
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/Start date: 1 May 1999 is more than a year ago/);
    for (const r of [before, old]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives one clear line for an unknown template, a bad --set and a broken values file', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'x.docx');
    const unknown = await runKiki(['contract', 'draft', 'lease', '--out', out], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no contract template "lease"/);
    const badSet = await runKiki(['contract', 'draft', 'nda', '--set', 'oops', '--out', out], env());
    expect(badSet.stderr).toMatch(/--set expects key=value/);
    fs.writeFileSync(path.join(dir, 'v.json'), '{not json');
    const badJson = await runKiki(['contract', 'draft', 'nda', '--values', path.join(dir, 'v.json'), '--out', out], env());
    expect(badJson.stderr).toMatch(/not valid JSON/);
    expect(fs.existsSync(out)).toBe(false);
    for (const r of [unknown, badSet, badJson]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads Word templates from --templates in the corpus layout', async () => {
    const dir = tempDir();
    const tpl = path.join(dir, 'templates', 'my-letter');
    fs.mkdirSync(tpl, { recursive: true });
    fs.copyFileSync(path.join(import.meta.dirname, '../fixtures/legal/letter.docx'), path.join(tpl, 'template.docx'));
    fs.writeFileSync(
      path.join(tpl, 'metadata.yaml'),
      'name: My letter\nversion: "2"\nfields:\n  - name: counterparty\n    type: string\n  - name: date\n    type: date\n',
    );
    const list = await runKiki(['contract', 'list', '--json', '--templates', path.join(dir, 'templates')], env());
    expect(JSON.parse(list.stdout).templates).toEqual([{ id: 'my-letter', title: 'My letter', version: '2', format: 'docx' }]);
    const out = path.join(dir, 'out.docx');
    const r = await runKiki(
      [
        'contract',
        'draft',
        'my-letter',
        '--templates',
        path.join(dir, 'templates'),
        '--set',
        'counterparty=Acme GmbH',
        '--set',
        `date=${inDays(20)}`,
        '--out',
        out,
      ],
      env(),
    );
    expect(r.code).toBe(0);
    expect(await docxText(fs.readFileSync(out))).toContain(`Agreement with Acme GmbH, dated ${longDate(inDays(20))}.`);
  });
});
