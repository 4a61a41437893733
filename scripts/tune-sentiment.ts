// Compares article-level settings of the offline scorer (headline weight, framing weight, evidence prior) on
// the development sets only: DEFT 2017 train + val and the held-out 10% of twitter-financial-news train.
// Validation (English) and test (French) are never read here. Run: npx tsx scripts/tune-sentiment.ts
import { ARTICLE_TUNING } from '../src/comms/analyze.js';
import { CUE_TUNING } from '../src/comms/scoring/clauses.js';
import { EN_TUNING } from '../src/comms/scoring/offline.js';
import { printTable, sharedCorpus } from './lib/bench-utils.js';
import { scoreLabels } from './lib/metrics.js';
import { readPressSet, scorePressRow } from './lib/press-sets.js';
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

// Clause settings (issue 21): the weight of English press expressions, the damping of conditionals and of a
// sentence that opens on a turn, on the same sets plus our own press dev articles (accuracy, 4 classes).
const press = readPressSet('dev');
const pressAccuracy = () => press.filter((r) => scorePressRow(r).label === r.label).length / press.length;
const clauseDefaults = { en: { ...EN_TUNING }, cue: { ...CUE_TUNING }, turn: ARTICLE_TUNING.turnWeight };
const clauseRows: (string | number)[][] = [];
Object.assign(ARTICLE_TUNING, defaults);
for (const phraseWeight of [0, 0.15, 0.25, 0.4])
  for (const hedge of [0.6, 1])
    for (const turnWeight of [1, 1.5]) {
      Object.assign(EN_TUNING, { ...clauseDefaults.en, phraseWeight });
      Object.assign(CUE_TUNING, { ...clauseDefaults.cue, hedge });
      ARTICLE_TUNING.turnWeight = turnWeight;
      const e = f1(en, 'en');
      const f = f1(fr, 'fr');
      clauseRows.push([phraseWeight, hedge, turnWeight, e.toFixed(3), f.toFixed(3), pressAccuracy().toFixed(3)]);
    }
printTable(
  'Clause settings on development data (macro-F1 on tweets, accuracy on our press dev articles)',
  ['EN phrase weight', 'conditional factor', 'turn weight', 'EN held-out', 'FR DEFT train+val', 'press dev (24)'],
  clauseRows,
);
