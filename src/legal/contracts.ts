import crypto from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config.js';
import { isAdmin } from '../config.js';
import type { Directory } from '../directory.js';
import { ErrorCode, KikiError, ModelError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { Surface, UsageRecorder } from '../usage/events.js';
import { recordDraft } from './audit.js';
import { analyzeDocx, BLANK, fillDocx } from './docx-fill.js';
import { checkValue, conditionHolds, validateValues } from './fields.js';
import { assemble, type Extra, markdownPreview, markdownToDocx } from './markdown.js';
import { deterministicZip, openZip } from './ooxml.js';
import { findTemplate, type LoadedTemplates, loadTemplates } from './registry.js';
import type { Suggester } from './suggest.js';
import type { Draft, DraftRequest, FieldProblem, Suggestion, Template } from './types.js';

export const DRAFT_NOTICE = 'DRAFT – for legal review';
const MAX_INSTRUCTIONS = 2000;

/** Values that failed validation: every problem at once, with the missing required fields listed apart. */
export class DraftValidationError extends KikiError {
  constructor(
    readonly template: Template,
    readonly problems: FieldProblem[],
    readonly missing: string[],
    readonly warnings: string[],
  ) {
    super(
      ErrorCode.InvalidInput,
      `The values for "${template.id}" have ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
    );
    this.name = 'DraftValidationError';
  }
}

export interface Drafter {
  userId: string;
  surface: Surface;
}

export interface ContractServiceOptions {
  templatesDir: string;
  logger: Logger;
  config: Pick<Config, 'KIKI_CONTRACT_DEPARTMENTS' | 'KIKI_ADMINS'>;
  store?: Store;
  usage?: UsageRecorder;
  directory?: Directory;
  suggester?: Suggester;
}

/** Approved templates in, a validated Word draft out. Slack and the CLI both go through here. */
export class ContractService {
  private loaded?: LoadedTemplates;
  private readonly analyzed = new Set<string>();

  constructor(private readonly options: ContractServiceOptions) {}

  get templatesDir(): string {
    return this.options.templatesDir;
  }

  get hasModel(): boolean {
    return Boolean(this.options.suggester);
  }

  catalog(): LoadedTemplates {
    if (!this.loaded) {
      this.loaded = loadTemplates(this.options.templatesDir);
      for (const p of this.loaded.problems) this.options.logger.warn({ dir: this.options.templatesDir }, `contract templates: ${p}`);
    }
    return this.loaded;
  }

  list(): Template[] {
    return this.catalog().templates;
  }

  /** A template by id or alias, with its Word placeholders checked against its fields. */
  get(query: string): Template {
    const t = findTemplate(this.list(), query);
    if (!t) {
      const ids = this.list().map((x) => x.id);
      throw new KikiError(
        ErrorCode.NotFound,
        `There is no contract template "${query}". Available: ${ids.length ? ids.join(', ') : `none (no templates in ${this.options.templatesDir})`}.`,
      );
    }
    if (t.format === 'docx' && !this.analyzed.has(t.id) && t.errors.length === 0) {
      try {
        analyzeDocx(t);
      } catch (error) {
        t.errors.push(error instanceof KikiError ? error.userMessage : `its Word file could not be read (${(error as Error).message})`);
      }
      this.analyzed.add(t.id);
    }
    return t;
  }

  /** Optional clauses (checkboxes) and conditional ones (by field value) of a template, resolved to the library. */
  clausesOf(t: Template) {
    const library = this.catalog().library;
    return t.clauses.map((c) => ({ ...c, title: library.get(c.id)?.title ?? c.id }));
  }

  /** Checks values without drafting (the Slack modal's inline errors). */
  check(t: Template, values: Record<string, unknown>) {
    return validateValues(t.fields, values);
  }

  async draft(req: DraftRequest, who?: Drafter): Promise<Draft> {
    const started = performance.now();
    const t = this.get(req.templateId);
    if (t.errors.length) {
      throw new KikiError(
        ErrorCode.InvalidInput,
        `The template "${t.id}" cannot be used until it is fixed (${t.source}): ${t.errors.join('; ')}.`,
      );
    }
    const v = validateValues(t.fields, req.values);
    const problems = [...v.problems];
    const optional = t.clauses.filter((c) => c.optional).map((c) => c.id);
    for (const id of req.clauses ?? []) {
      if (!optional.includes(id))
        problems.push({
          field: 'clauses',
          message: `"${id}" is not an optional clause of ${t.id} (optional: ${optional.join(', ') || 'none'})`,
        });
    }
    const instructions = (req.instructions ?? '').trim();
    if (instructions) {
      const check = checkValue(
        { name: 'instructions', label: 'Special instructions', type: 'long_text', required: false, maxLength: MAX_INSTRUCTIONS },
        instructions,
      );
      if ('error' in check) problems.push({ field: 'instructions', message: `Special instructions: ${check.error}` });
    }
    if (problems.length) throw new DraftValidationError(t, problems, v.missing, v.warnings);

    const clauses = t.clauses
      .filter((c) => (c.when ? conditionHolds(c.when, v.canonical) : req.clauses ? req.clauses.includes(c.id) : c.default))
      .map((c) => c.id);
    const warnings = [...t.warnings.map((w) => `template: ${w}`), ...v.warnings];
    const suggestion = instructions ? await this.suggest(t, instructions, warnings) : undefined;
    const notice = `${DRAFT_NOTICE} · ${t.id} v${t.version}`;
    const extra = suggestion ? appendix(suggestion, instructions) : undefined;

    let docx: Buffer;
    let markdown: string;
    if (t.format === 'markdown') {
      const assembled = assemble(t, this.catalog().library, clauses);
      markdown = markdownPreview(notice, assembled, v.values, BLANK, extra);
      const raw = await markdownToDocx({
        notice,
        title: `${t.title} (${t.id} v${t.version})`,
        assembled,
        values: v.values,
        blank: BLANK,
        ...(extra ? { extra } : {}),
      });
      docx = deterministicZip(openZip(raw, 'The generated draft'));
    } else {
      const zip = fillDocx(t, v.values, v.canonical, notice, extra);
      docx = deterministicZip(zip);
      markdown = docxPreview(notice, t, v.values, clauses, extra);
    }
    const valuesHash = hashValues(t, v.canonical, clauses, instructions);
    const draft: Draft = {
      template: t,
      values: v.values,
      clauses,
      clauseTitles: clauses.map((id) => this.catalog().library.get(id)?.title ?? id),
      docx,
      markdown,
      valuesHash,
      warnings,
      filename: filenameFor(t, v.values),
      ...(suggestion ? { suggestion } : {}),
    };
    if (who) await this.record(draft, who, performance.now() - started);
    return draft;
  }

  /** Who may draft: the configured departments plus admins. Refusals name people who can help. */
  async mayDraft(userId: string): Promise<{ allowed: boolean; departments: string[]; askWho: string[] }> {
    const departments = this.options.config.KIKI_CONTRACT_DEPARTMENTS;
    if (isAdmin(this.options.config, userId)) return { allowed: true, departments, askWho: [] };
    const department = (await this.options.directory?.departmentOf(userId)) ?? '';
    const allowed = departments.some((d) => d.toLowerCase() === department.toLowerCase());
    const wanted = new Set(departments.map((d) => d.toLowerCase()));
    const askWho = (this.options.directory?.people ?? [])
      .filter((p) => wanted.has(p.department.toLowerCase()))
      .slice(0, 3)
      .map((p) => p.name);
    return { allowed, departments, askWho };
  }

  private async suggest(t: Template, instructions: string, warnings: string[]): Promise<Suggestion> {
    const suggester = this.options.suggester;
    if (!suggester) return { kind: 'note', text: instructions };
    try {
      const library = [...this.catalog().library.values()];
      const text = await suggester({ instructions, template: t, library });
      if (!text) throw new ModelError('the model returned no text');
      return { kind: 'suggestion', text };
    } catch (error) {
      this.options.logger.warn({ err: error, template: t.id }, 'contract suggestion failed; keeping the instructions as a drafting note');
      warnings.push('the model did not answer, so the special instructions were kept as a drafting note');
      return { kind: 'note', text: instructions };
    }
  }

  private async record(draft: Draft, who: Drafter, latencyMs: number): Promise<void> {
    const id = crypto.randomUUID();
    if (this.options.store) {
      await recordDraft(this.options.store, {
        id,
        ts: Date.now(),
        userId: who.userId,
        surface: who.surface,
        templateId: draft.template.id,
        templateVersion: draft.template.version,
        valuesHash: draft.valuesHash,
        clauses: draft.clauses,
      });
    }
    this.options.usage?.record({
      name: 'contract.drafted',
      userId: who.userId,
      feature: 'contract',
      surface: who.surface,
      outcome: 'completed',
      latencyMs,
      meta: { template: draft.template.id, version: draft.template.version, draft: id, suggestion: draft.suggestion?.kind ?? 'none' },
    });
  }
}

function appendix(s: Suggestion, instructions: string): Extra {
  if (s.kind === 'note') {
    return {
      heading: 'Drafting note',
      paragraphs: ['Special instructions from the requester (not contract text; to be handled by Legal):', ...instructions.split(/\n+/)],
    };
  }
  return {
    heading: 'Suggested – review required',
    paragraphs: [
      'The wording below was proposed by an AI model from the special instructions. It is not approved text: review it before use.',
      `Instructions: ${instructions.replace(/\s+/g, ' ')}`,
      ...s.text.split(/\n+/),
    ],
  };
}

function docxPreview(notice: string, t: Template, values: Record<string, string>, clauses: string[], extra?: Extra): string {
  const lines = [`**${notice}**`, '', `# ${t.title}`, '', ...t.fields.map((f) => `- **${f.label}**: ${values[f.name] ?? BLANK}`)];
  if (clauses.length) lines.push('', `Clauses: ${clauses.join(', ')}`);
  if (extra) lines.push('', `## ${extra.heading}`, '', ...extra.paragraphs);
  return `${lines.join('\n')}\n`;
}

export function hashValues(t: Template, canonical: Record<string, string>, clauses: string[], instructions: string): string {
  const sorted = Object.fromEntries(Object.entries(canonical).sort(([a], [b]) => a.localeCompare(b)));
  const payload = JSON.stringify({ template: t.id, version: t.version, values: sorted, clauses: [...clauses].sort(), instructions });
  return crypto.createHash('sha256').update(payload).digest('hex');
}

function filenameFor(t: Template, values: Record<string, string>): string {
  const party = t.fields.find((f) => f.type === 'party' && values[f.name]);
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/[\s_]+/g, '-')
      .slice(0, 40);
  const who = party ? slug(values[party.name] as string) : '';
  return `${[t.id, who, 'DRAFT'].filter(Boolean).join('-')}.docx`;
}

export function defaultTemplatesDir(knowledgeDir: string): string {
  return path.join(knowledgeDir, 'legal', 'templates');
}
