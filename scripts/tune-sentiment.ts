// Compares article-level settings of the offline scorer (headline weight, framing weight, evidence prior) on
// the development sets only: DEFT 2017 train + val and the held-out 10% of twitter-financial-news train.
// Validation (English) and test (French) are never read here. Run: npx tsx scripts/tune-sentiment.ts
import { ARTICLE_TUNING } from '../src/comms/analyze.js';
import { printTable, sharedCorpus } from './lib/bench-utils.js';
import { scoreLabels } from './lib/metrics.js';
import { type Row, readDeft, scoreAsArticle, threeClass } from './lib/sentiment-dev.js';
import { readTwitterFinancial, splitTrain } from './lib/twitter-financial.js';

const tfn = sharedCorpus('sentiment/twitter-financial-news-en');
const deft = sharedCorpus('sentiment/french-tweets-deft2017');
if (!tfn || !deft) process.exit(0);
const en = splitTrain(readTwitterFinancial(tfn, 'train')).held;
const fr: Row[] = [...readDeft(deft, 'train'), ...readDeft(deft, 'val')];
const f1 = (rows: Row[], lang: 'en' | 'fr') =>
  scoreLabels(
    rows.map((r) => r.label),
    rows.map((r) => threeClass(scoreAsArticle(r.text, lang, false).label)),
    ['negative', 'neutral', 'positive'],
  ).macroF1;
const defaults = { ...ARTICLE_TUNING };
const rows: (string | number)[][] = [];
for (const titleWeight of [1.5, 2])
  for (const framingWeight of [0, 0.2, 0.35])
    for (const evidencePrior of [1, 1.5, 2]) {
      Object.assign(ARTICLE_TUNING, { ...defaults, titleWeight, framingWeight, evidencePrior });
      const e = f1(en, 'en');
      const f = f1(fr, 'fr');
      rows.push([titleWeight, framingWeight, evidencePrior, e.toFixed(3), f.toFixed(3), ((e + f) / 2).toFixed(3)]);
    }
printTable(
  'Article settings on development data (macro-F1)',
  ['title weight', 'framing weight', 'evidence prior', 'EN held-out', 'FR DEFT train+val', 'mean'],
  rows,
);
