import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { NormalizerFr, StemmerFr } from '@nlpjs/lang-fr';
import { z } from 'zod';
import { loadDataFile } from '../../data-file.js';

const weights = z.record(z.string().min(1), z.number().min(-3).max(3));

/**
 * lexicon-fr.json: French press vocabulary (`press`, valence -3…3) written for company coverage: results,
 * layoffs, strategy, customer complaints, praise; and `intensifiers`, the factor each applies to the next word.
 * Words are stemmed with the nlp.js French stemmer on load, so one entry covers its inflections ("licenciement",
 * "licenciements", "licencié"). General words fall back to the nlp.js French sentiment lexicon (MIT, values
 * -1…1, scaled).
 */
const lexiconSchema = z.strictObject({ press: weights, intensifiers: weights });

const normalizer = new NormalizerFr();
const stemmer = new StemmerFr();

export function frStem(word: string): string {
  return stemmer.stemWord(normalizer.normalize(word));
}

let lexicon: { table: Map<string, number>; intensifiers: Map<string, number> } | undefined;

function load() {
  if (!lexicon) {
    const file = loadDataFile(new URL('./lexicon-fr.json', import.meta.url), lexiconSchema);
    const nlpjs = pathToFileURL(createRequire(import.meta.url).resolve('@nlpjs/lang-fr/src/sentiment/pattern_fr.json'));
    const table = new Map<string, number>();
    for (const [stem, v] of Object.entries(loadDataFile(nlpjs, weights))) if (Math.abs(v) >= 0.2) table.set(stem, v * 2);
    for (const [w, v] of Object.entries(file.press)) if (!w.includes('_')) table.set(frStem(w), v);
    // A Map: "constructor" must not find Object.prototype's function.
    lexicon = { table, intensifiers: new Map(Object.entries(file.intensifiers)) };
  }
  return lexicon;
}

/** Valence of a French word on the -3…3 scale, or undefined. */
export function frValence(word: string): number | undefined {
  return load().table.get(frStem(word));
}

/** The factor a French intensifier ("très", "légèrement") applies to the next word, or undefined. */
export function frIntensity(word: string): number | undefined {
  return load().intensifiers.get(word);
}
