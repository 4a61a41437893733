import { contentWords } from '../../src/assistant/text.js';
import { canSee } from '../../src/retrieval/access.js';
import type { Asker, Passage, Retriever } from '../../src/retrieval/types.js';

export interface MemoryDoc {
  source: string;
  title: string;
  /** Section heading; the passage heading becomes "Title › Section". */
  section?: string;
  text: string;
  owner?: string;
  url?: string;
  /** Only these departments (and admins) may see it; absent = everyone; `public` = guests from other organisations too. */
  departments?: string[];
}

/** A tiny Retriever for unit tests: word overlap, with the same access rule and signals as the real one. */
export class MemoryRetriever implements Retriever {
  readonly queries: { query: string; asker: Asker }[] = [];

  constructor(private readonly docs: MemoryDoc[]) {}

  async search(query: string, asker: Asker, options: { k?: number } = {}): Promise<Passage[]> {
    this.queries.push({ query, asker });
    const wanted = [...new Set(contentWords(query))];
    const everywhere = new Set(this.docs.flatMap((d) => contentWords(`${d.title} ${d.section ?? ''} ${d.text}`)));
    const unknownShare = wanted.length ? wanted.filter((w) => !everywhere.has(w)).length / wanted.length : 0;
    return this.docs
      .filter((d) => canSee(asker, d.departments))
      .map((d, i) => {
        const words = new Set(contentWords(`${d.title} ${d.section ?? ''} ${d.text}`));
        const hits = wanted.filter((w) => words.has(w)).length;
        const coverage = wanted.length ? hits / wanted.length : 0;
        const heading = new Set(contentWords(`${d.title} ${d.section ?? ''}`));
        const passage: Passage = {
          id: `${d.source}#${i}`,
          source: d.source,
          title: d.title,
          heading: d.section ? `${d.title} › ${d.section}` : d.title,
          headingPath: d.section ? [d.title, d.section] : [d.title],
          text: d.text,
          score: coverage,
          signals: {
            coverage,
            bm25: hits * 5,
            expandedCoverage: coverage,
            idfCoverage: coverage,
            expandedIdfCoverage: coverage,
            titleCoverage: wanted.length ? wanted.filter((w) => heading.has(w)).length / wanted.length : 0,
            documentCoverage: coverage,
            unknownShare,
            bm25Share: coverage * 1.5,
            missingRarest: 1 - coverage,
          },
          ...(d.url ? { url: d.url } : {}),
          ...(d.owner ? { owner: d.owner } : {}),
          ...(d.departments ? { access: d.departments } : {}),
        };
        return passage;
      })
      .filter((p) => p.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, options.k ?? 5);
  }
}

export const SAMPLE_DOCS: MemoryDoc[] = [
  {
    source: 'policies/travel.md',
    title: 'Travel policy',
    section: 'Per diem',
    owner: 'Finance',
    url: 'https://intranet.example.com/travel',
    text: 'The per diem for business travel is 60 EUR a day within Europe and 80 EUR a day elsewhere. It covers meals and local transport. Receipts are not needed for the per diem.',
  },
  {
    source: 'policies/time-off.md',
    title: 'Time off',
    section: 'Paid time off',
    owner: 'People',
    text: 'Every employee gets 27 days of paid time off a year. Request time off in the HR portal at least two weeks ahead. Contractors follow the terms of their own contract and get no paid time off.',
  },
  {
    source: 'it/vpn.md',
    title: 'VPN setup',
    owner: 'IT',
    text: 'Install the WireGuard client, then import the profile from the IT portal. The VPN is required on public networks.',
  },
  {
    source: 'finance/salary-bands.md',
    title: 'Salary bands 2025',
    section: 'Engineering bands',
    owner: 'Finance',
    departments: ['Finance'],
    text: 'The engineering salary band for level 3 runs from 70,000 to 85,000 EUR.',
  },
];
