import { detectLanguage } from '../language.js';
import { isBoilerplate } from './boilerplate.js';
import { brandTreatment, clip } from './brand.js';
import { isChromeLine, stripChrome } from './chrome.js';
import { framingStance } from './framing.js';
import { calibrate, reviewLevel } from './scoring/calibration.js';
import { opensOnTurn } from './scoring/clauses.js';
import { OFFLINE_LANGUAGES, OPINION_THRESHOLD, scoreSentenceOffline } from './scoring/offline.js';
import { splitSentences } from './scoring/text.js';
import { speakersOf, type Voice, voiceOf } from './speech.js';
import { extractThemes } from './themes.js';
import type { ArticleResult, DecidingSentence, RawArticle, ScoredSentence, SentimentLabel } from './types.js';

const OPINION = OPINION_THRESHOLD;
// Article label thresholds on the aggregated score, and the share of the weaker side that makes it "mixed".
const LABEL_THRESHOLD = 0.2;
const MIXED_MIN_MASS = 0.8;
const MIXED_MIN_RATIO = 0.35;
// Coverage that turns (bad news, then good, or the reverse) is mixed even when one side is louder.
const HALF_LEAN = 0.15;
// The headline and the lede (first two sentences) set the story's stance; direct quotes are the speaker's,
// indirect speech is the outlet's choice of what to report. Framing cues add to a sentence's score.
// Evidence an article needs before it leans (evidencePrior, scaled by the square root of the article's
// weight in headlines): a headline alone needs a clear word, and one mildly positive sentence in a long
// factual piece leaves it neutral. Values compared on the development sets by scripts/tune-sentiment.ts (docs/benchmarks.md).
export const ARTICLE_TUNING = { titleWeight: 2, ledeWeight: 1.5, framingWeight: 0.35, evidencePrior: 1.5, turnWeight: 1.5 };
/** Raw confidence of an article in which no sentence carries an opinion: neutral by default, not by evidence. */
export const NO_OPINION_CONFIDENCE = 0.3;
export const NO_OPINION_NOTE = 'No opinion found in the article: neutral by default, low confidence; a person should read it.';
const LEDE_SENTENCES = 2;
/** Evidence prior of the tone toward one company: the sentences naming it, not the whole article. */
const BRAND_PRIOR = 1;
const VOICE_WEIGHT: Record<Voice, number> = { outlet: 1, reported: 0.8, quote: 0.4 };

export interface PreparedArticle {
  raw: RawArticle;
  language: string;
  /** Body sentences kept after the boilerplate filter. */
  sentences: string[];
}

export function prepareArticle(input: RawArticle): PreparedArticle {
  const text = stripChrome(input.text);
  const language = detectLanguage(`${input.title}\n${text}`);
  let sentences = splitSentences(text, language === 'und' ? 'en' : language).filter((s) => !isBoilerplate(s));
  let title = input.title;
  // A title that is chrome ("Close Menu") gives way to the first sentence of the article.
  if (isChromeLine(title) && sentences.length > 0) {
    const firstLine = text.trim().split('\n')[0]?.trim() ?? '';
    title = firstLine.length <= 200 ? firstLine : (sentences[0] as string);
    sentences = sentences.filter((s) => s !== title);
  }
  return { raw: title === input.title && text === input.text ? input : { ...input, title, text }, language, sentences };
}

/** Each body sentence's score (with framing), voice and weight; the headline comes first. */
export function scoreSentences(article: PreparedArticle, lang: string) {
  const score = (text: string) => {
    const base = scoreSentenceOffline(text, lang);
    return Math.max(-1, Math.min(1, base + ARTICLE_TUNING.framingWeight * framingStance(text, lang)));
  };
  const body = article.sentences.map((text, i) => {
    const voice = voiceOf(text, lang);
    const position = i < LEDE_SENTENCES ? ARTICLE_TUNING.ledeWeight : 1;
    const turn = opensOnTurn(text, lang) ? ARTICLE_TUNING.turnWeight : 1;
    return { text, score: score(text), voice, weight: position * turn * VOICE_WEIGHT[voice] };
  });
  const title = article.raw.title.trim();
  if (!title) return { body, title: null };
  const head = { text: title, score: score(title), voice: 'outlet' as Voice, weight: ARTICLE_TUNING.titleWeight };
  return { body, title: { ...head, weight: headlineWeight(head.score, body) } };
}

/**
 * The headline is weighed but never decides alone: when the body has sentences and none of its opinions leans
 * the headline's way, the headline counts as one sentence ("n'est plus un eldorado" misread must not flip it).
 */
export function headlineWeight(score: number, body: { score: number; weight: number }[]): number {
  if (body.length < 2 || Math.abs(score) < OPINION) return ARTICLE_TUNING.titleWeight;
  const agrees = body.some((b) => Math.abs(b.score) >= OPINION && Math.sign(b.score) === Math.sign(score));
  return agrees ? ARTICLE_TUNING.titleWeight : 1;
}

/** The offline analysis of one article: every sentence scored, then aggregated. */
export function analyzeOffline(
  article: PreparedArticle,
  brandTerms: string[],
  opts: { calibrated?: boolean; competitors?: string[] } = {},
): ArticleResult {
  const lang = scoringLanguage(article.language);
  const title = article.raw.title.trim();
  const { body, title: head } = scoreSentences(article, lang);
  const scored: ScoredSentence[] = body.map(({ text, score }) => ({ text, score }));
  const agg = aggregate(head ? [...body, head] : body);
  const { score, confidence } = agg;
  // A turn counts in the outlet's own voice: a company's reply quoted at the end does not make coverage mixed.
  const label = agg.label !== 'mixed' && turns(body.filter((b) => b.voice !== 'quote')) ? 'mixed' : agg.label;
  const speech = body.filter((b) => b.voice !== 'outlet');
  const spokespeople = [...new Set(speech.flatMap((b) => speakersOf(b.text, brandTerms)))];
  const supported = (OFFLINE_LANGUAGES as readonly string[]).includes(article.language);
  const calibrated = opts.calibrated === false ? confidence : calibrate(lang, confidence);
  // No opinion found: neutral by default, never a confident neutral (the calibration tables leave this state out).
  const shown = supported && agg.opinions > 0 ? calibrated : Math.min(calibrated, NO_OPINION_CONFIDENCE);
  return {
    ...metadata(article),
    label,
    score,
    confidence: shown,
    needsReview: !supported || shown < reviewLevel(lang),
    quotes: pickQuotes(scored),
    speech: { quoted: body.filter((b) => b.voice === 'quote').length, reported: body.filter((b) => b.voice === 'reported').length },
    spokespeople,
    themes: extractThemes([title, ...article.sentences], lang, brandTerms),
    brand: brandOf(head ? [head, ...body] : body, brandTerms, lang, opts.competitors ?? []),
    deciding: decidingSentences(head ? [{ ...head, headline: true }, ...body] : body, label, score),
    scorer: 'offline',
    ...(supported
      ? agg.opinions === 0
        ? { note: NO_OPINION_NOTE }
        : {}
      : { note: `Language "${article.language}" is scored with the English model only; treat this score as a rough guide.` }),
  };
}

/** Tone toward one company (brand or competitor) over scored sentences; see brand.ts. */
export function brandOf(scored: (ScoredSentence & { weight?: number })[], terms: string[], lang: string, others: string[] = []) {
  return brandTreatment(scored, terms, {
    language: lang,
    others,
    prior: BRAND_PRIOR,
    aggregate: (items, prior) => aggregate(items, prior),
    rescore: (text) =>
      Math.max(-1, Math.min(1, scoreSentenceOffline(text, lang) + ARTICLE_TUNING.framingWeight * framingStance(text, lang))),
  });
}

/** The sentences that weighed most toward the article's label (both sides for "mixed"), up to three. */
export function decidingSentences(
  items: { text: string; score: number; weight: number; headline?: boolean }[],
  label: SentimentLabel,
  score: number,
): DecidingSentence[] {
  return items
    .filter((i) => Math.abs(i.score) >= OPINION && (label === 'mixed' || (label !== 'neutral' && i.score * score > 0)))
    .sort((a, b) => Math.abs(b.score) * b.weight - Math.abs(a.score) * a.weight)
    .slice(0, 3)
    .map((i) => ({ text: clip(i.text), score: round(i.score), weight: round(i.weight), headline: i.headline === true }));
}

export function metadata(article: PreparedArticle) {
  const { raw } = article;
  return {
    source: raw.source,
    title: raw.title,
    outlet: raw.outlet,
    author: raw.author,
    date: raw.date,
    language: article.language,
    sentences: article.sentences.length,
  };
}

function scoringLanguage(language: string): string {
  return (OFFLINE_LANGUAGES as readonly string[]).includes(language) ? language : 'en';
}

/**
 * score = (P - N) / (P + N + 1), with P and N the summed positive and negative sentence scores: in (-1, 1),
 * near 0 when little is opinionated. "mixed" when both sides carry weight and neither dominates.
 */
export function aggregate(
  items: { score: number; weight: number }[],
  /** Fixed evidence prior (the sentences about one company are all the evidence there is); else scaled by length. */
  fixedPrior?: number,
): { score: number; label: SentimentLabel; confidence: number; opinions: number } {
  let pos = 0;
  let neg = 0;
  let opinions = 0;
  let total = 0;
  for (const { weight } of items) total += weight;
  for (const { score, weight } of items) {
    if (Math.abs(score) < OPINION) continue;
    opinions++;
    if (score > 0) pos += score * weight;
    else neg -= score * weight;
  }
  const score = round(
    (pos - neg) / (pos + neg + (fixedPrior ?? ARTICLE_TUNING.evidencePrior * Math.sqrt(Math.max(1, total / ARTICLE_TUNING.titleWeight)))),
  );
  const ratio = Math.max(pos, neg) > 0 ? Math.min(pos, neg) / Math.max(pos, neg) : 0;
  const evidence = 1 - Math.exp(-opinions / 3);
  if (pos >= MIXED_MIN_MASS && neg >= MIXED_MIN_MASS && ratio >= MIXED_MIN_RATIO) {
    return { score, label: 'mixed', confidence: round(0.4 + 0.5 * evidence * ratio), opinions };
  }
  if (Math.abs(score) >= LABEL_THRESHOLD) {
    return {
      score,
      label: score > 0 ? 'positive' : 'negative',
      confidence: round(0.35 + 0.6 * evidence * Math.min(1, Math.abs(score) / 0.6)),
      opinions,
    };
  }
  if (opinions === 0) return { score, label: 'neutral', confidence: NO_OPINION_CONFIDENCE, opinions };
  return { score, label: 'neutral', confidence: round(0.35 + 0.55 * (1 - Math.abs(score) / LABEL_THRESHOLD) * (1 - ratio)), opinions };
}

/** True when the first and second halves of the article lean clearly in opposite directions. */
function turns(scored: ScoredSentence[]): boolean {
  if (scored.length < 4) return false;
  const mid = Math.floor(scored.length / 2);
  const mean = (list: ScoredSentence[]) => list.reduce((sum, s) => sum + s.score, 0) / list.length;
  const a = mean(scored.slice(0, mid));
  const b = mean(scored.slice(mid));
  return Math.abs(a) >= HALF_LEAN && Math.abs(b) >= HALF_LEAN && Math.sign(a) !== Math.sign(b);
}

export function pickQuotes(scored: ScoredSentence[], n = 3): { positive: string[]; negative: string[] } {
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  return {
    positive: sorted
      .filter((s) => s.score >= OPINION + 0.1)
      .slice(0, n)
      .map((s) => clip(s.text)),
    negative: sorted
      .reverse()
      .filter((s) => s.score <= -(OPINION + 0.1))
      .slice(0, n)
      .map((s) => clip(s.text)),
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
