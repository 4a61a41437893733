import { type ArticleCoverage, audienceOf, type OutletAudience } from './coverage.js';
import type { ArticleResult, SentimentLabel } from './types.js';

export interface ReportContext {
  competitors?: string[];
  keyMessages?: string[];
  audience?: OutletAudience;
}

interface ToneCounts {
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
}

export interface CoverageSections {
  /** The brand and each competitor: articles and sentences naming them, share of all those mentions, tone. */
  shareOfVoice: { name: string; articles: number; mentions: number; share: number; counts: ToneCounts }[] | null;
  keyMessages: { message: string; articles: number; share: number }[] | null;
  spokespeople: { name: string; articles: number; outlets: string[] }[];
  /** Potential reach: the monthly audience of each article's outlet, summed (an outlet counts once per article). */
  reach: { total: number; matched: number; unmatched: number; byOutlet: { outlet: string; articles: number; reach: number }[] } | null;
}

const zero = (): ToneCounts => ({ positive: 0, neutral: 0, negative: 0, mixed: 0 });
const pct = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 10 : 0);

export function coverageSections(
  articles: (ArticleResult & { coverage?: ArticleCoverage })[],
  brandTerms: string[],
  context: ReportContext = {},
): CoverageSections {
  let shareOfVoice: CoverageSections['shareOfVoice'] = null;
  const competitors = context.competitors ?? [];
  if (competitors.length) {
    const brandName = brandTerms[brandTerms.length - 1] ?? 'brand';
    const rows = [{ name: brandName, articles: 0, mentions: 0, share: 0, counts: zero() }];
    for (const a of articles) {
      if (a.brand && a.brand.mentions > 0) {
        const row = rows[0] as (typeof rows)[number];
        row.articles++;
        row.mentions += a.brand.mentions;
        row.counts[a.brand.label as SentimentLabel]++;
      }
    }
    for (const entry of competitors) {
      const name = entry.split('|')[0]?.trim() ?? entry;
      const row = { name, articles: 0, mentions: 0, share: 0, counts: zero() };
      for (const a of articles) {
        const c = a.coverage?.competitors.find((x) => x.name === name);
        if (!c || c.mentions === 0) continue;
        row.articles++;
        row.mentions += c.mentions;
        row.counts[c.label]++;
      }
      rows.push(row);
    }
    const total = rows.reduce((s, r) => s + r.mentions, 0);
    for (const r of rows) r.share = pct(r.mentions, total);
    shareOfVoice = rows;
  }
  const keyMessages = context.keyMessages?.length
    ? context.keyMessages.map((message) => {
        const n = articles.filter((a) => a.coverage?.keyMessages.includes(message)).length;
        return { message, articles: n, share: pct(n, articles.length) };
      })
    : null;
  const people = new Map<string, { articles: number; outlets: Set<string> }>();
  for (const a of articles)
    for (const name of new Set(a.spokespeople ?? [])) {
      const p = people.get(name) ?? { articles: 0, outlets: new Set<string>() };
      p.articles++;
      if (a.outlet) p.outlets.add(a.outlet);
      people.set(name, p);
    }
  const spokespeople = [...people.entries()]
    .map(([name, p]) => ({ name, articles: p.articles, outlets: [...p.outlets].sort() }))
    .sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name))
    .slice(0, 15);
  let reach: CoverageSections['reach'] = null;
  if (context.audience) {
    const byOutlet = new Map<string, { articles: number; reach: number }>();
    let matched = 0;
    for (const a of articles) {
      const hit = audienceOf(context.audience, a);
      if (!hit) continue;
      matched++;
      const o = byOutlet.get(hit.outlet) ?? { articles: 0, reach: 0 };
      byOutlet.set(hit.outlet, { articles: o.articles + 1, reach: o.reach + hit.audience });
    }
    const rows = [...byOutlet.entries()].map(([outlet, o]) => ({ outlet, ...o })).sort((a, b) => b.reach - a.reach);
    reach = { total: rows.reduce((s, r) => s + r.reach, 0), matched, unmatched: articles.length - matched, byOutlet: rows };
  }
  return { shareOfVoice, keyMessages, spokespeople, reach };
}
