import type { Passage } from '../retrieval/types.js';
import { rankUnits } from './compose.js';
import { questionType } from './question-type.js';
import type { Judged } from './relevance.js';
import type { SectionRef } from './units.js';

/** The retrieval a prompt is packed from (Retrieved, without its timings). */
export interface PackInput {
  question: string;
  query: string;
  language: string;
  focus: string[];
  judged: Judged[];
  sections: SectionRef[];
}

export interface PackOptions {
  maxPromptTokens: number;
  maxPassages: number;
  /** Documents whose sections may enter the prompt (the top of the relevance order). */
  documents: number;
}

/** A section longer than this enters the prompt as a window around the unit that ranked best in it. */
const MAX_SECTION_CHARS = 2400;
/** The instructions, the question and the history. */
const OVERHEAD_TOKENS = 600;

export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * The prompt packed by sections: the sections of the top documents, in the order of the best unit each holds
 * (the sentence ranker's order), each whole or as a window around that unit, until the token budget is spent.
 * A fact in a section retrieval did not rank (the right document, another heading) still reaches the model.
 */
export function sectionPassages(r: PackInput, options: PackOptions): Passage[] {
  const docs = [...new Set(r.judged.map((j) => j.passage.source))].slice(0, options.documents);
  const sections = r.sections.filter((s) => docs.includes(s.source));
  const ranked = rankUnits(
    { query: r.query, type: questionType(r.language === 'en' ? r.question : r.query), focus: r.focus, history: [] },
    sections,
  );
  const order: { section: SectionRef; unit: string }[] = [];
  for (const x of ranked) if (!order.some((o) => o.section === x.section)) order.push({ section: x.section, unit: x.unit.text });
  const out: Passage[] = [];
  let budget = options.maxPromptTokens - OVERHEAD_TOKENS;
  for (const { section, unit } of order) {
    const text = windowAround(section.text, unit);
    const cost = estimateTokens(text) + 30;
    if (cost > budget) continue;
    const best = r.judged.find((j) => j.passage.source === section.source)?.passage as Passage;
    out.push({
      ...best,
      id: `${best.source}#${section.headingPath.join('/')}`,
      heading: section.headingPath.join(' › '),
      headingPath: section.headingPath,
      text,
      section: section.text,
    });
    budget -= cost;
    if (out.length >= options.maxPassages || budget < 100) return out;
  }
  // Budget left: the best passages of the other documents, in the relevance order.
  for (const { passage } of r.judged) {
    if (docs.includes(passage.source) || out.some((p) => p.id === passage.id)) continue;
    const cost = estimateTokens(passage.text) + 30;
    if (cost > budget) continue;
    out.push(passage);
    budget -= cost;
    if (out.length >= options.maxPassages || budget < 100) break;
  }
  return out;
}

/** The section, or the part of it around `unit` when it is long (cut at paragraph breaks where it can). */
function windowAround(text: string, unit: string): string {
  if (text.length <= MAX_SECTION_CHARS) return text;
  const found = text.indexOf(unit.slice(0, 60));
  const at = Math.max(0, found >= 0 ? found : text.indexOf(unit.slice(-60)));
  let start = Math.max(0, at - MAX_SECTION_CHARS / 3);
  const para = text.lastIndexOf('\n\n', at);
  if (para >= start - 300 && para >= 0) start = para + 2;
  return text.slice(start, start + MAX_SECTION_CHARS);
}
