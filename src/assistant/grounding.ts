import { terms } from '../retrieval/tokenize.js';
import type { Passage } from '../retrieval/types.js';

/**
 * Checks what a model wrote against the passages it cites. Each sentence's claims must be in a passage it cites
 * (a sentence without a marker: in any passage given): every number it states, every name (a capitalised word
 * or an acronym not at the start of the sentence), and most of its key terms. A sentence that fails is removed;
 * the caller falls back to the offline answer when most of them fail. Numbers and names are compared exactly
 * (after folding "1,000" to "1000"), key terms stemmed, so a paraphrase passes and a changed figure does not.
 */

export interface GroundingResult {
  /** The answer without its unsupported sentences. */
  text: string;
  /** Sentences that state something checkable (a number, a name or key terms). */
  claims: number;
  unsupported: number;
  removed: string[];
}

/** Share of a sentence's key terms that must be in the cited passages (chosen on the dev set of wrong answers). */
const MIN_TERM_SHARE = 0.5;

const NUMBER = /\d+(?:[.,]\d+)*/g;
const NAME = /(?<![.!?]\s|^)\b(?:[A-Z][a-z]+(?:[A-Z][a-z]+)+|[A-Z]{2,}[a-z]*|[A-Z][a-z]{2,})\b/g;

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
};

/** Spelled-out numbers as digits and currency names as their codes, on both sides, so "sixty euros" is "60 EUR". */
function canonical(text: string): string {
  return text
    .replace(
      /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b/gi,
      (w) => String(NUMBER_WORDS[w.toLowerCase()]),
    )
    .replace(/\beuros?\b|€/gi, ' EUR ')
    .replace(/\b(?:us )?dollars?\b/gi, ' USD ')
    .replace(/\bpounds?(?: sterling)?\b|£/gi, ' GBP ');
}

const normNumber = (n: string) => n.replace(/[,](?=\d{3}\b)/g, '').replace(/\.0+$/, '');

function numbersIn(text: string): Set<string> {
  return new Set([...text.matchAll(NUMBER)].map((m) => normNumber(m[0])));
}

function namesIn(sentence: string): string[] {
  const body = sentence.replace(/^\W*\w+/, ''); // the first word is capitalised anyway
  return [...new Set([...body.matchAll(NAME)].map((m) => m[0]))].filter((n) => !COMMON.has(n.toLowerCase()));
}

/** Capitalised words that are not names in the sense of a claim. */
const COMMON = new Set('i you we they he she it the a an if when for and but or yes no note please'.split(' '));

/** Sentences and list items of a Markdown answer, each with the [n] markers it carries. */
export function claimsOf(text: string): { sentence: string; cites: number[] }[] {
  const units = text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?](?:\s*\[\d+\])*)\s+(?=[A-Z*_"“(])/))
    .map((s) => s.trim())
    .filter(Boolean);
  return units.map((sentence) => ({ sentence, cites: [...sentence.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])) }));
}

export function supported(sentence: string, sources: Passage[]): boolean {
  const haystack = canonical(sources.map((p) => `${p.title}\n${p.heading}\n${p.section ?? p.text}`).join('\n'));
  const plain = canonical(sentence.replace(/\[\d{1,3}\]/g, ''));
  const nums = numbersIn(plain);
  if (nums.size) {
    const have = numbersIn(haystack);
    for (const n of nums) if (!have.has(n)) return false;
  }
  const lower = haystack.toLowerCase();
  for (const name of namesIn(plain)) if (!lower.includes(name.toLowerCase())) return false;
  const own = [...new Set(terms(plain))];
  if (own.length >= 3) {
    const have = new Set(terms(haystack));
    const share = own.filter((t) => have.has(t)).length / own.length;
    if (share < MIN_TERM_SHARE) return false;
  }
  return true;
}

/** Removes the sentences whose claims are not in the passages they cite. */
export function checkGrounding(text: string, passages: Passage[]): GroundingResult {
  const kept: string[] = [];
  const removed: string[] = [];
  let claims = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      kept.push(line);
      continue;
    }
    const parts = claimsOf(line);
    const keptParts: string[] = [];
    for (const { sentence, cites } of parts) {
      const plain = sentence.replace(/\[\d{1,3}\]/g, '').trim();
      const checkable = numbersIn(plain).size > 0 || namesIn(plain).length > 0 || terms(plain).length >= 3;
      if (!checkable) {
        keptParts.push(sentence);
        continue;
      }
      claims++;
      const sources = cites.length ? cites.map((n) => passages[n - 1]).filter((p): p is Passage => Boolean(p)) : passages;
      if (sources.length && supported(sentence, sources)) keptParts.push(sentence);
      else removed.push(sentence);
    }
    if (keptParts.length) {
      const indent = /^\s*(?:[-*]|\d+[.)])\s+/.exec(line)?.[0] ?? '';
      const joined = keptParts.join(' ');
      kept.push(indent && !joined.startsWith(indent.trim()) ? `${indent}${joined}` : joined);
    }
  }
  return {
    text: kept
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    claims,
    unsupported: removed.length,
    removed,
  };
}
