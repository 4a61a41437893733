// The model path's ceiling without a real model: an ideal reader behind OPENAI_BASE_URL (a fake
// OpenAI-compatible server on 127.0.0.1, scripts/lib/ideal-reader.ts) quotes the gold fact when a passage in
// its prompt holds it and says NOT_FOUND otherwise. Reports context recall (answerable questions whose prompt
// holds the answer), answered / not-found shares, unanswerable questions let through to a citation, prompt
// tokens, reply p95 with a model that takes a fixed 800 ms, and the grounding check on deliberately wrong
// sentences (numbers changed, names swapped) and on the ideal reader's correct ones.
// With --rerank none|ideal|off the rerank call (KIKI_LLM_RERANK=on) gets NONE (order kept, cost paid), the gold
// passages first (the ceiling of a perfect reranker), or is not made (the default, as KIKI_LLM_RERANK's).
// Usage: npx tsx scripts/eval-model.ts [--split dev|test2|test3|test4] [--corpus handbook|mtrag|external]
//        [--knowledge DIR --set NAME] [--latency N] [--rerank none|ideal|off]
import fs from 'node:fs';
import path from 'node:path';
import { AnswerService } from '../src/assistant/answer.js';
import { checkGrounding } from '../src/assistant/grounding.js';
import { estimateTokens } from '../src/assistant/model-answer.js';
import { loadConfig } from '../src/config.js';
import { OpenAIChat } from '../src/llm/chat.js';
import { createLogger } from '../src/logger.js';
import { ingest } from '../src/retrieval/ingest.js';
import { RetrievalService } from '../src/retrieval/service.js';
import { EVERYONE, type Passage } from '../src/retrieval/types.js';
import { startFakeOpenAI } from '../src/sandbox/fake-openai.js';
import { type EvalQuestion, externalQuestions, handbookQuestions, mtrag, type Split } from './lib/answer-sets.js';
import { median, percentile, printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';
import { findAnswer, type Gold, idealReader, promptPassages } from './lib/ideal-reader.js';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const split = (flag('--split') ?? 'dev') as Split;
const corpora = flag('--corpus') ? [flag('--corpus') as string] : ['handbook', 'mtrag'];
const latencyQuestions = Number(flag('--latency') ?? 40);
const rerankMode = flag('--rerank') ?? 'off';
if (!['none', 'ideal', 'off'].includes(rerankMode)) throw new Error('--rerank is none, ideal or off');
const logger = createLogger('silent');

const fake = await startFakeOpenAI();

function goldOf(q: EvalQuestion): Gold {
  return q.mustContain.length ? { facts: q.mustContain } : { sources: q.expected };
}

/**
 * A wrong copy of a correct sentence: a number changed, or a name swapped for one from another passage. The
 * new number and the new name are ones the cited passage does not hold anywhere, so the copy is really wrong.
 */
function corrupt(sentence: string, others: string[], cited: string): string[] {
  const out: string[] = [];
  const num = /\d+(?:[.,]\d+)?/.exec(sentence);
  const held = new Set(cited.match(/\d+(?:[.,]\d+)?/g) ?? []);
  if (num) {
    const n = Number(num[0].replace(',', ''));
    const replacement = [n * 2 + 1, n + 7, n * 10 + 3, n + 1013].map(String).find((c) => !held.has(c) && !cited.includes(c));
    if (replacement) out.push(sentence.replace(num[0], replacement));
  }
  const names = [...sentence.slice(1).matchAll(/\b[A-Z][a-z]{2,}[A-Za-z]*\b/g)].map((m) => m[0]);
  const pool = others
    .flatMap((t) => [...t.matchAll(/\b[A-Z][a-z]{3,}[A-Za-z]*\b/g)].map((m) => m[0]))
    .filter((n) => !sentence.includes(n) && !cited.toLowerCase().includes(n.toLowerCase()));
  if (names.length && pool.length) out.push(sentence.replace(names[names.length - 1] as string, pool[0] as string));
  return out;
}

async function run(name: string, knowledgeDir: string, questions: EvalQuestion[]) {
  const config = loadConfig({ KIKI_DATA_DIR: tempDataDir(`kiki-eval-model-${name}-`), KNOWLEDGE_DIR: knowledgeDir, LOG_LEVEL: 'silent' });
  await ingest(config);
  const retrieval = new RetrievalService(config, logger);
  const golds = new Map(questions.map((q) => [q.query.trim(), goldOf(q)]));
  const seen = { prompts: 0, withAnswer: 0 };
  fake.reply = idealReader(golds, seen, rerankMode === 'ideal' ? 'ideal' : 'none');
  fake.delayMs = 0;
  const service = new AnswerService({
    retriever: retrieval,
    chat: new OpenAIChat({ model: 'ideal-reader', baseUrl: fake.url, timeoutMs: 20_000, maxRetries: 0 }),
    logger,
    model: { rerank: rerankMode !== 'off' },
  });
  const asked = questions.filter((q) => !q.intent && q.label !== 'UNDERSPECIFIED');
  const rows: { q: EvalQuestion; state: string; sources: string[]; recall: boolean; tokens: number; answerTokens: number; ms: number }[] =
    [];
  const correct: string[] = [];
  const wrong: string[] = [];
  const groundingPassages: Passage[][] = [];
  for (const q of asked) {
    const before = fake.chatRequests.length;
    const t0 = performance.now();
    const a = await service.answer({ question: q.query, asker: EVERYONE, history: q.history });
    const ms = performance.now() - t0;
    const request = fake.chatRequests.slice(before).find((r) => (r.messages.at(-1)?.content ?? '').includes('<passages>'));
    const prompt = request?.messages.at(-1)?.content;
    const passages = prompt ? promptPassages(prompt) : [];
    const found = q.unanswerable ? undefined : findAnswer(passages, goldOf(q));
    rows.push({
      q,
      state: a.state,
      sources: a.citations.map((c) => c.source),
      recall: Boolean(found),
      tokens: a.tokens?.prompt ?? 0,
      answerTokens: request ? estimateTokens(request.messages.map((m) => m.content).join('\n')) : 0,
      ms,
    });
    if (found && prompt) {
      const ps = passages.map((p) => ({
        id: String(p.n),
        source: p.source,
        title: '',
        heading: '',
        headingPath: [],
        text: p.text,
        score: 0,
        signals: {},
      }));
      correct.push(`${found.sentence} [${found.n}]`);
      groundingPassages.push(ps);
      for (const w of corrupt(
        found.sentence,
        passages.filter((p) => p.n !== found.n).map((p) => p.text),
        passages.find((p) => p.n === found.n)?.text ?? '',
      ))
        wrong.push(`${w} [${found.n}]|${groundingPassages.length - 1}`);
    }
  }
  const answerable = rows.filter((r) => !r.q.unanswerable && r.q.expected.length);
  const unanswerable = rows.filter((r) => r.q.unanswerable);
  const share = (list: typeof rows, ok: (r: (typeof rows)[number]) => boolean) =>
    list.length ? list.filter(ok).length / list.length : Number.NaN;
  const tokens = rows.map((r) => r.tokens).filter((t) => t > 0);
  const answerTokens = rows.map((r) => r.answerTokens).filter((t) => t > 0);
  // Grounding check: correct sentences kept, wrong ones removed.
  const kept = correct.filter((s, i) => checkGrounding(s, groundingPassages[i] as Passage[]).unsupported === 0).length;
  const caught = wrong.filter((entry) => {
    const [s, i] = [entry.slice(0, entry.lastIndexOf('|')), Number(entry.slice(entry.lastIndexOf('|') + 1))];
    return checkGrounding(s, groundingPassages[i] as Passage[]).unsupported > 0;
  }).length;
  // Latency with a model that takes 800 ms before answering.
  fake.delayMs = 800;
  const slow: number[] = [];
  for (const q of asked.slice(0, latencyQuestions)) {
    const t0 = performance.now();
    await service.answer({ question: q.query, asker: EVERYONE, history: q.history });
    slow.push(performance.now() - t0);
  }
  fake.delayMs = 0;
  printTable(
    `${name}, ${split} split, with the scripted ideal reader (library path), rerank ${rerankMode}`,
    ['measure', 'value', 'n', 'target'],
    [
      [
        'context recall: answerable questions whose prompt holds the answer',
        share(answerable, (r) => r.recall),
        answerable.length,
        '≥ 0.90',
      ],
      ['answerable: answered', share(answerable, (r) => r.state === 'answer'), answerable.length, '≥ 0.88'],
      [
        'answerable: answered citing a right document',
        share(answerable, (r) => r.state === 'answer' && r.sources.some((s) => r.q.expected.includes(s))),
        answerable.length,
        '',
      ],
      ['unanswerable: answered "not found"', share(unanswerable, (r) => r.state !== 'answer'), unanswerable.length, '≥ 0.90'],
      ['unanswerable: let through to a citation', share(unanswerable, (r) => r.state === 'answer'), unanswerable.length, ''],
      [
        'answer prompt tokens per question, median (rules, history, passages, question)',
        median(answerTokens),
        answerTokens.length,
        '< 4000',
      ],
      ['prompt tokens per question, all calls (queries, rerank, answer), median', median(tokens), tokens.length, ''],
      ['prompt tokens per question, all calls, p95', percentile(tokens, 95), tokens.length, ''],
      [
        `reply p95 ms, model taking 800 ms per call (${slow.length} questions; ${rerankMode === 'off' ? 'two' : 'three'} calls per question)`,
        percentile(slow, 95),
        slow.length,
        '',
      ],
      ['grounding: wrong sentences removed', wrong.length ? caught / wrong.length : Number.NaN, wrong.length, '≥ 0.95'],
      ['grounding: correct sentences removed', correct.length ? 1 - kept / correct.length : Number.NaN, correct.length, '< 0.05'],
    ],
  );
  retrieval.close();
}

if (corpora.includes('handbook')) {
  const corpus = sharedCorpus('sourcegraph-handbook/content');
  if (corpus) await run('handbook', corpus, handbookQuestions(split));
}
if (corpora.includes('mtrag')) {
  const dir = sharedCorpus('mtrag-govt-cloud');
  if (dir) {
    const kb = tempDataDir('kiki-eval-model-mtrag-kb-');
    await run('mtrag', kb, mtrag(path.join(dir, 'mtragun_reference_govt_ibmcloud.jsonl'), kb, split));
  }
}
if (corpora.includes('external')) {
  const dir = flag('--knowledge');
  const name = flag('--set');
  if (!dir || !name || !fs.existsSync(dir)) throw new Error('--corpus external needs --knowledge DIR (an existing folder) and --set NAME');
  await run(`external ${name}`, path.resolve(dir), externalQuestions(name));
}
await fake.close();
