// Writes the sample PDF and Word documents of knowledge/ from the text below (run: npx tsx scripts/generate-knowledge-binaries.ts).
// The generated files are committed; rerun after editing the text.
import fs from 'node:fs';
import path from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import PDFDocument from 'pdfkit';

const root = path.resolve(import.meta.dirname, '../knowledge');

const PER_DIEM: [string, number, number][] = [
  ['Austria', 40, 20],
  ['Belgium', 45, 23],
  ['Czech Republic', 32, 16],
  ['Denmark', 58, 29],
  ['Finland', 50, 25],
  ['France', 45, 23],
  ['Germany', 28, 14],
  ['Ireland', 50, 25],
  ['Italy', 42, 21],
  ['Netherlands', 45, 23],
  ['Norway', 62, 31],
  ['Poland', 30, 15],
  ['Portugal', 32, 16],
  ['Spain', 38, 19],
  ['Sweden', 52, 26],
  ['Switzerland', 64, 32],
  ['United Kingdom', 52, 26],
  ['United States', 59, 30],
  ['Singapore', 55, 28],
  ['Brazil', 36, 18],
];

async function perDiemPdf(file: string): Promise<void> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: 'Per diem rates 2025', Author: 'Acme Pay Finance', CreationDate: new Date('2025-01-01') },
  });
  const out = fs.createWriteStream(file);
  doc.pipe(out);
  doc.fontSize(20).text('Per diem rates 2025');
  doc.moveDown().fontSize(11);
  doc.text(
    'Acme Pay pays a daily meal allowance (per diem) for business trips with an overnight stay. The full-day rate applies to every full day away; arrival and departure days get the partial rate. The allowance replaces meal receipts: do not claim meals separately.',
  );
  doc.moveDown();
  doc.text(
    'Deductions: when breakfast is included in the hotel price, deduct 20% of the full-day rate. Deduct 40% for each lunch or dinner that is provided, for example at a conference or by a customer.',
  );
  doc.moveDown();
  doc.fontSize(13).text('Rates by country (EUR)');
  doc.moveDown(0.5).fontSize(11);
  for (const [country, full, partial] of PER_DIEM) doc.text(`${country}: full day ${full} EUR, arrival or departure day ${partial} EUR`);
  doc.addPage();
  doc.fontSize(13).text('How to claim a per diem');
  doc.moveDown(0.5).fontSize(11);
  doc.text('1. In Pleo, add an expense of the type "Per diem" and enter the country and the dates of departure and return.');
  doc.text('2. Tick the meals that were provided; Pleo applies the deductions.');
  doc.text('3. Submit it with your other travel expenses within 30 days of your return. It is paid with the next payroll.');
  doc.moveDown();
  doc.text('Countries not listed: use the German federal rates for that country (Auslandsreisekosten) or ask Finance in #ask-finance.');
  doc.text('Owner: Finance. Questions: finance@acmepay.example.');
  doc.end();
  await new Promise<void>((resolve, reject) => {
    out.on('finish', () => resolve());
    out.on('error', reject);
  });
}

async function signatureDocx(file: string): Promise<void> {
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const h = (text: string, heading: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading });
  const row = (cells: string[]) =>
    new TableRow({ children: cells.map((c) => new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [p(c)] })) });
  const doc = new Document({
    creator: 'Acme Pay Legal',
    title: 'Signature authority matrix',
    sections: [
      {
        children: [
          h('Signature authority matrix', HeadingLevel.HEADING_1),
          p(
            'This matrix, approved by the management board on 10 January 2025, sets who may sign contracts and other binding commitments on behalf of Acme Pay GmbH. The value is the total value over the whole contract term, including automatic renewals.',
          ),
          h('Contracts with customers, suppliers and partners', HeadingLevel.HEADING_2),
          new Table({
            rows: [
              row(['Total contract value', 'Authorised signatories']),
              row(['up to 25,000 EUR', 'Department head']),
              row(['25,000 to 100,000 EUR', 'VP of the department and the CFO']),
              row(['above 100,000 EUR', 'CEO or CFO after Legal approval, plus a managing director (two signatures)']),
              row(['above 1,000,000 EUR', 'Two managing directors, after approval by the management board']),
            ],
          }),
          h('Contracts above 100,000 EUR', HeadingLevel.HEADING_2),
          p(
            'A contract worth more than 100,000 EUR may only be signed by the CEO or the CFO, after Legal has approved the final version in the Legal intake ticket, together with a second signature from a managing director (Geschäftsführer). Sales leaders and VPs may not sign such contracts, even for renewals.',
          ),
          h('Other commitments', HeadingLevel.HEADING_2),
          p('Employment contracts: the Head of People and the hiring department head. Offers above the salary band also need the CFO.'),
          p('Bank, card scheme and regulator agreements: the CEO only, after Legal approval, whatever the value.'),
          p('Powers of attorney and court filings: the General Counsel.'),
          h('Delegation', HeadingLevel.HEADING_2),
          p(
            'Signature authority may be delegated only in writing, for a limited time, to a named person, and must be recorded by Legal in Ironclad.',
          ),
        ],
      },
    ],
  });
  fs.writeFileSync(file, await Packer.toBuffer(doc));
}

await perDiemPdf(path.join(root, 'finance/per-diem-rates-2025.pdf'));
await signatureDocx(path.join(root, 'legal/signature-authority-matrix.docx'));
console.log('wrote knowledge/finance/per-diem-rates-2025.pdf and knowledge/legal/signature-authority-matrix.docx');
