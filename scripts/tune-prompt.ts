// How the model's prompt is packed, chosen on the DEVELOPMENT questions only: context recall (the prompt holds
// the needed fact — handbook `must_contain`; MTRAG: the gold passage) against prompt tokens, for the top passages
// (the old packing) and for sections of the top documents (prompt-sections.ts), over token budgets and numbers
// of documents. No model is called: the prompt's passages are built as the answer path builds them.
// Usage: npx tsx scripts/tune-prompt.ts
import path from 'node:path';
import { AnswerService, type Retrieved } from '../src/assistant/answer.js';
import { candidateSections } from '../src/assistant/compose.js';
import { promptPassages } from '../src/assistant/model-answer.js';
import { estimateTokens, sectionPassages } from '../src/assistant/prompt-sections.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ingest } from '../src/retrieval/ingest.js';
import { RetrievalService } from '../src/retrieval/service.js';
import { EVERYONE, type Passage } from '../src/retrieval/types.js';
import { type EvalQuestion, handbookQuestions, mtrag } from './lib/answer-sets.js';
import { median, printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';

const norm = (s: string) => s.toLowerCase().replace(/[*_`]/g, '').replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
const OVERHEAD = 600;

async function collect(name: string, knowledge: string, questions: EvalQuestion[]) {
  const config = loadConfig({ KIKI_DATA_DIR: tempDataDir(`kiki-tune-prompt-${name}-`), KNOWLEDGE_DIR: knowledge, LOG_LEVEL: 'silent' });
  await ingest(config);
  const retrieval = new RetrievalService(config, createLogger('silent'));
  const service = new AnswerService({ retriever: retrieval, logger: createLogger('silent') });
  const out: { q: EvalQuestion; r: Retrieved }[] = [];
  for (const q of questions) {
    if (q.unanswerable || q.intent || !q.expected.length || q.label === 'UNDERSPECIFIED') continue;
    const r = await service.retrieve(q.query, q.history, EVERYONE);
    r.sections = await candidateSections({ judged: r.judged, sectionsOf: (s) => retrieval.sections(s, EVERYONE), documents: 5 });
    out.push({ q, r });
  }
  return out;
}

const holds = (q: EvalQuestion, ps: Passage[]) =>
  q.mustContain.length
    ? q.mustContain.every((alts) => alts.some((a) => ps.some((p) => norm(p.text).includes(norm(a)))))
    : ps.some((p) => q.expected.includes(p.source));

const sets: [string, { q: EvalQuestion; r: Retrieved }[]][] = [];
const handbook = sharedCorpus('sourcegraph-handbook/content');
if (handbook) sets.push(['handbook', await collect('handbook', handbook, handbookQuestions('dev'))]);
const mt = sharedCorpus('mtrag-govt-cloud');
if (mt) {
  const kb = tempDataDir('kiki-tune-prompt-mtrag-kb-');
  sets.push(['mtrag', await collect('mtrag', kb, mtrag(path.join(mt, 'mtragun_reference_govt_ibmcloud.jsonl'), kb, 'dev'))]);
}
const rows: (string | number)[][] = [];
for (const budget of [2000, 3000, 4000, 6000, 8000]) {
  const configs: [string, (r: Retrieved) => Passage[]][] = [
    [
      'top 10 passages (before)',
      (r) => promptPassages(r.judged, { maxPassages: 10, maxPromptTokens: budget, rerank: false, documents: 0 }),
    ],
    ['top 20 passages', (r) => promptPassages(r.judged, { maxPassages: 20, maxPromptTokens: budget, rerank: false, documents: 0 })],
    ...[1, 2, 3, 5].map(
      (documents) =>
        [
          `sections of ${documents} document(s), then other passages`,
          (r: Retrieved) => sectionPassages(r, { maxPromptTokens: budget, maxPassages: 20, documents }),
        ] as [string, (r: Retrieved) => Passage[]],
    ),
  ];
  for (const [name, pack] of configs) {
    const row: (string | number)[] = [budget, name];
    for (const [, cases] of sets) {
      const packed = cases.map((c) => pack(c.r));
      row.push(cases.filter((c, i) => holds(c.q, packed[i]!)).length / cases.length);
      row.push(median(packed.map((ps) => OVERHEAD + ps.reduce((n, p) => n + estimateTokens(p.text) + 30, 0))));
    }
    rows.push(row);
  }
}
printTable(
  'Context recall against prompt tokens on dev (median tokens of the passages plus 600 for instructions and question)',
  ['budget', 'packing', ...sets.flatMap(([n, c]) => [`${n} recall (${c.length})`, `${n} tokens`])],
  rows,
);
