// Fits the sentence ranker (src/assistant/sentence-ranker.ts) on the DEVELOPMENT questions only: every unit of
// the candidate sections of every handbook dev question with `must_contain` facts is a row, positive when it
// holds one of the facts. Prints the weights to paste, then, on dev, how often the composed reply holds the
// facts with today's rule (one sentence of the best passage), the hand-set ranker and the fitted one, in sample
// and out of fold (5 folds by a hash of the question id). The test sets are never read here.
// Usage: npx tsx scripts/tune-sentences.ts [--l2 0.01] [--documents 3]
import crypto from 'node:crypto';
import { AnswerService, type Retrieved } from '../src/assistant/answer.js';
import { type ComposeInput, candidateSections, compose, rankUnits } from '../src/assistant/compose.js';
import { extractiveAnswer } from '../src/assistant/extractive.js';
import { englishQuery } from '../src/assistant/language.js';
import { questionType } from '../src/assistant/question-type.js';
import { SENTENCE_FEATURES, SENTENCE_MODEL, type SentenceModel, sentenceScore } from '../src/assistant/sentence-ranker.js';
import { followUpFocus } from '../src/assistant/standalone.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ingest } from '../src/retrieval/ingest.js';
import { RetrievalService } from '../src/retrieval/service.js';
import { EVERYONE } from '../src/retrieval/types.js';
import { type EvalQuestion, handbookQuestions } from './lib/answer-sets.js';
import { printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';
import { fitListwise } from './lib/logistic.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const l2 = flag('--l2', 0.01);
const documents = flag('--documents', 3);

const norm = (s: string) => s.toLowerCase().replace(/[*_`]/g, '').replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
const holdsAll = (q: EvalQuestion, text: string) => q.mustContain.every((alts) => alts.some((a) => norm(text).includes(norm(a))));
const holdsAny = (q: EvalQuestion, text: string) => q.mustContain.some((alts) => alts.some((a) => norm(text).includes(norm(a))));

interface Case {
  q: EvalQuestion;
  r: Retrieved;
  input: ComposeInput;
  fold: number;
}

const corpus = sharedCorpus('sourcegraph-handbook/content');
if (!corpus) process.exit(0);
const config = loadConfig({ KIKI_DATA_DIR: tempDataDir('kiki-tune-sentences-'), KNOWLEDGE_DIR: corpus, LOG_LEVEL: 'silent' });
await ingest(config);
const retrieval = new RetrievalService(config, createLogger('silent'));
const service = new AnswerService({ retriever: retrieval, logger: createLogger('silent') });
const cases: Case[] = [];
for (const q of handbookQuestions('dev')) {
  if (q.unanswerable || q.intent || q.mustContain.length === 0) continue;
  const r = await service.retrieve(q.query, q.history, EVERYONE);
  const input: ComposeInput = {
    query: r.query,
    type: questionType(r.language === 'en' ? r.question : r.query),
    focus: followUpFocus(englishQuery(q.query, r.language), q.history),
    history: q.history,
    judged: r.judged,
    sectionsOf: (source) => retrieval.sections(source, EVERYONE),
    documents,
  };
  const fold = crypto.createHash('sha1').update(q.id).digest()[0]! % 5;
  cases.push({ q, r, input, fold });
}
const sections = await Promise.all(cases.map((c) => candidateSections(c.input)));
const ceiling = cases.filter((c, i) => sections[i]!.some((s) => holdsAny(c.q, s.text))).length / cases.length;

const base = cases.map((c, i) => rankUnits(c.input, sections[i]!));
const groupsOf = (only: (c: Case) => boolean) =>
  cases.flatMap((c, i) => (only(c) ? [{ X: base[i]!.map((r) => r.x), y: base[i]!.map((r) => (holdsAny(c.q, r.unit.text) ? 1 : 0)) }] : []));
const iterations = flag('--iterations', 400);
const fitOn = (only: (c: Case) => boolean) => fitListwise(SENTENCE_FEATURES, groupsOf(only), l2, iterations);

const reply = (c: Case, i: number, model: SentenceModel, secondMargin?: number) => {
  const ranked = base[i]!.map((r) => ({ ...r, score: sentenceScore(r.x, model) })).sort((a, b) => b.score - a.score);
  return compose({ ...c.input, model, ...(secondMargin !== undefined ? { secondMargin } : {}) }, ranked)?.text ?? '';
};
const rule = (c: Case) => {
  const best = c.r.judged[0]?.passage;
  return best ? extractiveAnswer(c.r.query, [best], c.r.language === 'en' ? c.r.question : c.r.query) : '';
};
const rate = (texts: string[]) => texts.filter((t, i) => holdsAll(cases[i]!.q, t)).length / cases.length;
const lengths = (texts: string[]) => {
  const sorted = texts.map((t) => t.length).sort((a, b) => a - b);
  return `${sorted[Math.floor(sorted.length / 2)]} / ${sorted[Math.floor(sorted.length * 0.9)]}`;
};

const fitted = fitOn(() => true);
const units = base.reduce((n, b) => n + b.length, 0);
console.log(`dev: ${cases.length} questions with facts, ${units} units`);
console.log(`ceiling: a fact is in some candidate section for ${ceiling.toFixed(2)}`);
console.log('fitted weights:', JSON.stringify(fitted));
const folds = [0, 1, 2, 3, 4].map((f) => fitOn((c) => c.fold !== f));
const oof = cases.map((c, i) => {
  return reply(c, i, folds[c.fold]!);
});
const ruleTexts = cases.map(rule);
const handTexts = cases.map((c, i) => reply(c, i, SENTENCE_MODEL));
const fitTexts = cases.map((c, i) => reply(c, i, fitted));
printTable(
  `sentence choice on dev (${documents} documents' sections)`,
  ['choice', 'reply holds the fact', 'chars median / p90'],
  [
    ["today's rule: one sentence of the best passage", rate(ruleTexts), lengths(ruleTexts)],
    ['ranker, the shipped weights', rate(handTexts), lengths(handTexts)],
    ['ranker fitted on dev, in sample', rate(fitTexts), lengths(fitTexts)],
    ['ranker fitted on dev, out of fold (5 folds)', rate(oof), lengths(oof)],
  ],
);
printTable(
  'second unit: logit margin (fitted model, in sample)',
  ['margin', 'reply holds the fact', 'chars median / p90'],
  [-1, 0.5, 1, 2, 3, 5, 100].map((m) => {
    const texts = cases.map((c, i) => reply(c, i, fitted, m));
    return [m < 0 ? 'never' : String(m), rate(texts), lengths(texts)];
  }),
);
if (args.includes('--verbose'))
  cases.forEach((c, i) => {
    if (!holdsAll(c.q, fitTexts[i]!))
      console.log(
        `\n✗ ${c.q.id} ${c.q.query}\n  want ${JSON.stringify(c.q.mustContain)}\n  ${fitTexts[i]!.slice(0, 300).replace(/\n/g, '\n  ')}`,
      );
  });
retrieval.close();
