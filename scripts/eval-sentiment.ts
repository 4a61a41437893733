// Quality of the offline press scorer, with baselines measured in the same run (`npm run eval -- sentiment`).
//   English: twitter-financial-news-en validation split (never used for fitting or choosing; choices were made
//   on a held-out 10% of train). Baselines: `sentiment` (AFINN) and `vader-sentiment`.
//   French: DEFT 2017 tweets. Development = train and val splits (all choices are made there); the test split
//   is read only with --test, once the choices are fixed. Baseline: a lexicon built at run time from
//   ../shared/corpora/sentiment/french-lexicons (FEEL + Polarimots + Augustin + negators; not shipped).
// Each text is scored as a headline-only article. "mixed" counts as neutral on these 3-class sets.
// Also printed: reliability tables of the calibrated confidence and the number of articles above the review
// level whose polarity is the opposite of the gold label (target: none on development data).
import { createRequire } from 'node:module';
import { reviewLevel } from '../src/comms/scoring/calibration.js';
import { printTable, sharedCorpus } from './lib/bench-utils.js';
import { loadFrenchLexiconBaseline } from './lib/french-lexicon-baseline.js';
import { scoreLabels } from './lib/metrics.js';
import { type Gold, isOpposite, type Row, readDeft, reliability, scoreAsArticle, threeClass } from './lib/sentiment-dev.js';
import { readTwitterFinancial, splitTrain } from './lib/twitter-financial.js';

const require = createRequire(import.meta.url);
const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } };
const afinn = new Sentiment();
const LABELS: Gold[] = ['negative', 'neutral', 'positive'];
const withTest = process.argv.includes('--test');

type Labeller = (text: string) => string;
const afinnBaseline: Labeller = (text) => {
  const s = afinn.analyze(text).score;
  return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
};
// VADER's own recommended thresholds on the compound score.
const vaderBaseline: Labeller = (text) => {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
};

function evaluate(title: string, rows: Row[], language: 'en' | 'fr', baselines: [string, Labeller][]): void {
  const gold = rows.map((r) => r.label);
  const scored = rows.map((r) => scoreAsArticle(r.text, language));
  const kiki = scored.map((a) => threeClass(a.label));
  const results = [
    ...baselines.map(([name, label]) => ({
      name,
      ...scoreLabels(
        gold,
        rows.map((r) => label(r.text)),
        LABELS,
      ),
    })),
    { name: 'Kiki offline scorer', ...scoreLabels(gold, kiki, LABELS) },
  ];
  const bestBaseline = Math.max(...results.slice(0, -1).map((r) => r.macroF1));
  printTable(
    `${title} (${rows.length} texts)`,
    ['system', 'accuracy', 'macro-F1', 'F1 neg', 'F1 neu', 'F1 pos', 'macro-F1 vs best baseline'],
    results.map((r) => [
      r.name,
      r.accuracy.toFixed(3),
      r.macroF1.toFixed(3),
      (r.f1.negative ?? 0).toFixed(3),
      (r.f1.neutral ?? 0).toFixed(3),
      (r.f1.positive ?? 0).toFixed(3),
      `${r.macroF1 - bestBaseline >= 0 ? '+' : ''}${(r.macroF1 - bestBaseline).toFixed(3)}`,
    ]),
  );
  const level = reviewLevel(language);
  const confident = scored.map((a, i) => ({ a, gold: gold[i] as Gold })).filter((x) => !x.a.needsReview);
  const opposite = confident.filter((x) => isOpposite(threeClass(x.a.label), x.gold));
  const confidentCorrect = confident.filter((x) => threeClass(x.a.label) === x.gold).length;
  printTable(
    `${title}: reliability of Kiki's confidence (review level ${level})`,
    ['confidence', 'texts', 'mean confidence', 'accuracy'],
    reliability(scored.map((a, i) => ({ confidence: a.confidence, correct: threeClass(a.label) === gold[i] }))).map((r) => [
      r.bin,
      r.n,
      r.meanConfidence.toFixed(3),
      r.accuracy.toFixed(3),
    ]),
  );
  console.log(
    `\nAbove the review level: ${confident.length} of ${rows.length} (${((100 * confident.length) / rows.length).toFixed(1)}%), accuracy ${(confidentCorrect / Math.max(1, confident.length)).toFixed(3)}, opposite polarity ${opposite.length}${
      opposite.length
        ? `: ${opposite
            .slice(0, 3)
            .map((x) => JSON.stringify(x.a.title.slice(0, 90)))
            .join('; ')}`
        : ''
    }. Below it ("needs a human check"): ${rows.length - confident.length}.`,
  );
}

const tfn = sharedCorpus('sentiment/twitter-financial-news-en');
if (tfn) {
  const english: [string, Labeller][] = [
    ['sentiment (AFINN) baseline', afinnBaseline],
    ['vader-sentiment baseline', vaderBaseline],
  ];
  evaluate(
    'English dev: twitter-financial-news-en, held-out 10% of train',
    splitTrain(readTwitterFinancial(tfn, 'train')).held,
    'en',
    english,
  );
  evaluate('English: twitter-financial-news-en, validation split', readTwitterFinancial(tfn, 'valid'), 'en', english);
}
const deft = sharedCorpus('sentiment/french-tweets-deft2017');
const lexDir = sharedCorpus('sentiment/french-lexicons');
if (deft && lexDir) {
  const lexicon = loadFrenchLexiconBaseline(lexDir);
  const french: [string, Labeller][] = [[`French lexicon baseline (FEEL + Polarimots + Augustin, ${lexicon.entries} keys)`, lexicon.label]];
  evaluate('French dev: DEFT 2017 tweets, train split', readDeft(deft, 'train'), 'fr', french);
  evaluate('French dev: DEFT 2017 tweets, val split', readDeft(deft, 'val'), 'fr', french);
  if (withTest) evaluate('French TEST: DEFT 2017 tweets, test split (run once, choices fixed)', readDeft(deft, 'test'), 'fr', french);
  else console.log('\nFrench test split not read (pass --test once the choices are fixed).');
}
