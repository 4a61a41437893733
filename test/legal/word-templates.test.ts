import fs from 'node:fs';
import path from 'node:path';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { CORPUS, contractService, docxText, inDays, longDate } from '../helpers/contracts.js';
import { tempDir } from '../helpers/env.js';

/** A Word template whose {counterparty} placeholder is split over three runs, the middle one bold, as Word does. */
async function runSplitTemplate(dir: string): Promise<void> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.LEFT,
            children: [
              new TextRun({ text: 'Agreement with {count', italics: true }),
              new TextRun({ text: 'erpar', bold: true }),
              new TextRun({ text: 'ty}, dated {date}.' }),
            ],
          }),
        ],
      },
    ],
  });
  fs.writeFileSync(path.join(dir, 'letter.docx'), await Packer.toBuffer(doc));
  fs.writeFileSync(
    path.join(dir, 'letter.yaml'),
    'id: letter\ntitle: Letter\nversion: "1.0"\nowner: Legal\nfields:\n  - name: counterparty\n    type: party\n    required: true\n  - name: date\n    type: date\n    required: true\n',
  );
}

describe('Word templates with a sidecar YAML', () => {
  it('fills a placeholder that Word split across runs, and the text around it keeps its formatting', async () => {
    const dir = tempDir();
    await runSplitTemplate(dir);
    const svc = contractService(dir);
    const d = await svc.draft({ templateId: 'letter', values: { counterparty: 'Acme GmbH', date: inDays(20) } });
    const text = await docxText(d.docx);
    expect(text).toContain(`Agreement with Acme GmbH, dated ${longDate(inDays(20))}.`);
    expect(text.split('\n')[0]).toBe('DRAFT – for legal review · letter v1.0');
    const xml = new PizZip(d.docx).file('word/document.xml')?.asText() ?? '';
    expect(xml).toMatch(/<w:i\/>.*Agreement with Acme GmbH/s);
  });

  it('reports a placeholder with no field, a field with no placeholder, and a corrupt .docx, writing nothing', async () => {
    const dir = tempDir();
    await runSplitTemplate(dir);
    fs.writeFileSync(path.join(dir, 'letter.yaml'), 'id: letter\nversion: "1"\nfields:\n  - name: date\n    type: date\n  - name: extra\n');
    fs.writeFileSync(path.join(dir, 'corrupt.docx'), 'this is not a zip');
    fs.writeFileSync(path.join(dir, 'corrupt.yaml'), 'id: corrupt\nfields: []\n');
    const svc = contractService(dir);
    const t = svc.get('letter');
    expect(t.errors.join()).toMatch(/\{counterparty\} has no field/);
    expect(t.warnings.join()).toMatch(/extra is not used/);
    await expect(svc.draft({ templateId: 'letter', values: { date: '2025-01-01' } })).rejects.toThrow(/cannot be used until it is fixed/);
    await expect(svc.draft({ templateId: 'corrupt', values: {} })).rejects.toThrow(/not a valid Word \(\.docx\) file/);
  });
});

const corpusPresent = fs.existsSync(CORPUS);
if (!corpusPresent) console.warn(`skipped: the real Word templates are absent (${CORPUS})`);

const REAL = [
  'common-paper-mutual-nda',
  'common-paper-one-way-nda',
  'common-paper-data-processing-agreement',
  'common-paper-independent-contractor-agreement',
  'bonterms-mutual-nda',
  'common-paper-cloud-service-agreement',
];

describe.skipIf(!corpusPresent)('real Word templates from the shared corpus (openagreements-templates)', () => {
  const svc = contractService(CORPUS);

  function valuesFor(id: string): Record<string, string> {
    const t = svc.get(id);
    const values: Record<string, string> = {};
    for (const f of t.fields) {
      values[f.name] =
        f.type === 'boolean' ? 'true' : f.type === 'date' ? inDays(10) : f.type === 'enum' ? (f.options?.[0] ?? '') : `Val ${f.name}`;
    }
    return values;
  }

  it('lists corpus folders by folder name', () => {
    const ids = svc.list().map((t) => t.id);
    for (const id of REAL) expect(ids).toContain(id);
  });

  for (const id of REAL) {
    it(`drafts ${id} from its metadata.yaml fields: no placeholder left, a valid .docx`, async () => {
      const values = valuesFor(id);
      const d = await svc.draft({ templateId: id, values });
      const text = await docxText(d.docx);
      expect(text.split('\n')[0]).toMatch(new RegExp(`^DRAFT – for legal review · ${id} v`));
      for (const name of Object.keys(values)) expect(text).not.toContain(`{${name}}`);
      expect(text).not.toMatch(/\{(IF [a-z_]+|END-IF)\}/);
      const used = svc.get(id).fields.filter((f) => f.type !== 'boolean' && f.type !== 'date' && f.type !== 'enum');
      expect(used.some((f) => text.includes(`Val ${f.name}`))).toBe(true);
    });
  }

  it('fills the run-split {IF …}{END-IF} sections of the cloud service agreement by their field', async () => {
    const values = valuesFor('common-paper-cloud-service-agreement');
    const on = await docxText((await svc.draft({ templateId: 'common-paper-cloud-service-agreement', values })).docx);
    const off = await docxText(
      (await svc.draft({ templateId: 'common-paper-cloud-service-agreement', values: { ...values, has_pilot: 'false' } })).docx,
    );
    expect(on).toContain('Val pilot_period');
    expect(off).not.toContain('Val pilot_period');
  });

  it('applies selections.json: the radio option whose trigger holds is kept and marked, the other dropped', async () => {
    const values = valuesFor('common-paper-mutual-nda');
    const fixed = await docxText(
      (await svc.draft({ templateId: 'common-paper-mutual-nda', values: { ...values, mnda_term: '2 years' } })).docx,
    );
    expect(fixed).toContain('Expires 2 years from Effective Date.');
    expect(fixed).not.toContain('Continues until terminated');
    const open = await docxText(
      (await svc.draft({ templateId: 'common-paper-mutual-nda', values: { ...values, mnda_term: 'until terminated' } })).docx,
    );
    expect(open).toMatch(/\[ x \]\s*Continues until terminated/);
    expect(open).not.toContain('Expires until terminated');
  });
});
