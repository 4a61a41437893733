/**
 * The one CSV writer for every CSV Kiki writes (usage report, verified answers export, press report). A text
 * cell starting with = + - @ or a tab/carriage return is prefixed with ' so that a spreadsheet shows it as
 * text instead of running it as a formula (`=HYPERLINK(…)`, `+SUM(…)`, `@SUM(…)`, `-2+3`); numbers stay numbers.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (the header first) as CSV text, one line per row, with a final newline; `bom` for Excel. */
export function toCsv(rows: CsvValue[][], options: { bom?: boolean } = {}): string {
  const text = rows.map((r) => r.map(csvCell).join(',')).join('\n');
  return `${options.bom ? '\uFEFF' : ''}${text}\n`;
}

/** What csvCell added, taken off again when a CSV Kiki wrote is read back (an FAQ export re-imported). */
export function csvText(cell: string): string {
  return cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell;
}
