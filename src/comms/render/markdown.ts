import type { GroupRow, SentimentReport } from '../report.js';
import type { ArticleResult } from '../types.js';

const sign = (n: number) => (n > 0 ? `+${n}` : String(n));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function groupTable(title: string, rows: GroupRow[]): string[] {
  if (rows.length === 0) return [];
  return [
    `## ${title}`,
    '',
    '| | articles | positive | neutral | negative | mixed | net | avg score |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${cell(r.key)} | ${r.articles} | ${r.positive} | ${r.neutral} | ${r.negative} | ${r.mixed} | ${sign(r.net)} | ${r.averageScore} |`,
    ),
    '',
  ];
}

function articleLine(a: ArticleResult): string {
  const brand = a.brand && a.brand.mentions > 0 ? `, brand tone ${a.brand.label}` : '';
  const check = a.human ? `, checked by a person (Kiki said ${a.human.scoredLabel})` : a.needsReview ? ', needs a human check' : '';
  return `- **${cell(a.title)}** (${[a.outlet, a.date, a.language].filter(Boolean).join(', ')}): ${a.label}, score ${a.score}, confidence ${a.confidence}${brand}${check} — ${a.source}${a.rationale ? `\n  _${cell(a.rationale)}_` : ''}${whyLines(a)}`;
}

/** The sentences that decided the article's label and the brand's tone, so a reader sees why. */
function whyLines(a: ArticleResult): string {
  const out = (a.deciding ?? []).map((d) => `\n  - decided by${d.headline ? ' (headline)' : ''}: "${cell(d.text)}" (${d.score})`);
  if (a.team) out.push(`\n  - following the team's labels: ${cell(a.team.reason)} (Kiki alone said ${a.team.offlineLabel})`);
  for (const b of a.brand?.sentences ?? []) out.push(`\n  - brand (${b.role}): "${cell(b.text)}" (${b.score})`);
  return out.join('');
}

function headlineNote(report: SentimentReport): string {
  const h = report.headline;
  const n = report.summary.articles;
  if (h.provisional) return ` (provisional: ${n === 1 ? 'the article needs' : `all ${n} articles need`} a human check)`;
  if (h.needingCheck === 0) return '';
  return ` (on the ${h.articles} articles scored with confidence or checked; ${h.needingCheck} more need a human check)`;
}

/** The brand, share-of-voice, key-message, spokespeople and reach sections, each only when the report has it. */
function coverageLines(report: SentimentReport): string[] {
  const out: string[] = [];
  if (report.brand) {
    const b = report.brand;
    out.push(
      `**Brand (${b.terms.join(', ')}):** ${b.mentions} mentions in ${b.articlesMentioning} articles; net ${sign(b.counts.net)} on the sentences about the brand.`,
      '',
    );
  }
  if (report.shareOfVoice) {
    out.push(
      '## Share of voice',
      '',
      '| | share | mentions | articles | positive | neutral | negative | mixed |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const r of report.shareOfVoice)
      out.push(
        `| ${cell(r.name)} | ${r.share}% | ${r.mentions} | ${r.articles} | ${r.counts.positive} | ${r.counts.neutral} | ${r.counts.negative} | ${r.counts.mixed} |`,
      );
    out.push('');
  }
  if (report.keyMessages) {
    out.push(
      '## Key messages picked up',
      '',
      ...report.keyMessages.map((k) => `- “${k.message}”: ${k.articles} articles (${k.share}%)`),
      '',
    );
  }
  if (report.spokespeople.length) {
    out.push(
      '## Spokespeople quoted',
      '',
      ...report.spokespeople.map(
        (p) => `- ${p.name}: ${p.articles} article${p.articles === 1 ? '' : 's'}${p.outlets.length ? ` (${p.outlets.join(', ')})` : ''}`,
      ),
      '',
    );
  }
  if (report.reach) {
    const r = report.reach;
    out.push(
      `**Potential reach: ${r.total.toLocaleString('en-US')}** (monthly audience of each article's outlet, summed; ${r.matched} of ${report.summary.articles} articles matched the outlet list). No advertising value equivalent (AVE) is given.`,
      '',
    );
  }
  return out;
}

/** A section of quotes under a heading, or nothing when there are none. */
function quoteSection(title: string, list: SentimentReport['topQuotes']['positive']): string[] {
  return list.length
    ? [`## ${title}`, '', ...list.map((q) => `> ${q.text}\n>\n> — ${q.title}${q.outlet ? `, ${q.outlet}` : ''}\n`), '']
    : [];
}

/** The report as Markdown, for `kiki sentiment --out report.md`. */
export function buildMarkdown(report: SentimentReport, chartFile?: string): string {
  const s = report.summary;
  const out = [
    '# Press sentiment report',
    '',
    `${s.articles} article${s.articles === 1 ? '' : 's'} scored (${report.scorer} scorer), generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    `**Net sentiment: ${sign(report.headline.net)}**${headlineNote(report)} — all articles: positive ${s.positive} (${s.shares.positive}%), neutral ${s.neutral} (${s.shares.neutral}%), negative ${s.negative} (${s.shares.negative}%), mixed ${s.mixed} (${s.shares.mixed}%).`,
    '',
    `_${report.netFormula}_`,
    '',
  ];
  if (chartFile) out.push(`![Sentiment chart](${chartFile})`, '');
  out.push(...coverageLines(report));
  const h = report.humanCheck;
  out.push(
    `**Human check:** ${report.headline.needingCheck} of ${s.articles} articles need a human check (below the calibrated confidence level); ${h.corrected} labels corrected by people; validation sample of ${h.sample.length} articles${h.agreement === null ? '' : `, agreement ${Math.round(h.agreement * 100)}% on ${h.sampleChecked} checked`}.`,
    '',
  );
  if (report.trend) out.push(...groupTable(`Trend by ${report.trend.period}`, report.trend.rows));
  out.push(...groupTable('By outlet', report.byOutlet), ...groupTable('By language', report.byLanguage));
  if (report.drivers.positive.length + report.drivers.negative.length > 0) {
    out.push(
      '## Articles driving the result',
      '',
      ...report.drivers.negative.map(articleLine),
      ...report.drivers.positive.map(articleLine),
      '',
    );
  }
  out.push(
    ...quoteSection('Top positive quotes', report.topQuotes.positive),
    ...quoteSection('Top negative quotes', report.topQuotes.negative),
  );
  if (report.themes.length) {
    out.push(
      '## Themes',
      '',
      ...report.themes.map((t) => `- ${t.phrase}: ${t.articles} article${t.articles === 1 ? '' : 's'}, average score ${t.averageScore}`),
      '',
    );
  }
  out.push('## All articles', '', ...report.articles.map(articleLine), '');
  if (report.failures.length) out.push('## Could not be read', '', ...report.failures.map((f) => `- ${f.source}: ${f.error}`), '');
  const notes = report.articles.filter((a) => a.note);
  if (notes.length) out.push('## Notes', '', ...notes.map((a) => `- ${cell(a.title)}: ${a.note}`), '');
  return out.join('\n');
}
