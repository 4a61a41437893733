// Fits the relevance model (src/assistant/relevance.ts) and chooses the answer states (src/assistant/states.ts)
// on the DEVELOPMENT questions only: the handbook dev files and the dev half of MTRAG. A candidate passage is
// relevant when its file answers the question; every candidate of an unanswerable question is irrelevant.
// It prints the fitted weights (to paste into relevance.ts) and, for a grid of thresholds, the dev figures the
// offline reply would get. The test sets are never read here.
// Usage: npx tsx scripts/tune-answers.ts [--l2 0.001] [--new-only] [--cv 5]
import path from 'node:path';
import { AnswerService, type Retrieved } from '../src/assistant/answer.js';
import {
  ANSWERABILITY_FEATURES,
  type AnswerabilityModel,
  answerabilityVector,
  FEATURES,
  featureVector,
  judge,
  probability,
  type RelevanceModel,
} from '../src/assistant/relevance.js';
import type { AnswerStates } from '../src/assistant/states.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ingest } from '../src/retrieval/ingest.js';
import { RetrievalService } from '../src/retrieval/service.js';
import { EVERYONE } from '../src/retrieval/types.js';
import { type EvalQuestion, handbookQuestions, mtrag } from './lib/answer-sets.js';
import { printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';
import { fitLogistic } from './lib/logistic.js';

const args = process.argv.slice(2);
const l2 = args.includes('--l2') ? Number(args[args.indexOf('--l2') + 1]) : 0.001;
const logger = createLogger('silent');

interface Case {
  corpus: string;
  q: EvalQuestion;
  r: Retrieved;
  service: AnswerService;
}

async function collect(corpus: string, knowledge: string, questions: EvalQuestion[]): Promise<Case[]> {
  const config = loadConfig({ KIKI_DATA_DIR: tempDataDir(`kiki-tune-${corpus}-`), KNOWLEDGE_DIR: knowledge, LOG_LEVEL: 'silent' });
  await ingest(config);
  const retrieval = new RetrievalService(config, logger);
  const service = new AnswerService({ retriever: retrieval, logger });
  const out: Case[] = [];
  for (const q of questions) {
    if (q.intent) continue;
    out.push({ corpus, q, r: await service.retrieve(q.query, q.history, EVERYONE), service });
  }
  return out;
}

const cases: Case[] = [];
const handbook = sharedCorpus('sourcegraph-handbook/content');
// --new-only: only the dev files written with issue 11 (the older sets are easier to reject than real questions).
const OLD_SETS = new Set(['handbook-dev-questions', 'handbook-questions', 'unanswerable-questions']);
const devQuestions = handbookQuestions('dev').filter((q) => !args.includes('--new-only') || !OLD_SETS.has(q.set));
if (handbook) cases.push(...(await collect('handbook', handbook, devQuestions)));
const mtragDir = sharedCorpus('mtrag-govt-cloud');
if (mtragDir) {
  const kb = tempDataDir('kiki-tune-mtrag-kb-');
  cases.push(...(await collect('mtrag', kb, mtrag(path.join(mtragDir, 'mtragun_reference_govt_ibmcloud.jsonl'), kb, 'dev'))));
}
if (cases.length === 0) process.exit(0);

// Training rows: every candidate of every dev question.
const X: number[][] = [];
const y: number[] = [];
for (const c of cases) {
  if (c.q.label === 'UNDERSPECIFIED') continue;
  c.r.found.forEach((p, rank) => {
    X.push(featureVector(c.r.found, rank, c.r.queryTerms));
    y.push(!c.q.unanswerable && c.q.expected.includes(p.source) ? 1 : 0);
  });
}

const model: RelevanceModel = fitLogistic(FEATURES, X, y, l2);
console.log(`fitted on ${X.length} candidates of ${cases.length} dev questions (${y.filter(Boolean).length} relevant), L2 ${l2}`);
console.log(`export const RELEVANCE_MODEL: RelevanceModel = ${JSON.stringify(model, null, 2)};`);
const logLoss =
  -X.reduce((s, x, i) => {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, probability(x, model)));
    return s + (y[i] ? Math.log(p) : Math.log(1 - p));
  }, 0) / X.length;
console.log(`dev log loss ${logLoss.toFixed(4)}`);

// Second model: is the best candidate (in the fitted relevance order) the answer?
const AX: number[][] = [];
const ay: number[] = [];
for (const c of cases) {
  if (c.q.label === 'UNDERSPECIFIED') continue;
  const judged = judge(c.r.found, c.r.queryTerms, model);
  AX.push(answerabilityVector(judged, c.r.queryTerms));
  ay.push(!c.q.unanswerable && judged[0] && c.q.expected.includes(judged[0].passage.source) ? 1 : 0);
}
const sure: AnswerabilityModel = fitLogistic(ANSWERABILITY_FEATURES, AX, ay, l2 * 10);
console.log(`answerability fitted on ${AX.length} dev questions (${ay.filter(Boolean).length} whose best passage answers)`);
console.log(`export const ANSWERABILITY_MODEL: AnswerabilityModel = ${JSON.stringify(sure, null, 2)};`);

for (const corpus of ['handbook', 'mtrag']) {
  const ans = cases.filter((c) => c.corpus === corpus && !c.q.unanswerable && c.q.expected.length);
  const hit = (order: { source: string }[], k: number, c: Case) => order.slice(0, k).some((p) => c.q.expected.includes(p.source));
  const line = (name: string, order: (c: Case) => { source: string }[]) =>
    `${name}: hit@1 ${(ans.filter((c) => hit(order(c), 1, c)).length / ans.length).toFixed(2)} hit@2 ${(ans.filter((c) => hit(order(c), 2, c)).length / ans.length).toFixed(2)} hit@5 ${(ans.filter((c) => hit(order(c), 5, c)).length / ans.length).toFixed(2)} hit@20 ${(ans.filter((c) => hit(order(c), 20, c)).length / ans.length).toFixed(2)}`;
  console.log(
    `${corpus} (${ans.length} answerable) ${line('retrieval order', (c) => c.r.found)}; ${line('relevance order', (c) => judge(c.r.found, c.r.queryTerms, model).map((j) => j.passage))}`,
  );
}

/**
 * Out-of-fold decisions: the dev questions in K folds (by a hash of the question); for each fold both models are
 * fitted on the other folds and the fold's questions are decided by them. Thresholds chosen on these are chosen
 * on questions the models did not see, as a test set's would be; the in-sample table below is optimistic.
 */
const folds = Number(args[args.indexOf('--cv') + 1] ?? 5) || 5;
const foldOf = (c: Case) => {
  let h = 2166136261;
  for (const ch of `${c.corpus}:${c.q.id}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h % folds; // one question per MTRAG conversation, so no conversation spans two folds
};
const outOfFold = new Map<Case, { m: RelevanceModel; a: AnswerabilityModel }>();
for (let f = 0; f < folds; f++) {
  const train = cases.filter((c) => foldOf(c) !== f && c.q.label !== 'UNDERSPECIFIED');
  const fx: number[][] = [];
  const fy: number[] = [];
  for (const c of train)
    c.r.found.forEach((p, rank) => {
      fx.push(featureVector(c.r.found, rank, c.r.queryTerms));
      fy.push(!c.q.unanswerable && c.q.expected.includes(p.source) ? 1 : 0);
    });
  const m: RelevanceModel = fitLogistic(FEATURES, fx, fy, l2);
  const ax: number[][] = [];
  const ayf: number[] = [];
  for (const c of train) {
    const judged = judge(c.r.found, c.r.queryTerms, m);
    ax.push(answerabilityVector(judged, c.r.queryTerms));
    ayf.push(!c.q.unanswerable && judged[0] && c.q.expected.includes(judged[0].passage.source) ? 1 : 0);
  }
  const a: AnswerabilityModel = fitLogistic(ANSWERABILITY_FEATURES, ax, ayf, l2 * 10);
  for (const c of cases) if (foldOf(c) === f) outOfFold.set(c, { m, a });
}

function decideWith(c: Case, m: RelevanceModel, a: AnswerabilityModel, states: AnswerStates) {
  const r = { ...c.r, judged: judge(c.r.found, c.r.queryTerms, m) };
  const out = c.service.offline(r, states, a);
  return { state: out.state, files: out.citations.map((x) => x.source), text: out.text };
}

for (const mode of ['out-of-fold', 'in-sample'] as const) {
  const rows: (string | number)[][] = [];
  for (const answer of [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]) {
    for (const closest of [0.1, 0.2, 0.25]) {
      if (closest >= answer) continue;
      const states = { answer, closest };
      const row: (string | number)[] = [answer, closest];
      for (const corpus of ['handbook', 'mtrag']) {
        const mine = cases.filter((c) => c.corpus === corpus && c.q.label !== 'UNDERSPECIFIED');
        const ans = mine.filter((c) => !c.q.unanswerable && c.q.expected.length);
        const un = mine.filter((c) => c.q.unanswerable);
        const d = new Map(
          mine.map((c) => {
            const o = outOfFold.get(c);
            return [c, mode === 'out-of-fold' && o ? decideWith(c, o.m, o.a, states) : decideWith(c, model, sure, states)];
          }),
        );
        const cite =
          ans.filter((c) => d.get(c)!.state === 'answer' && d.get(c)!.files.some((f) => c.q.expected.includes(f))).length /
          (ans.length || 1);
        const nf = ans.filter((c) => d.get(c)!.state === 'not_found').length / (ans.length || 1);
        const honest = un.filter((c) => d.get(c)!.state !== 'answer').length / (un.length || 1);
        const acc =
          mine.filter((c) => (c.q.unanswerable ? d.get(c)!.state !== 'answer' : d.get(c)!.state === 'answer')).length / (mine.length || 1);
        const wrong =
          ans.filter((c) => d.get(c)!.state === 'answer' && !d.get(c)!.files.some((f) => c.q.expected.includes(f))).length /
          (ans.length || 1);
        const hedged = ans.filter((c) => d.get(c)!.state !== 'answer').length / (ans.length || 1);
        const withFacts = ans.filter((c) => c.q.mustContain.length);
        const norm = (t: string) => t.toLowerCase().replace(/[*_`]/g, '').replace(/\s+/g, ' ');
        const fact =
          withFacts.filter((c) => c.q.mustContain.every((alts) => alts.some((x) => norm(d.get(c)!.text).includes(norm(x))))).length /
          (withFacts.length || 1);
        row.push(cite, nf, honest, acc);
        if (corpus === 'handbook') row.push(wrong, hedged, fact);
      }
      rows.push(row);
    }
  }
  printTable(
    mode === 'out-of-fold'
      ? `Answer states on the dev questions, out of fold (${folds} folds: each question decided by models fitted without it)`
      : 'Answer states on the dev questions, in sample (the shipped models, fitted on all of dev: optimistic)',
    [
      'answer ≥',
      'closest ≥',
      'hb cite right',
      'hb ans not found',
      'hb unans honest',
      'hb acc',
      'hb wrong confident',
      'hb hedged',
      'hb fact',
      'mt cite right',
      'mt ans not found',
      'mt unans honest',
      'mt acc',
    ],
    rows,
  );
}
