import type { GapsReport } from './gaps.js';

/** The `kiki report --gaps --json` shape. */
export function gapsJson(gaps: GapsReport) {
  return { window: { from: gaps.window.from, to: gaps.window.to }, minGroupSize: gaps.minGroupSize, teams: gaps.teams, notes: gaps.notes };
}

/** Plain text for terminals: one block per owning team, its counts and the sections that came closest. */
export function gapsTable(gaps: GapsReport): string {
  const out = [`Kiki knowledge gaps, ${gaps.window.label} (${gaps.window.from.slice(0, 10)} to ${gaps.window.to.slice(0, 10)})`, ''];
  if (gaps.teams.length === 0) out.push('No gaps: nothing went unanswered, got a thumbs-down or was handed off.');
  for (const t of gaps.teams) {
    out.push(`${t.team}: ${t.notFound} not found, ${t.thumbsDown} thumbs-down, ${t.handoffs} handed off (${t.askers} people)`);
    for (const s of t.closest) out.push(`  closest: ${s.heading} (${s.source}) ×${s.count}`);
    for (const q of t.questions ?? []) out.push(`  asked: ${q.replace(/\s+/g, ' ')}`);
    out.push('');
  }
  if (gaps.notes.length) out.push(...gaps.notes.map((n) => `Note: ${n}`));
  return `${out.join('\n').trimEnd()}\n`;
}
