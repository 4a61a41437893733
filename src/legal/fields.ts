import { z } from 'zod';
import { knownJurisdiction } from './jurisdictions.js';
import { FIELD_TYPES, type FieldProblem, type FieldSpec, type FieldType, type Values } from './types.js';

const TYPE_ALIASES: Record<string, FieldType> = {
  string: 'text',
  'long text': 'long_text',
  longtext: 'long_text',
  'long-text': 'long_text',
  bool: 'boolean',
  currency: 'money',
  amount: 'money',
};

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

/** One field as written in front-matter or a sidecar YAML (the corpus' metadata.yaml uses the same keys). */
export const fieldInputSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a field name is letters, digits and underscores'),
    label: z.string().optional(),
    type: z
      .string()
      .default('text')
      .transform((t) => TYPE_ALIASES[t.toLowerCase()] ?? t.toLowerCase())
      .pipe(z.enum(FIELD_TYPES)),
    required: z.boolean().optional(),
    default: scalar.optional(),
    help: z.string().optional(),
    description: z.string().optional(),
    options: z.array(scalar).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    validation: z
      .object({
        pattern: z.string().optional(),
        hint: z.string().optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        maxLength: z.number().int().positive().optional(),
      })
      .optional(),
  })
  .passthrough();

export type FieldInput = z.output<typeof fieldInputSchema>;

const MAX_LENGTH: Record<FieldType, number> = {
  text: 300,
  long_text: 4000,
  date: 40,
  number: 40,
  money: 40,
  email: 254,
  enum: 200,
  party: 200,
  jurisdiction: 120,
  boolean: 10,
};

export function toFieldSpec(f: FieldInput, required: boolean): FieldSpec {
  const spec: FieldSpec = {
    name: f.name,
    label: f.label ?? humanize(f.name),
    type: f.type,
    required: f.required ?? required,
    maxLength: f.validation?.maxLength ?? MAX_LENGTH[f.type],
  };
  const help = f.help ?? f.description;
  if (help) spec.help = help.trim();
  if (f.default !== undefined) spec.default = f.default;
  if (f.options) spec.options = f.options;
  if (f.currency) spec.currency = f.currency;
  if (f.validation?.pattern) spec.pattern = f.validation.pattern;
  if (f.validation?.hint) spec.patternHint = f.validation.hint;
  if (f.validation?.min !== undefined) spec.min = f.validation.min;
  if (f.validation?.max !== undefined) spec.max = f.validation.max;
  return spec;
}

export function humanize(name: string): string {
  const s = name.replace(/_/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// C0 controls other than tab and newline, DEL, C1 controls, and the Unicode line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
// Markup that would smuggle structure into the document: any XML tag, processing instruction or CDATA.
const MARKUP = /<\/?[A-Za-z][\w:.-]*(\s[^<>]*)?\/?>|<\?xml|<!\[CDATA\[/i;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface ValidationResult {
  /** Normalised, ready to render (dates and amounts spelled out; booleans "true"/"false"). */
  values: Values;
  /** Raw canonical values (ISO dates, plain numbers): what is hashed and audited. */
  canonical: Values;
  problems: FieldProblem[];
  missing: string[];
  warnings: string[];
}

/**
 * How far a contract date may sit from today. Backdating a contract by months is common (an NDA signed after the
 * talks began), by more than a year it is almost always a typo; a start more than five years out is one too.
 */
export const DATE_WINDOW = { yearsBack: 1, yearsAhead: 5 } as const;

export interface ValidationOptions {
  /** The day dates are measured from (default: now). */
  today?: Date;
}

/** Checks every value against its field and reports every problem at once. */
export function validateValues(fields: FieldSpec[], input: Record<string, unknown>, options: ValidationOptions = {}): ValidationResult {
  const values: Values = {};
  const canonical: Values = {};
  const problems: FieldProblem[] = [];
  const missing: string[] = [];
  const warnings: string[] = [];
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(input).sort()) {
    if (!known.has(key)) warnings.push(`"${key}" is not a field of this template and was ignored`);
  }
  for (const field of fields) {
    const raw = input[field.name];
    let text = raw === undefined || raw === null ? '' : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    if (field.type !== 'long_text') text = text.trim();
    if (text.trim() === '' && field.default !== undefined) text = field.default;
    if (text.trim() === '') {
      if (field.required) {
        missing.push(field.name);
        problems.push({ field: field.name, message: `${field.label} is required` });
      } else if (field.type === 'boolean') {
        values[field.name] = 'false';
        canonical[field.name] = 'false';
      }
      continue;
    }
    const result = checkValue(field, text);
    const error = 'error' in result ? result.error : field.type === 'date' ? checkDateWindow(text, options.today ?? new Date()) : undefined;
    if (error !== undefined) problems.push({ field: field.name, message: `${field.label}: ${error}` });
    else if (!('error' in result)) {
      values[field.name] = result.display;
      canonical[field.name] = result.canonical;
    }
  }
  problems.push(...checkDateOrder(fields, canonical, values));
  return { values, canonical, problems, missing, warnings };
}

/** `YYYY-MM-DD` of a UTC day `years` away from `today` (29 February falls back to the 28th). */
function shiftYears(today: Date, years: number): string {
  const y = today.getUTCFullYear() + years;
  const m = today.getUTCMonth();
  const d = Math.min(today.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
}

function checkDateWindow(iso: string, today: Date): string | undefined {
  const earliest = shiftYears(today, -DATE_WINDOW.yearsBack);
  const latest = shiftYears(today, DATE_WINDOW.yearsAhead);
  if (iso < earliest)
    return `${longDate(iso)} is more than a year ago; a contract date can be at most one year back (${longDate(earliest)} or later)`;
  if (iso > latest) return `${longDate(iso)} is more than ${DATE_WINDOW.yearsAhead} years ahead; pick a date up to ${longDate(latest)}`;
  return undefined;
}

/** A field named `…end…` must fall after its `…start…` twin (`end_date` after `start_date`). */
function checkDateOrder(fields: FieldSpec[], canonical: Values, values: Values): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  for (const end of fields) {
    if (end.type !== 'date' || !/(^|_)end(_|$)/.test(end.name)) continue;
    const start = byName.get(end.name.replace(/(^|_)end(_|$)/, '$1start$2'));
    if (start?.type !== 'date') continue;
    const [from, to] = [canonical[start.name], canonical[end.name]];
    if (from === undefined || to === undefined || to > from) continue;
    problems.push({ field: end.name, message: `${end.label}: must be after the ${start.label.toLowerCase()} (${values[start.name]})` });
  }
  return problems;
}

function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

type Checked = { display: string; canonical: string } | { error: string };

export function checkValue(field: FieldSpec, text: string): Checked {
  if (text.length > field.maxLength) return { error: `is ${text.length} characters long; the limit is ${field.maxLength}` };
  if (CONTROL.test(text)) return { error: 'contains control characters; please retype it as plain text' };
  if (field.type !== 'long_text' && /[\r\n\t]/.test(text)) return { error: 'must be a single line' };
  if (MARKUP.test(text)) return { error: 'contains markup such as <w:t> or other XML tags; please enter plain text' };
  if (field.pattern && !new RegExp(field.pattern).test(text)) {
    return { error: field.patternHint ? `must be ${field.patternHint}` : `does not match the expected format (${field.pattern})` };
  }
  const same = { display: text, canonical: text };
  switch (field.type) {
    case 'date':
      return checkDate(text);
    case 'number': {
      const n = Number(text.replace(/[,_\s]/g, ''));
      if (!Number.isFinite(n)) return { error: `"${text}" is not a number` };
      const range = checkRange(field, n);
      return range ?? { display: formatNumber(n), canonical: String(n) };
    }
    case 'money':
      return checkMoney(field, text);
    case 'email':
      return EMAIL.test(text) ? same : { error: `"${text}" is not a valid email address` };
    case 'enum': {
      const match = field.options?.find((o) => o.toLowerCase() === text.toLowerCase());
      return match !== undefined ? { display: match, canonical: match } : { error: `must be one of: ${(field.options ?? []).join(', ')}` };
    }
    case 'jurisdiction': {
      const known = knownJurisdiction(text);
      return known
        ? { display: known, canonical: known }
        : { error: `"${text}" is not a jurisdiction Kiki knows; write a country or state, e.g. Germany, England and Wales, New York` };
    }
    case 'party':
      return (text.match(/\p{L}/gu) ?? []).length >= 2 ? same : { error: `"${text}" is not a name; write the full legal name` };
    case 'boolean': {
      const s = text.toLowerCase();
      if (['true', 'yes', '1', 'on', 'y'].includes(s)) return { display: 'true', canonical: 'true' };
      if (['false', 'no', '0', 'off', 'n'].includes(s)) return { display: 'false', canonical: 'false' };
      return { error: `"${text}" is not yes or no` };
    }
    default:
      return same;
  }
}

function checkRange(field: FieldSpec, n: number): { error: string } | undefined {
  if (field.min !== undefined && n < field.min) return { error: `must be at least ${formatNumber(field.min)}` };
  if (field.max !== undefined && n > field.max) return { error: `must be at most ${formatNumber(field.max)}` };
  return undefined;
}

function checkDate(text: string): Checked {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return { error: `"${text}" is not a date; use YYYY-MM-DD, e.g. 2025-03-01` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return { error: `"${text}" is not a real calendar date` };
  }
  if (y < 1900 || y > 2200) {
    return { error: `"${text}" is outside the years a contract can take (1900 to 2200)` };
  }
  return { display: longDate(text), canonical: text };
}

const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', CHF: 'CHF' };

function checkMoney(field: FieldSpec, text: string): Checked {
  let rest = text.trim();
  let currency = field.currency ?? 'EUR';
  const code = /^([A-Z]{3})\s*|\s*([A-Z]{3})$/.exec(rest);
  if (code) {
    currency = (code[1] ?? code[2]) as string;
    rest = rest.replace(code[0], '').trim();
  } else {
    const symbol = Object.keys(CURRENCY_SYMBOLS).find((s) => rest.startsWith(s) || rest.endsWith(s));
    if (symbol) {
      currency = CURRENCY_SYMBOLS[symbol] as string;
      rest = rest.replace(symbol, '').trim();
    }
  }
  if (/^[-−–]\s*\d/.test(rest)) return { error: `"${text}" is negative; an amount is ${formatNumber(field.min ?? 0)} or more` };
  if (!/^\d{1,3}(,\d{3})*(\.\d{1,2})?$|^\d+(\.\d{1,2})?$/.test(rest)) {
    return { error: `"${text}" is not an amount; write it like 12,500 or EUR 12500.00` };
  }
  const n = Number(rest.replace(/,/g, ''));
  const range = checkRange({ ...field, min: field.min ?? 0 }, n);
  if (range) return range;
  const display = `${currency} ${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return { display, canonical: `${currency} ${n.toFixed(2)}` };
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** Tests a clause or selection condition against canonical values. */
export function conditionHolds(cond: { field: string; equals?: string | boolean; in?: string[] }, values: Values): boolean {
  const v = values[cond.field];
  if (v === undefined || v === '') return false;
  if (cond.in) return cond.in.some((x) => x.toLowerCase() === v.toLowerCase());
  if (cond.equals !== undefined) return String(cond.equals).toLowerCase() === v.toLowerCase();
  return v !== 'false';
}
