import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export function tempDataDir(prefix = 'kiki-bench-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Prints a Markdown table, so the output can be pasted into docs/benchmarks.md as it is. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const fmt = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : v);
  console.log(`\n**${title}**\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.map(fmt).join(' | ')} |`);
}

export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Skips (exit 0 with a message) when the shared corpora are not beside the project. */
export function sharedCorpus(relative: string): string | undefined {
  const dir = path.resolve(import.meta.dirname, '../../../shared/corpora', relative);
  if (!fs.existsSync(dir)) {
    console.log(`skipped: ${dir} is absent (the shared corpora sit beside the project in CI)`);
    return undefined;
  }
  return dir;
}
