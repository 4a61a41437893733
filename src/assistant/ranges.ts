/**
 * Amounts in a question ("a contract worth 60k euros") and the ranges a document states ("25,000 to 100,000
 * EUR", "above 100,000 EUR", "up to 1,000 EUR"): the row whose range holds the amount is the answer.
 */
const NUMBER = String.raw`(\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?)\s*(k|m|thousand|million)?\b`;
const AMOUNT = new RegExp(NUMBER, 'gi');
const BETWEEN = new RegExp(`${NUMBER}\\s*(?:[A-Z]{3}|€|\\$|£)?\\s*(?:to|-|–|and)\\s*[€$£]?\\s*${NUMBER}`, 'i');
const ABOVE = new RegExp(`\\b(?:above|over|more than|exceeding|greater than|from)\\s*[€$£]?\\s*${NUMBER}`, 'i');
const BELOW = new RegExp(`\\b(?:up to|below|under|less than|at most|not exceeding)\\s*[€$£]?\\s*${NUMBER}`, 'i');

function value(digits: string, scale: string | undefined): number {
  const n = Number(digits.replace(/[,\s]/g, '').replace(/\.(?=\d{3}\b)/g, ''));
  const s = (scale ?? '').toLowerCase();
  return n * (s === 'k' || s === 'thousand' ? 1_000 : s === 'm' || s === 'million' ? 1_000_000 : 1);
}

/** Amounts of 100 or more the question names (smaller numbers are more often counts than money). */
export function questionAmounts(question: string): number[] {
  return [...question.matchAll(AMOUNT)].map((m) => value(m[1] as string, m[2])).filter((n) => n >= 100);
}

/** 1 when the text states a range that holds one of the amounts, -1 when it states ranges that hold none, else 0. */
export function rangeFit(text: string, amounts: number[]): number {
  if (amounts.length === 0) return 0;
  const between = BETWEEN.exec(text);
  let range: [number, number] | undefined;
  if (between) range = [value(between[1] as string, between[2]), value(between[3] as string, between[4])];
  else {
    const above = ABOVE.exec(text);
    const below = BELOW.exec(text);
    if (above) range = [value(above[1] as string, above[2]), Number.POSITIVE_INFINITY];
    else if (below) range = [0, value(below[1] as string, below[2])];
  }
  if (!range) return 0;
  const [lo, hi] = range;
  return amounts.some((a) => a >= lo && a <= hi) ? 1 : -1;
}
