import { describe, expect, it } from 'vitest';
import { checkValue, conditionHolds, humanize, toFieldSpec, validateValues } from '../../src/legal/fields.js';

// Contract validation, value by value: what a person typing into the modal or `--set` is told.
const spec = (input: Record<string, unknown>, required = false) => toFieldSpec(input as Parameters<typeof toFieldSpec>[0], required);
const check = (input: Record<string, unknown>, text: string) => checkValue(spec({ name: 'x', ...input }), text);

describe('field specs', () => {
  it('fill label, required, length and help from the template, or sensible defaults', () => {
    expect(humanize('counterparty_email')).toBe('Counterparty email');
    expect(humanize('_x_')).toBe('X');
    expect(spec({ name: 'party_name', type: 'text' })).toEqual({
      name: 'party_name',
      label: 'Party name',
      type: 'text',
      required: false,
      maxLength: 300,
    });
    expect(spec({ name: 'a', type: 'text', required: true }, false).required).toBe(true);
    expect(spec({ name: 'a', type: 'text', required: false }, true).required).toBe(false);
    expect(spec({ name: 'a', type: 'text' }, true).required).toBe(true);
    expect(spec({ name: 'a', label: 'Ay', type: 'long_text', help: '  say  ' })).toMatchObject({
      label: 'Ay',
      maxLength: 4000,
      help: 'say',
    });
    expect(spec({ name: 'a', type: 'text', description: 'from corpus' }).help).toBe('from corpus');
    const full = spec({
      name: 'a',
      type: 'money',
      default: '0',
      options: ['x'],
      currency: 'USD',
      validation: { pattern: '^\\d+$', hint: 'digits', min: 1, max: 9, maxLength: 12 },
    });
    expect(full).toMatchObject({
      default: '0',
      options: ['x'],
      currency: 'USD',
      pattern: '^\\d+$',
      patternHint: 'digits',
      min: 1,
      max: 9,
      maxLength: 12,
    });
    expect(Object.keys(spec({ name: 'a', type: 'text' }))).not.toContain('default');
  });
});

describe('checkValue', () => {
  it('limits length, refuses line breaks outside long text, and applies the pattern with its hint', () => {
    expect(check({ type: 'text', validation: { maxLength: 3 } }, 'abc')).toEqual({ display: 'abc', canonical: 'abc' });
    expect(check({ type: 'text', validation: { maxLength: 3 } }, 'abcd')).toEqual({ error: 'is 4 characters long; the limit is 3' });
    expect(check({ type: 'text' }, 'a\nb')).toEqual({ error: 'must be a single line' });
    expect(check({ type: 'long_text' }, 'a\nb')).toEqual({ display: 'a\nb', canonical: 'a\nb' });
    expect(check({ type: 'text', validation: { pattern: '^[A-Z]{2}\\d+$', hint: 'two letters and digits' } }, 'x1')).toEqual({
      error: 'must be two letters and digits',
    });
    expect(check({ type: 'text', validation: { pattern: '^\\d+$' } }, 'x')).toEqual({
      error: 'does not match the expected format (^\\d+$)',
    });
    expect(check({ type: 'text', validation: { pattern: '^\\d+$' } }, '12')).toEqual({ display: '12', canonical: '12' });
  });

  it('reads numbers with separators, within min and max', () => {
    expect(check({ type: 'number' }, '1,200')).toEqual({ display: '1,200', canonical: '1200' });
    expect(check({ type: 'number' }, '1_000 000')).toEqual({ display: '1,000,000', canonical: '1000000' });
    expect(check({ type: 'number' }, 'twelve')).toEqual({ error: '"twelve" is not a number' });
    expect(check({ type: 'number', validation: { min: 2 } }, '1')).toEqual({ error: 'must be at least 2' });
    expect(check({ type: 'number', validation: { min: 2 } }, '2')).toMatchObject({ canonical: '2' });
    expect(check({ type: 'number', validation: { max: 1000 } }, '1001')).toEqual({ error: 'must be at most 1,000' });
    expect(check({ type: 'number', validation: { max: 1000 } }, '1000')).toMatchObject({ canonical: '1000' });
    expect(check({ type: 'number' }, '0.1234567')).toMatchObject({ display: '0.123457' });
  });

  it('reads amounts with a code, a symbol or the field currency, never below zero', () => {
    expect(check({ type: 'money' }, '12,500')).toEqual({ display: 'EUR 12,500.00', canonical: 'EUR 12500.00' });
    expect(check({ type: 'money', currency: 'CHF' }, '10')).toEqual({ display: 'CHF 10.00', canonical: 'CHF 10.00' });
    expect(check({ type: 'money' }, 'USD 99.5')).toEqual({ display: 'USD 99.50', canonical: 'USD 99.50' });
    expect(check({ type: 'money' }, '99 GBP')).toEqual({ display: 'GBP 99.00', canonical: 'GBP 99.00' });
    expect(check({ type: 'money' }, '£5')).toEqual({ display: 'GBP 5.00', canonical: 'GBP 5.00' });
    expect(check({ type: 'money' }, '5 €')).toEqual({ display: 'EUR 5.00', canonical: 'EUR 5.00' });
    expect(check({ type: 'money' }, '1,2345')).toEqual({ error: '"1,2345" is not an amount; write it like 12,500 or EUR 12500.00' });
    expect(check({ type: 'money' }, '12.345')).toMatchObject({ error: expect.stringContaining('is not an amount') });
    expect(check({ type: 'money' }, 'x12')).toMatchObject({ error: expect.stringContaining('is not an amount') });
    expect(check({ type: 'money' }, '-5')).toMatchObject({ error: expect.stringContaining('"-5" is negative') });
    expect(check({ type: 'money', validation: { min: 100 } }, '99')).toEqual({ error: 'must be at least 100' });
    expect(check({ type: 'money', validation: { max: 100 } }, '101')).toEqual({ error: 'must be at most 100' });
  });

  it('reads emails, enums (any case, shown as declared) and yes/no', () => {
    expect(check({ type: 'email' }, 'a@b.example')).toEqual({ display: 'a@b.example', canonical: 'a@b.example' });
    expect(check({ type: 'email' }, 'a@b')).toEqual({ error: '"a@b" is not a valid email address' });
    expect(check({ type: 'enum', options: ['Yes', 'No'] }, 'yes')).toEqual({ display: 'Yes', canonical: 'Yes' });
    expect(check({ type: 'enum', options: ['Yes', 'No'] }, 'maybe')).toEqual({ error: 'must be one of: Yes, No' });
    expect(check({ type: 'enum' }, 'x')).toEqual({ error: 'must be one of: ' });
    for (const t of ['true', 'Yes', '1', 'on', 'y']) expect(check({ type: 'boolean' }, t)).toEqual({ display: 'true', canonical: 'true' });
    for (const f of ['false', 'NO', '0', 'off', 'n'])
      expect(check({ type: 'boolean' }, f)).toEqual({ display: 'false', canonical: 'false' });
    expect(check({ type: 'boolean' }, 'perhaps')).toEqual({ error: '"perhaps" is not yes or no' });
  });

  it('reads only whole YYYY-MM-DD calendar dates between 1900 and 2200', () => {
    expect(check({ type: 'date' }, '2027-01-05')).toEqual({ display: '5 January 2027', canonical: '2027-01-05' });
    expect(check({ type: 'date' }, 'x2027-01-05')).toMatchObject({ error: expect.stringContaining('use YYYY-MM-DD') });
    expect(check({ type: 'date' }, '2027-01-05x')).toMatchObject({ error: expect.stringContaining('use YYYY-MM-DD') });
    expect(check({ type: 'date' }, '2027-13-01')).toEqual({ error: '"2027-13-01" is not a real calendar date' });
    expect(check({ type: 'date' }, '2027-04-31')).toEqual({ error: '"2027-04-31" is not a real calendar date' });
    expect(check({ type: 'date' }, '1900-01-01')).toMatchObject({ canonical: '1900-01-01' });
    expect(check({ type: 'date' }, '1899-12-31')).toMatchObject({ error: expect.stringContaining('1900 to 2200') });
    expect(check({ type: 'date' }, '2200-12-31')).toMatchObject({ canonical: '2200-12-31' });
    expect(check({ type: 'date' }, '2201-01-01')).toMatchObject({ error: expect.stringContaining('1900 to 2200') });
  });
});

describe('validateValues', () => {
  const today = new Date('2026-12-01T00:00:00Z');
  const fields = [
    spec({ name: 'who', type: 'text' }, true),
    spec({ name: 'note', type: 'long_text' }),
    spec({ name: 'nda', type: 'boolean' }),
    spec({ name: 'country', type: 'text', default: 'Germany' }),
    spec({ name: 'project_start', type: 'date' }),
    spec({ name: 'project_end', type: 'date' }),
    spec({ name: 'weekend', type: 'date' }),
  ];

  it('reports missing required fields, trims values (not long text), fills defaults and unticked booleans, warns on unknown keys', () => {
    const v = validateValues(fields, { who: '  Ana  ', note: '  keep  ', extra: 1, zzz: 2 }, { today });
    expect(v.values).toEqual({ who: 'Ana', note: '  keep  ', nda: 'false', country: 'Germany' });
    expect(v.canonical).toEqual({ who: 'Ana', note: '  keep  ', nda: 'false', country: 'Germany' });
    expect(v.warnings).toEqual([
      '"extra" is not a field of this template and was ignored',
      '"zzz" is not a field of this template and was ignored',
    ]);
    const missing = validateValues(fields, { who: '   ', nda: null }, { today });
    expect(missing.missing).toEqual(['who']);
    expect(missing.problems).toEqual([{ field: 'who', message: 'Who is required' }]);
    expect(validateValues(fields, { who: { a: 1 } }, { today }).values.who).toBe('{"a":1}');
    expect(validateValues(fields, { who: 'A', country: 'France' }, { today }).values.country).toBe('France');
  });

  it('pairs …_end with …_start by name only, and leaves an invalid value out of the values', () => {
    expect(validateValues(fields, { who: 'A', project_start: '2027-02-01', project_end: '2027-01-01' }, { today }).problems).toEqual([
      { field: 'project_end', message: 'Project end: must be after the project start (1 February 2027)' },
    ]);
    // "weekend" holds "end" but is not an end date; a start with no end, or an end with no start, is fine.
    expect(validateValues(fields, { who: 'A', project_start: '2027-02-01', weekend: '2027-01-01' }, { today }).problems).toEqual([]);
    expect(validateValues(fields, { who: 'A', project_end: '2027-01-01' }, { today }).problems).toEqual([]);
    const textStart = [spec({ name: 'start', type: 'text' }), spec({ name: 'end', type: 'date' })];
    expect(validateValues(textStart, { start: 'zzzz', end: '2027-01-01' }, { today }).problems).toEqual([]);
    const bad = validateValues(fields, { who: 'A', nda: 'perhaps' }, { today });
    expect(bad.values).not.toHaveProperty('nda');
    expect(bad.problems).toEqual([{ field: 'nda', message: 'Nda: "perhaps" is not yes or no' }]);
  });
});

describe('conditionHolds', () => {
  it('tests a clause condition: set, equals (any case) or one of', () => {
    expect(conditionHolds({ field: 'a' }, { a: 'yes' })).toBe(true);
    expect(conditionHolds({ field: 'a' }, { a: 'false' })).toBe(false);
    expect(conditionHolds({ field: 'a' }, { a: '' })).toBe(false);
    expect(conditionHolds({ field: 'a' }, {})).toBe(false);
    expect(conditionHolds({ field: 'a', equals: 'EU' }, { a: 'eu' })).toBe(true);
    expect(conditionHolds({ field: 'a', equals: true }, { a: 'false' })).toBe(false);
    expect(conditionHolds({ field: 'a', in: ['FR', 'DE'] }, { a: 'de' })).toBe(true);
    expect(conditionHolds({ field: 'a', in: ['FR', 'DE'] }, { a: 'it' })).toBe(false);
  });
});
