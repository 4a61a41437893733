// Calibrates the offline scorer's confidence and chooses each language's review level, on development data
// only, and writes src/comms/scoring/calibration.json. Run after scripts/train-sentiment.ts:
//   npx tsx scripts/calibrate-sentiment.ts
// English: the held-out 10% of the twitter-financial-news train split (not used to fit the model): a monotone
// table raw confidence → accuracy (pool-adjacent-violators over bins of 50), and the review level.
// French: only the review level (one number, model selection) is chosen on the DEFT 2017 train split; no table
// is fitted on it, since nothing trained on that corpus may ship. Validation and test splits are never read here.
import fs from 'node:fs';
import path from 'node:path';
import { NO_OPINION_NOTE } from '../src/comms/analyze.js';
import { type CalibrationFile, interpolate } from '../src/comms/scoring/calibration.js';
import { sharedCorpus } from './lib/bench-utils.js';
import { isOpposite, readDeft, scoreAsArticle, threeClass } from './lib/sentiment-dev.js';
import { readTwitterFinancial, splitTrain } from './lib/twitter-financial.js';

const tfn = sharedCorpus('sentiment/twitter-financial-news-en');
const deft = sharedCorpus('sentiment/french-tweets-deft2017');
if (!tfn || !deft) process.exit(0);

/** Monotone (non-decreasing) fit of accuracy on raw confidence, as [raw, calibrated] points. */
function isotonic(items: { raw: number; correct: boolean }[], binSize = 50): [number, number][] {
  const sorted = [...items].sort((a, b) => a.raw - b.raw);
  let blocks: { sumX: number; sumY: number; n: number }[] = [];
  for (let i = 0; i < sorted.length; i += binSize) {
    const bin = sorted.slice(i, i + binSize);
    blocks.push({ sumX: bin.reduce((s, x) => s + x.raw, 0), sumY: bin.filter((x) => x.correct).length, n: bin.length });
  }
  let merged = true;
  while (merged) {
    merged = false;
    const out: typeof blocks = [];
    for (const b of blocks) {
      const last = out[out.length - 1];
      if (last && last.sumY / last.n > b.sumY / b.n) {
        last.sumX += b.sumX;
        last.sumY += b.sumY;
        last.n += b.n;
        merged = true;
      } else out.push({ ...b });
    }
    blocks = out;
  }
  const r = (v: number) => Math.round(v * 1000) / 1000;
  return blocks.map((b) => [r(b.sumX / b.n), r(b.sumY / b.n)]);
}

/**
 * The lowest confidence level with no opposite-polarity error at or above it and an accuracy of at least
 * MIN_ACCURACY there; 1 (every article goes to a person) when no level qualifies.
 */
const MIN_ACCURACY = 0.75;
function chooseReviewLevel(items: { confidence: number; opposite: boolean; correct: boolean }[]): number {
  const worst = Math.max(0, ...items.filter((x) => x.opposite).map((x) => x.confidence));
  const levels = [...new Set(items.filter((x) => x.confidence > worst).map((x) => x.confidence))].sort((a, b) => a - b);
  for (const level of levels) {
    const above = items.filter((x) => x.confidence >= level);
    if (above.filter((x) => x.correct).length / above.length >= MIN_ACCURACY) return level;
  }
  return 1;
}

// Texts with no opinion found keep their fixed low confidence (analyze.ts): they are left out of the fit.
const opinionated = (a: { note?: string }) => a.note !== NO_OPINION_NOTE;
const held = splitTrain(readTwitterFinancial(tfn, 'train')).held;
const en = held
  .map((r) => ({ r, a: scoreAsArticle(r.text, 'en', false) }))
  .filter(({ a }) => opinionated(a))
  .map(({ r, a }) => ({ raw: a.confidence, label: threeClass(a.label), gold: r.label }));
const enTable = isotonic(en.map((x) => ({ raw: x.raw, correct: x.label === x.gold })));
const out = path.resolve(import.meta.dirname, '../src/comms/scoring/calibration.json');
const calibrate = (_: string, raw: number) => interpolate(enTable, raw);
const enLevel = chooseReviewLevel(
  en.map((x) => ({ confidence: calibrate('en', x.raw), opposite: isOpposite(x.label, x.gold), correct: x.label === x.gold })),
);
const fr = readDeft(deft, 'train')
  .map((r) => ({ r, a: scoreAsArticle(r.text, 'fr', false) }))
  .filter(({ a }) => opinionated(a))
  .map(({ r, a }) => ({
    confidence: a.confidence,
    opposite: isOpposite(threeClass(a.label), r.label),
    correct: threeClass(a.label) === r.label,
  }));
const frLevel = chooseReviewLevel(fr);
const file: CalibrationFile = {
  version: 1,
  chosenOn: {
    en: `table and review level: held-out 10% of twitter-financial-news-en train (${en.length} of ${held.length} rows with an opinion found)`,
    fr: `review level only: DEFT 2017 train split (${fr.length} tweets with an opinion found), model selection; no table shipped`,
  },
  tables: { en: enTable },
  reviewLevel: { en: enLevel, fr: frLevel },
};
fs.writeFileSync(out, `${JSON.stringify(file, null, 1)}\n`);
const share = (items: { confidence: number }[], level: number) => items.filter((x) => x.confidence >= level).length / items.length;
console.log(`English table: ${JSON.stringify(enTable)}`);
console.log(
  `review level en ${enLevel} (${(
    100 *
      share(
        en.map((x) => ({ confidence: calibrate('en', x.raw) })),
        enLevel,
      )
  ).toFixed(1)}% of held-out above it)`,
);
console.log(`review level fr ${frLevel} (${(100 * share(fr, frLevel)).toFixed(1)}% of DEFT train above it)`);
console.log(`wrote ${out}`);
