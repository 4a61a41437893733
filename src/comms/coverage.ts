// What comms teams read in a press report beyond tone: share of voice against competitors, pick-up of the key
// messages, spokespeople quoted and potential reach from an outlet list. No advertising value equivalent (AVE):
// it prices coverage as if it were advertising, which says nothing about its quality (AMEC, Barcelona Principles).
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stemmer } from 'stemmer';
import * as sw from 'stopword';
import { ErrorCode, KikiError } from '../errors.js';
import { brandOf, type PreparedArticle, scoreSentences } from './analyze.js';
import { frStem } from './scoring/lexicon-fr.js';
import { fold, tokenize } from './scoring/text.js';
import type { BrandTreatment } from './types.js';

export interface CoverageContext {
  brandTerms: string[];
  /** One competitor per entry; aliases of one competitor separated by "|" ("Stripe|Stripe Inc"). */
  competitors: string[];
  keyMessages: string[];
}

export interface ArticleCoverage {
  competitors: ({ name: string } & BrandTreatment)[];
  /** The key messages the article carries (by content words, in one sentence or the headline). */
  keyMessages: string[];
}

const STOP = new Set([...sw.eng, ...sw.fra]);

function contentStems(text: string, language: string): string[] {
  const stem = language === 'fr' ? (w: string) => fold(frStem(w)) : (w: string) => stemmer(w);
  return tokenize(text)
    .flatMap((t) => t.split("'"))
    .filter((t) => /^\p{L}{2,}$/u.test(t) && !STOP.has(t))
    .map(stem);
}

/** True when one sentence holds at least two thirds of the message's content words (all of them up to two). */
export function carriesMessage(sentences: string[], message: string, language: string): boolean {
  const wanted = [...new Set(contentStems(message, language))];
  if (wanted.length === 0) return false;
  const need = wanted.length <= 2 ? wanted.length : Math.ceil((wanted.length * 2) / 3);
  return sentences.some((s) => {
    const have = new Set(contentStems(s, language));
    return wanted.filter((w) => have.has(w)).length >= need;
  });
}

export function competitorName(entry: string): string {
  return entry.split('|')[0]?.trim() ?? entry;
}

export function coverageOf(article: PreparedArticle, context: CoverageContext): ArticleCoverage {
  const lang = article.language === 'fr' ? 'fr' : 'en';
  const { body, title } = scoreSentences(article, lang);
  const all = title ? [title, ...body] : body;
  const competitors = context.competitors.map((entry) => {
    const terms = entry
      .split('|')
      .map((t) => t.trim())
      .filter(Boolean);
    const others = [...context.brandTerms, ...context.competitors.filter((c) => c !== entry)];
    return { name: competitorName(entry), ...(brandOf(all, terms, lang, others) as BrandTreatment) };
  });
  const texts = all.map((s) => s.text);
  return { competitors, keyMessages: context.keyMessages.filter((m) => carriesMessage(texts, m, lang)) };
}

/** Monthly audience by outlet name and by web domain, from a CSV with `outlet`, `monthly_audience` and optional `domain`. */
export interface OutletAudience {
  byName: Map<string, { outlet: string; audience: number }>;
  byDomain: Map<string, { outlet: string; audience: number }>;
}

export function readOutletAudience(file: string): OutletAudience {
  let rows: Record<string, string>[];
  try {
    rows = parse(fs.readFileSync(file), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
    });
  } catch (error) {
    throw new KikiError(ErrorCode.InvalidInput, `The outlet list ${file} could not be read as CSV.`, { cause: error });
  }
  const first = rows[0] ?? {};
  if (!('outlet' in first) || !('monthly_audience' in first)) {
    throw new KikiError(
      ErrorCode.InvalidInput,
      `The outlet list ${file} needs the columns outlet and monthly_audience (and optionally domain).`,
    );
  }
  const out: OutletAudience = { byName: new Map(), byDomain: new Map() };
  for (const [i, r] of rows.entries()) {
    const audience = Number(String(r.monthly_audience ?? '').replace(/[\s,_]/g, ''));
    const outlet = (r.outlet ?? '').trim();
    if (!outlet || !Number.isFinite(audience) || audience < 0) {
      throw new KikiError(
        ErrorCode.InvalidInput,
        `The outlet list ${file}, line ${i + 2}: expected an outlet name and a monthly audience.`,
      );
    }
    const entry = { outlet, audience };
    out.byName.set(outlet.toLowerCase(), entry);
    const domain = (r.domain ?? '')
      .trim()
      .toLowerCase()
      .replace(/^www\./, '');
    if (domain) out.byDomain.set(domain, entry);
  }
  return out;
}

export function audienceOf(
  audience: OutletAudience,
  article: { outlet: string | null; source: string },
): { outlet: string; audience: number } | undefined {
  const byName = article.outlet ? audience.byName.get(article.outlet.toLowerCase()) : undefined;
  if (byName) return byName;
  let host: string | undefined;
  try {
    host = new URL(article.source).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    host = article.outlet?.toLowerCase().replace(/^www\./, '');
  }
  return host ? audience.byDomain.get(host) : undefined;
}
