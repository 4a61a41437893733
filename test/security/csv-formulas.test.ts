import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT, runKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';
import { POSITIVE_EN, submitSentimentModal } from '../helpers/press.js';

// Issue 24, item 6: every CSV Kiki writes shows formulas as text (one shared writer, src/csv.ts).
const HYPERLINK = '=HYPERLINK("https://evil.example","Open the policy")';

describe('CSV cells that a spreadsheet would run as formulas', () => {
  it('kiki answers export --format csv writes them as text, and importing the export gives back the same answers', async () => {
    const env = {
      KIKI_DATA_DIR: tempDir(),
      KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
      KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml'),
    };
    const faq = path.join(tempDir(), 'faq.json');
    const rows = [
      { question: '+SUM(1,2) is what the expense sheet shows?', answer: HYPERLINK, team: 'Finance' },
      { question: '@SUM in the travel form: what does it do?', answer: '-2+3 is the rounding rule.', team: 'Finance' },
    ];
    fs.writeFileSync(faq, JSON.stringify(rows));
    expect((await runKiki(['answers', 'import', faq], env)).code).toBe(0);
    const exported = await runKiki(['answers', 'export', '--format', 'csv'], env);
    const cells = (parse(exported.stdout) as string[][]).slice(1).flatMap((r) => r.slice(0, 2));
    expect(cells.sort()).toEqual(
      [
        `'${HYPERLINK}`,
        "'+SUM(1,2) is what the expense sheet shows?",
        "'-2+3 is the rounding rule.",
        "'@SUM in the travel form: what does it do?",
      ].sort(),
    );

    const again = { ...env, KIKI_DATA_DIR: tempDir() };
    const csv = path.join(tempDir(), 'faq.csv');
    fs.writeFileSync(csv, exported.stdout);
    expect((await runKiki(['answers', 'import', csv], again)).code).toBe(0);
    const listed = JSON.parse((await runKiki(['answers', 'export'], again)).stdout) as { answer: string }[];
    expect(listed.map((a) => a.answer).sort()).toEqual([HYPERLINK, '-2+3 is the rounding rule.'].sort());
  }, 60_000);

  describe('the press report CSV uploaded to Slack', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv'), KIKI_BRAND_TERMS: 'Acme' } });
    });
    afterAll(async () => {
      await t.close();
    });

    it('shows an article titled with a formula as text', async () => {
      const article = `${HYPERLINK}\n\n${POSITIVE_EN.split('\n').slice(1).join('\n')}`;
      await submitSentimentModal(t, 'U0COMM01', { text: `${article}\n---\n${POSITIVE_EN}`, destination: 'channel' });
      await t.slack.waitFor('files.completeUploadExternal', () => true, 20_000);
      const file = t.slack.messages.flatMap((m) => m.files ?? []).find((f) => f.name.endsWith('.csv'));
      const table = parse(file?.data.toString('utf8') ?? '', { bom: true }) as string[][];
      const titles = table.slice(1).map((r) => r[1]);
      expect(titles).toContain(`'${HYPERLINK}`);
      expect(table.flat().filter((c) => /^[=+@]/.test(c))).toEqual([]);
    });
  });
});
