// Quality of the offline press scorer, development and test apart for every set, with baselines measured in the
// same run (`npm run eval -- sentiment`; `--test` also reads the test splits, once the choices are fixed):
//   - our own press articles (scripts/eval/sentiment-press-{dev,test}.jsonl), French and English, 4 classes, and
//     the tone toward the brand beside a competitor;
//   - twitter-financial-news-en: dev = the held-out 10% of train (fitting and every choice), test = validation;
//   - DEFT 2017 French tweets: dev = train and val (selection only, as its licence allows), test = test.
// Baselines: `sentiment` (AFINN) and `vader-sentiment` for English, a lexicon built at run time from
// ../shared/corpora/sentiment/french-lexicons for French (not shipped). Each tweet is scored as a headline-only
// article; "mixed" counts as neutral on the 3-class sets. Then the reliability of the confidence and the
// learning curve of the team adjustment (corrections simulated from the labels).
import { createRequire } from 'node:module';
import { sharedCorpus } from './lib/bench-utils.js';
import { loadFrenchLexiconBaseline } from './lib/french-lexicon-baseline.js';
import { brandText, type PressRow, readPressSet, scorePressRow } from './lib/press-sets.js';
import { type Row, readDeft, scoreAsArticle, threeClass } from './lib/sentiment-dev.js';
import { curveTable, goldOf, type Labeller, reliabilityTable, scoreTable } from './lib/sentiment-tables.js';
import type { CurveRow } from './lib/team-curve.js';
import { readTwitterFinancial, splitTrain } from './lib/twitter-financial.js';

const require = createRequire(import.meta.url);
const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } };
const afinn = new Sentiment();
const THREE = ['negative', 'neutral', 'positive'];
const FOUR = ['negative', 'neutral', 'positive', 'mixed'];
const withTest = process.argv.includes('--test');

const afinnBaseline: Labeller = (text) => {
  const s = afinn.analyze(text).score;
  return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
};
// VADER's own recommended thresholds on the compound score.
const vaderBaseline: Labeller = (text) => {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
};
const english: [string, Labeller][] = [
  ['sentiment (AFINN) baseline', afinnBaseline],
  ['vader-sentiment baseline', vaderBaseline],
];
const lexDir = sharedCorpus('sentiment/french-lexicons');
const frLexicon = lexDir ? loadFrenchLexiconBaseline(lexDir) : undefined;
const french: [string, Labeller][] = frLexicon
  ? [[`French lexicon baseline (FEEL + Polarimots + Augustin, ${frLexicon.entries} keys)`, frLexicon.label]]
  : [];
const baselinesFor = (language: 'en' | 'fr') => (language === 'en' ? english : french);

function tweets(title: string, rows: Row[], language: 'en' | 'fr'): void {
  const gold = goldOf(rows);
  const scored = rows.map((r) => scoreAsArticle(r.text, language));
  const base = baselinesFor(language).map(([name, label]): [string, string[]] => [name, rows.map((r) => label(r.text))]);
  scoreTable(
    title,
    gold,
    scored.map((a) => threeClass(a.label)),
    base,
    THREE,
  );
  reliabilityTable(title, scored, gold, language);
}

function press(split: 'dev' | 'test'): void {
  const all = readPressSet(split);
  for (const language of ['fr', 'en'] as const) {
    const rows = all.filter((r) => r.language === language);
    const scored = rows.map(scorePressRow);
    const name = `${language === 'fr' ? 'French' : 'English'} press articles (ours), ${split === 'dev' ? 'dev' : 'TEST (run once, choices fixed)'}`;
    const base = (text: (r: PressRow) => string) =>
      baselinesFor(language).map(([n, label]): [string, string[]] => [n, rows.map((r) => label(text(r)))]);
    scoreTable(
      `${name}: article label, 4 classes`,
      rows.map((r) => r.label),
      scored.map((a) => a.label),
      base((r) => `${r.title}. ${r.text}`),
      FOUR,
    );
    scoreTable(
      `${name}: tone toward the brand (${rows[0]?.brand ?? ''}; competitor ${rows[0]?.competitors.join(', ') ?? ''} configured)`,
      rows.map((r) => r.brand_label),
      scored.map((a) => a.brand?.label ?? 'neutral'),
      base(brandText),
      FOUR,
    );
    reliabilityTable(
      name,
      scored,
      rows.map((r) => r.label),
      language,
      (l) => l,
    );
  }
}

const cache = new Map<string, ReturnType<typeof scoreAsArticle>>();
const cachedScore = (r: CurveRow) => {
  const key = `${r.language}\u0000${r.text}`;
  const hit = cache.get(key) ?? scoreAsArticle(r.text, r.language);
  cache.set(key, hit);
  return hit;
};
const curveRows = (rows: Row[], language: 'en' | 'fr'): CurveRow[] => rows.map((r) => ({ ...r, language }));

console.log('\n## Our press articles');
press('dev');
if (withTest) press('test');

const tfn = sharedCorpus('sentiment/twitter-financial-news-en');
const deft = sharedCorpus('sentiment/french-tweets-deft2017');
const tfnDev = tfn ? splitTrain(readTwitterFinancial(tfn, 'train')).held : [];
const tfnTest = tfn && withTest ? readTwitterFinancial(tfn, 'valid') : [];
const deftDev = deft ? [...readDeft(deft, 'train'), ...readDeft(deft, 'val')] : [];
const deftTest = deft && withTest ? readDeft(deft, 'test') : [];
if (tfn) {
  console.log('\n## twitter-financial-news-en');
  tweets('English dev: twitter-financial-news-en, held-out 10% of train', tfnDev, 'en');
  if (withTest) tweets('English TEST: twitter-financial-news-en, validation split (run once, choices fixed)', tfnTest, 'en');
}
if (deft) {
  console.log('\n## DEFT 2017 French tweets');
  tweets('French dev: DEFT 2017 tweets, train + val splits', deftDev, 'fr');
  if (withTest) tweets('French TEST: DEFT 2017 tweets, test split (run once, choices fixed)', deftTest, 'fr');
}
console.log('\n## Learning from the team');
if (tfn) curveTable('English dev: twitter-financial-news-en held-out 10% of train', curveRows(tfnDev, 'en'), cachedScore);
if (deft) curveTable('French dev: DEFT 2017 train + val', curveRows(deftDev, 'fr'), cachedScore);
if (withTest && tfn) curveTable('English TEST: twitter-financial-news-en validation', curveRows(tfnTest, 'en'), cachedScore);
if (withTest && deft) curveTable('French TEST: DEFT 2017 test', curveRows(deftTest, 'fr'), cachedScore);
if (!withTest) console.log('\nTest splits not read (pass --test once, when every choice is fixed).');
