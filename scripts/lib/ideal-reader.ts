import type { ChatRequest } from '../../src/sandbox/fake-openai.js';

/**
 * A scripted model that answers like an ideal reader, for measuring the pipeline's ceiling without a real
 * model: it quotes the gold fact when a passage in its prompt holds it, and says NOT_FOUND otherwise. Search
 * query and follow-up rewriting requests get the question back unchanged (no help a real model might give).
 */
export interface Gold {
  /** Facts of which one must be in a passage (any alternative, case-insensitive). */
  facts?: string[][];
  /** Or: files whose passages hold the answer (MTRAG). */
  sources?: string[];
}

interface PromptPassage {
  n: number;
  source: string;
  text: string;
}

export function promptPassages(content: string): PromptPassage[] {
  const out: PromptPassage[] = [];
  for (const m of content.matchAll(/<passage n="(\d+)"[^>]*source="([^"]*)"[^>]*>\n([\s\S]*?)\n<\/passage>/g)) {
    out.push({ n: Number(m[1]), source: m[2] as string, text: m[3] as string });
  }
  return out;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');

/** The passage that holds the answer, and the sentence to quote from it. */
export function findAnswer(passages: PromptPassage[], gold: Gold): { n: number; sentence: string } | undefined {
  for (const p of passages) {
    if (gold.facts?.length) {
      const alt = gold.facts[0]?.find((a) => norm(p.text).includes(norm(a)));
      if (!alt) continue;
      const sentence = p.text.split(/(?<=[.!?])\s+|\n+/).find((s) => norm(s).includes(norm(alt))) ?? alt;
      return { n: p.n, sentence: sentence.trim() };
    }
    if (gold.sources?.includes(p.source)) return { n: p.n, sentence: (p.text.split(/(?<=[.!?])\s+|\n+/)[0] ?? p.text).trim() };
  }
  return undefined;
}

/** The passages of a rerank request: "(n) title › section [source]" then the excerpt. */
export function rerankPassages(content: string): PromptPassage[] {
  const out: PromptPassage[] = [];
  for (const m of content.matchAll(/^\((\d+)\) .*\[([^\]\n]+)\]\n(.*)$/gm)) {
    out.push({ n: Number(m[1]), source: m[2] as string, text: m[3] as string });
  }
  return out;
}

/**
 * How the scripted model answers a rerank request: 'none' names no passage (retrieval's order stays, the
 * call's cost is still paid); 'ideal' names the excerpts that hold the gold fact or come from a gold file
 * first (the ceiling a perfect reranker could reach from what it is shown).
 */
export type RerankMode = 'none' | 'ideal';

/** A reply function for FakeOpenAI: looks the question up in `golds` (by the text after "Question: "). */
export function idealReader(golds: Map<string, Gold>, seen: { prompts: number; withAnswer: number }, rerank: RerankMode = 'none') {
  return (request: ChatRequest): string => {
    const system = request.messages[0]?.content ?? '';
    const last = request.messages.at(-1)?.content ?? '';
    if (/rank passages/i.test(system)) {
      if (rerank === 'none') return 'NONE';
      const question = /^Question: (.*)$/m.exec(last)?.[1]?.trim() ?? '';
      const gold = golds.get(question) ?? {};
      const listed = rerankPassages(last);
      const good = listed.filter((p) => findAnswer([p], gold));
      return good.length ? good.map((p) => p.n).join(', ') : 'NONE';
    }
    if (/search queries/i.test(system) || /standalone question/i.test(system)) {
      const line =
        last
          .split('\n')
          .filter((l) => l.trim())
          .at(-1) ?? '';
      return line.replace(/^(Employee|User):\s*/, '');
    }
    const question = /Question: ([\s\S]*)$/.exec(last)?.[1]?.trim() ?? '';
    const gold = golds.get(question) ?? {};
    const found = findAnswer(promptPassages(last), gold);
    seen.prompts++;
    if (!found) return 'NOT_FOUND';
    seen.withAnswer++;
    return `${found.sentence.replace(/\[\d+\]/g, '')} [${found.n}]`;
  };
}
