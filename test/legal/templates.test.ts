import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContractService, DraftValidationError } from '../../src/legal/contracts.js';
import { checkValue, toFieldSpec, validateValues } from '../../src/legal/fields.js';
import { openAiSuggester } from '../../src/legal/suggest.js';
import { createLogger } from '../../src/logger.js';
import { contractService, docxText, inDays, longDate, startFakeChat, TEMPLATES, VALID } from '../helpers/contracts.js';
import { tempDir } from '../helpers/env.js';

describe('shipped contract templates', () => {
  const svc = contractService();

  it('ships the five Acme Pay templates, each with a version and an owner, all usable', () => {
    const ids = svc.list().map((t) => t.id);
    expect(ids).toEqual(['consulting-agreement', 'data-processing-agreement', 'mutual-nda', 'offer-letter', 'one-way-nda']);
    for (const t of svc.list()) {
      expect(t.version).toMatch(/^\d+\.\d+/);
      expect(t.owner).toMatch(/Legal/);
      expect(t.errors).toEqual([]);
      expect(t.warnings).toEqual([]);
    }
    expect(fs.readFileSync(path.join(TEMPLATES, '_access.yml'), 'utf8')).toMatch(/index: false/);
  });

  for (const [id, values] of Object.entries(VALID)) {
    it(`drafts ${id} from valid values into a readable .docx with the draft notice first`, async () => {
      const d = await svc.draft({ templateId: id, values });
      const text = await docxText(d.docx);
      expect(text.split('\n')[0]).toBe(`DRAFT – for legal review · ${id} v${d.template.version}`);
      for (const v of Object.values(values).filter((x) => !/^\d{4}-|^\d|EUR/.test(x))) expect(text).toContain(v);
      expect(text).not.toMatch(/\{[a-z_]+\}/);
      expect(d.markdown.split('\n')[0]).toContain('DRAFT – for legal review');
    });
  }

  it('gives byte-identical drafts for the same inputs, and a different hash for different values', async () => {
    const a = await svc.draft({ templateId: 'mutual-nda', values: VALID['mutual-nda'] as Record<string, string> });
    const b = await svc.draft({ templateId: 'mutual-nda', values: VALID['mutual-nda'] as Record<string, string> });
    expect(a.docx.equals(b.docx)).toBe(true);
    expect(a.valuesHash).toBe(b.valuesHash);
    const c = await svc.draft({ templateId: 'mutual-nda', values: { ...VALID['mutual-nda'], counterparty: 'Other AG' } });
    expect(c.valuesHash).not.toBe(a.valuesHash);
  });

  it('spells dates and amounts out', async () => {
    const d = await svc.draft({ templateId: 'consulting-agreement', values: VALID['consulting-agreement'] as Record<string, string> });
    const text = await docxText(d.docx);
    expect(text).toContain(longDate(VALID['consulting-agreement']?.start_date as string));
    expect(text).toContain('EUR 1,200.00 per day');
  });

  it('includes conditional clauses exactly when their condition holds', async () => {
    const nda = VALID['mutual-nda'] as Record<string, string>;
    const without = await docxText((await svc.draft({ templateId: 'mutual-nda', values: nda })).docx);
    const withData = await docxText((await svc.draft({ templateId: 'mutual-nda', values: { ...nda, personal_data: 'yes' } })).docx);
    expect(without).not.toContain('Personal data');
    expect(withData).toContain('Regulation (EU) 2016/679');

    const dpa = VALID['data-processing-agreement'] as Record<string, string>;
    const plain = await svc.draft({ templateId: 'data-processing-agreement', values: dpa });
    expect(plain.clauses).toEqual(['audit-rights']);
    const both = await svc.draft({
      templateId: 'data-processing-agreement',
      values: { ...dpa, transfers_outside_eea: 'yes', card_data: 'true' },
    });
    expect(both.clauses).toEqual(['standard-contractual-clauses', 'pci-dss', 'audit-rights']);
    const text = await docxText(both.docx);
    expect(text).toContain('Standard Contractual Clauses');
    expect(text).toContain('PCI DSS');

    const offer = VALID['offer-letter'] as Record<string, string>;
    expect((await svc.draft({ templateId: 'offer-letter', values: offer })).clauses).toEqual(['probation']);
    const rich = await svc.draft({
      templateId: 'offer-letter',
      values: { ...offer, signing_bonus: '5000', equity_units: '1200' },
      clauses: [],
    });
    expect(rich.clauses).toEqual(['signing-bonus', 'equity']);
    expect(await docxText(rich.docx)).toContain('signing bonus of EUR 5,000.00');
  });

  it('includes optional clauses when ticked and leaves them out when not', async () => {
    const values = VALID['consulting-agreement'] as Record<string, string>;
    const d = await svc.draft({ templateId: 'consulting-agreement', values, clauses: ['insurance'] });
    expect(d.clauses).toEqual(['insurance']);
    const text = await docxText(d.docx);
    expect(text).toContain('professional indemnity insurance');
    expect(text).not.toContain('Intellectual property');
  });

  it('reports every problem at once: missing fields, invalid date, amount and email, control characters, Word XML, overlong values', async () => {
    const error = await svc
      .draft({
        templateId: 'consulting-agreement',
        values: {
          consultant: 'Bad\u0007Corp',
          consultant_address: '<w:r><w:t>injected</w:t></w:r>',
          consultant_email: 'not-an-email',
          start_date: '2025-02-30',
          fee_amount: 'twelve hundred',
          services: 'x'.repeat(5000),
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DraftValidationError);
    const e = error as DraftValidationError;
    expect(e.missing).toEqual([]);
    const byField = Object.fromEntries(e.problems.map((p) => [p.field, p.message]));
    expect(byField.consultant).toMatch(/control characters/);
    expect(byField.consultant_address).toMatch(/markup/);
    expect(byField.consultant_email).toMatch(/not a valid email/);
    expect(byField.start_date).toMatch(/not a real calendar date/);
    expect(byField.fee_amount).toMatch(/not an amount/);
    expect(byField.services).toMatch(/limit is 4000/);

    const missing = (await svc.draft({ templateId: 'mutual-nda', values: {} }).catch((x: unknown) => x)) as DraftValidationError;
    expect(missing.missing).toEqual(['counterparty', 'counterparty_address', 'counterparty_email', 'effective_date']);
  });

  it('refuses an unknown template and names the ones there are', async () => {
    await expect(svc.draft({ templateId: 'lease', values: {} })).rejects.toThrow(/no contract template "lease".*mutual-nda/);
  });

  it('finds a template by alias, and keeps an optional empty field as a visible blank', async () => {
    expect(svc.get('nda').id).toBe('mutual-nda');
    expect(svc.get('dpa').id).toBe('data-processing-agreement');
    const d = await svc.draft({ templateId: 'consulting', values: VALID['consulting-agreement'] as Record<string, string> });
    expect(await docxText(d.docx)).toContain('until ________');
  });

  it('flags a Markdown template whose placeholder has no field, and a field nothing uses', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'broken.md'),
      '---\nid: broken\ntitle: Broken\nversion: "1"\nowner: Legal\nfields:\n  - name: party\n    type: party\n  - name: unused\n---\nHello {party} and {ghost}.\n',
    );
    const local = contractService(dir);
    const t = local.get('broken');
    expect(t.errors.join()).toMatch(/\{ghost\} has no field/);
    expect(t.warnings.join()).toMatch(/unused is not used/);
    await expect(local.draft({ templateId: 'broken', values: { party: 'X' } })).rejects.toThrow(/cannot be used until it is fixed.*ghost/);
  });

  it('keeps special instructions as a drafting note offline', async () => {
    const d = await svc.draft({
      templateId: 'mutual-nda',
      values: VALID['mutual-nda'] as Record<string, string>,
      instructions: 'Mention the press embargo',
    });
    const text = await docxText(d.docx);
    expect(text).toContain('Drafting note');
    expect(text).toContain('Mention the press embargo');
    expect(text).not.toContain('Suggested – review required');
  });

  it('puts model wording in a "Suggested – review required" section when a model is configured, and falls back when it is slow', async () => {
    const fake = await startFakeChat('Neither party will issue a press release about this Agreement without consent. [non-solicitation]');
    try {
      const config = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake', KIKI_LLM_TIMEOUT_MS: 5000 };
      const suggester = openAiSuggester(config);
      const withModel = new ContractService({
        templatesDir: TEMPLATES,
        logger: createLogger('silent'),
        config: { KIKI_CONTRACT_DEPARTMENTS: ['Legal'], KIKI_ADMINS: [] },
        ...(suggester ? { suggester } : {}),
      });
      const d = await withModel.draft({
        templateId: 'nda',
        values: VALID['mutual-nda'] as Record<string, string>,
        instructions: 'No press releases',
      });
      const text = await docxText(d.docx);
      expect(text).toContain('Suggested – review required');
      expect(text).toContain('Neither party will issue a press release');
      expect(JSON.stringify(fake.requests[0])).toContain('No press releases');
    } finally {
      await fake.close();
    }
    const slow = await startFakeChat('too late', 3000);
    try {
      const suggester = openAiSuggester({
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: slow.url,
        KIKI_CHAT_MODEL: 'fake',
        KIKI_LLM_TIMEOUT_MS: 1000,
      });
      const svc2 = new ContractService({
        templatesDir: TEMPLATES,
        logger: createLogger('silent'),
        config: { KIKI_CONTRACT_DEPARTMENTS: ['Legal'], KIKI_ADMINS: [] },
        ...(suggester ? { suggester } : {}),
      });
      const d = await svc2.draft({
        templateId: 'nda',
        values: VALID['mutual-nda'] as Record<string, string>,
        instructions: 'No press releases',
      });
      expect(d.suggestion?.kind).toBe('note');
      expect(d.warnings.join()).toMatch(/model did not answer/);
    } finally {
      await slow.close();
    }
  });
});

describe('date fields', () => {
  const date = toFieldSpec({ name: 'effective_date', type: 'date' }, true);

  it('tells an impossible date from one outside the years a contract can take', () => {
    expect(checkValue(date, '2025-02-30')).toEqual({ error: '"2025-02-30" is not a real calendar date' });
    expect(checkValue(date, '1850-03-01')).toEqual({ error: '"1850-03-01" is outside the years a contract can take (1900 to 2200)' });
    expect(checkValue(date, '2025-03-01')).toMatchObject({ display: '1 March 2025', canonical: '2025-03-01' });
  });
});

describe('contract dates', () => {
  const today = new Date('2026-12-01T15:00:00Z');
  const fields = [
    toFieldSpec({ name: 'start_date', label: 'Start date', type: 'date' }, true),
    toFieldSpec({ name: 'end_date', label: 'End date', type: 'date' }, false),
  ];
  const check = (values: Record<string, string>) =>
    Object.fromEntries(validateValues(fields, values, { today }).problems.map((p) => [p.field, p.message]));

  it('refuses an end date on or before the start date, naming the start date', () => {
    expect(check({ start_date: '2027-01-10', end_date: '2027-01-09' })).toEqual({
      end_date: 'End date: must be after the start date (10 January 2027)',
    });
    expect(check({ start_date: '2027-01-10', end_date: '2027-01-10' }).end_date).toMatch(/must be after the start date/);
    expect(check({ start_date: '2027-01-10', end_date: '2027-01-11' })).toEqual({});
    expect(check({ start_date: '2027-01-10' })).toEqual({});
  });

  it('refuses a date more than a year back or more than five years ahead, saying the limit', () => {
    expect(check({ start_date: '1999-03-01' })).toEqual({
      start_date:
        'Start date: 1 March 1999 is more than a year ago; a contract date can be at most one year back (1 December 2025 or later)',
    });
    expect(check({ start_date: '2025-11-30' }).start_date).toMatch(/more than a year ago/);
    expect(check({ start_date: '2025-12-01' })).toEqual({});
    expect(check({ start_date: '2031-12-01' })).toEqual({});
    expect(check({ start_date: '2031-12-02' }).start_date).toBe(
      'Start date: 2 December 2031 is more than 5 years ahead; pick a date up to 1 December 2031',
    );
    expect(check({ start_date: '2026-12-01', end_date: '2040-01-01' }).end_date).toMatch(/more than 5 years ahead/);
  });

  it('measures from today by default, and a 29 February today keeps a real calendar day', () => {
    expect(validateValues(fields, { start_date: inDays(-400) }).problems[0]?.message).toMatch(/more than a year ago/);
    expect(validateValues(fields, { start_date: inDays(-300) }).problems).toEqual([]);
    const leap = validateValues(fields, { start_date: '2027-02-28' }, { today: new Date('2028-02-29T00:00:00Z') });
    expect(leap.problems).toEqual([]);
  });
});
