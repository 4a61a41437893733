// Time to draft each shipped template and five real Word templates (median of 20), and the .docx size.
// Baseline, measured in the same run: the bare library fill with no validation, clauses, notice or
// deterministic zip (docxtemplater on the Word file; the `docx` package on the pre-filled text for ours).
import fs from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { ContractService } from '../src/legal/contracts.js';
import type { Template } from '../src/legal/types.js';
import { createLogger } from '../src/logger.js';
import { median, printTable, sharedCorpus } from './lib/bench-utils.js';
import { SAMPLE_VALUES } from './lib/contract-values.js';

const RUNS = 20;
const logger = createLogger('silent');
const config = { KIKI_CONTRACT_DEPARTMENTS: ['Legal'], KIKI_ADMINS: [] };

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

type Row = (string | number)[];

async function benchTemplate(
  svc: ContractService,
  t: Template,
  values: Record<string, string>,
  baseline: () => Promise<unknown> | unknown,
): Promise<Row> {
  const draft = await svc.draft({ templateId: t.id, values });
  const ours = await time(() => svc.draft({ templateId: t.id, values }));
  const base = await time(baseline);
  return [t.id, t.format, ours, base, ours / base, Math.round(draft.docx.length / 102.4) / 10];
}

const header = ['template', 'format', 'draft ms (median of 20)', 'baseline ms', 'ratio', '.docx KB'];
const root = path.resolve(import.meta.dirname, '..');
const shipped = new ContractService({ templatesDir: path.join(root, 'knowledge/legal/templates'), logger, config });
const rows: Row[] = [];
for (const t of shipped.list()) {
  const values = SAMPLE_VALUES[t.id] ?? {};
  const preview = (await shipped.draft({ templateId: t.id, values })).markdown;
  rows.push(
    await benchTemplate(shipped, t, values, () =>
      Packer.toBuffer(new Document({ sections: [{ children: preview.split('\n').map((l) => new Paragraph(l)) }] })),
    ),
  );
}
printTable('Shipped Markdown templates', header, rows);

const corpus = sharedCorpus('contracts/openagreements-templates/templates');
if (corpus) {
  const real = new ContractService({ templatesDir: corpus, logger, config });
  const ids = [
    'common-paper-mutual-nda',
    'common-paper-one-way-nda',
    'common-paper-independent-contractor-agreement',
    'common-paper-data-processing-agreement',
    'bonterms-mutual-nda',
  ];
  const wordRows: Row[] = [];
  for (const id of ids) {
    const t = real.get(id);
    if (t.format !== 'docx') continue;
    const values: Record<string, string> = {};
    for (const f of t.fields)
      values[f.name] =
        f.type === 'boolean'
          ? 'true'
          : f.type === 'date'
            ? '2025-04-01'
            : f.type === 'enum'
              ? (f.options?.[0] ?? '')
              : `Value of ${f.name}`;
    const bytes = fs.readFileSync(t.docxPath);
    wordRows.push(
      await benchTemplate(real, t, values, () => {
        const doc = new Docxtemplater(new PizZip(bytes), { paragraphLoop: true, linebreaks: true, nullGetter: () => '' });
        doc.render(values);
        return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
      }),
    );
  }
  printTable('Real Word templates (shared corpus, openagreements)', header, wordRows);
}
