import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { ErrorCode, KikiError } from '../errors.js';
import { FrontMatterError, parseFrontMatter } from '../front-matter.js';
import { zipProblem } from '../zip-guard.js';
import { type FieldInput, fieldInputSchema, toFieldSpec } from './fields.js';
import type { ClauseUse, Condition, DocxTemplate, LibraryClause, MarkdownTemplate, SelectionGroup, Template } from './types.js';

const scalar = z.union([z.string(), z.number()]).transform((v) => String(v));
const conditionSchema = z.object({
  field: z.string(),
  equals: z.union([z.string(), z.boolean(), z.number().transform(String)]).optional(),
  in: z.array(scalar).optional(),
});

/** zod's optional fields come out as `T | undefined`; a Condition has them absent instead. */
function exactCondition(c: z.infer<typeof conditionSchema>): Condition {
  return { field: c.field, ...(c.equals !== undefined ? { equals: c.equals } : {}), ...(c.in ? { in: c.in } : {}) };
}

const clauseUseSchema = z.union([
  z.string().transform((id): ClauseUse => ({ id, optional: true, default: false })),
  z
    .object({ id: z.string(), optional: z.boolean().optional(), default: z.boolean().optional(), when: conditionSchema.optional() })
    .transform(
      (c): ClauseUse => ({
        id: c.id,
        optional: c.optional ?? c.when === undefined,
        default: c.default ?? false,
        ...(c.when ? { when: exactCondition(c.when) } : {}),
      }),
    ),
]);

/** Front-matter of a Markdown template, and the sidecar YAML of a Word template (the corpus' metadata.yaml fits it). */
const metaSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'an id is letters, digits, dots, dashes and underscores')
      .optional(),
    title: z.string().optional(),
    name: z.string().optional(),
    version: scalar.optional(),
    owner: z.string().optional(),
    description: z.string().optional(),
    aliases: z.array(z.string()).optional(),
    fields: z.array(z.unknown()).default([]),
    required_fields: z.array(z.string()).optional(),
    priority_fields: z.array(z.string()).optional(),
    clauses: z.array(clauseUseSchema).optional(),
  })
  .passthrough();

const selectionsSchema = z.object({
  groups: z.array(
    z.object({
      id: z.string(),
      type: z.enum(['radio', 'checkbox']),
      options: z.array(
        z.object({
          label: z.string().optional(),
          marker: z.string(),
          trigger: z.union([z.literal('default'), conditionSchema]),
        }),
      ),
    }),
  ),
});

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const CLAUSE_MARKER = /^\{clause:([A-Za-z0-9._-]+)\}\s*$/gm;

export interface LoadedTemplates {
  dir: string;
  templates: Template[];
  library: Map<string, LibraryClause>;
  /** Files that could not become a template at all. */
  problems: string[];
}

/**
 * Reads a template folder: Markdown templates with front-matter, Word templates with a sidecar YAML
 * (`nda.docx` + `nda.yaml`), and folders laid out like the shared corpus (`<name>/template.docx` beside
 * `<name>/metadata.yaml`, id `<name>`). `clauses/` holds the clause library; files starting with `_` are
 * settings, not templates.
 */
export function loadTemplates(dir: string): LoadedTemplates {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new KikiError(ErrorCode.NotFound, `The template folder ${dir} does not exist.`);
  }
  const problems: string[] = [];
  const library = loadClauseLibrary(path.join(dir, 'clauses'), problems);
  const templates: Template[] = [];
  for (const file of walk(dir, 4)) {
    const rel = path.relative(dir, file);
    const base = path.basename(file);
    if (base.startsWith('_') || rel.split(path.sep)[0] === 'clauses') continue;
    try {
      if (base.toLowerCase().endsWith('.md')) {
        const t = readMarkdownTemplate(file, rel, library);
        if (t) templates.push(t);
      } else if (base.toLowerCase().endsWith('.docx') && !base.startsWith('~$') && !isCorpusSibling(file)) {
        templates.push(readDocxTemplate(file, rel));
      }
    } catch (error) {
      problems.push(`${rel}: ${error instanceof KikiError ? error.userMessage : (error as Error).message}`);
    }
  }
  const seen = new Map<string, string>();
  const unique: Template[] = [];
  for (const t of templates.sort((a, b) => a.id.localeCompare(b.id))) {
    const first = seen.get(t.id);
    if (first) problems.push(`${t.source}: template id "${t.id}" is already used by ${first}; this one was skipped`);
    else {
      seen.set(t.id, t.source);
      unique.push(t);
    }
  }
  return { dir, templates: unique, library, problems };
}

/** In a corpus-style folder (metadata.yaml present) only template.docx is the template; other .docx are derived files. */
function isCorpusSibling(file: string): boolean {
  return path.basename(file) !== 'template.docx' && fs.existsSync(path.join(path.dirname(file), 'metadata.yaml'));
}

function walk(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth > 0) out.push(...walk(full, depth - 1));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function parseYaml(text: string, what: string): unknown {
  try {
    return YAML.parse(text);
  } catch (error) {
    throw new KikiError(ErrorCode.InvalidInput, `${what} is not valid YAML (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
}

function frontMatter(file: string): { data: unknown; content: string } {
  const text = fs.readFileSync(file, 'utf8');
  try {
    const parsed = parseFrontMatter(text);
    return { data: parsed.data, content: parsed.content };
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    throw new KikiError(ErrorCode.InvalidInput, error.reason, { cause: error });
  }
}

function loadClauseLibrary(dir: string, problems: string[]): Map<string, LibraryClause> {
  const library = new Map<string, LibraryClause>();
  if (!fs.existsSync(dir)) return library;
  for (const file of walk(dir, 0).filter((f) => f.endsWith('.md'))) {
    const rel = `clauses/${path.basename(file)}`;
    try {
      const { data, content } = frontMatter(file);
      const meta = z.object({ id: z.string(), title: z.string(), version: scalar.default('1') }).safeParse(data);
      if (!meta.success) {
        problems.push(`${rel}: a clause needs front-matter with id and title`);
        continue;
      }
      const body = content.trim();
      library.set(meta.data.id, { ...meta.data, body, placeholders: placeholdersIn(body) });
    } catch (error) {
      problems.push(`${rel}: ${error instanceof KikiError ? error.userMessage : (error as Error).message}`);
    }
  }
  return library;
}

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string))];
}

function parseMeta(data: unknown, where: string) {
  const meta = metaSchema.safeParse(data ?? {});
  if (!meta.success) {
    const issue = meta.error.issues[0];
    throw new KikiError(ErrorCode.InvalidInput, `${where}: ${issue?.path.join('.') || 'front-matter'} ${issue?.message ?? 'is invalid'}`);
  }
  const errors: string[] = [];
  const required = new Set(meta.data.required_fields ?? (meta.data.fields.some(hasRequired) ? [] : (meta.data.priority_fields ?? [])));
  const fields = meta.data.fields.flatMap((raw, i) => {
    const f = fieldInputSchema.safeParse(raw);
    if (!f.success) {
      const issue = f.error.issues[0];
      errors.push(
        `field ${i + 1}${isNamed(raw) ? ` (${raw.name})` : ''}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.trim(),
      );
      return [];
    }
    return [toFieldSpec(f.data as FieldInput, required.has(f.data.name))];
  });
  const names = new Set<string>();
  for (const f of fields) {
    if (names.has(f.name)) errors.push(`field "${f.name}" is defined twice`);
    names.add(f.name);
    if (f.type === 'enum' && !f.options?.length) errors.push(`enum field "${f.name}" has no options`);
    if (f.pattern) {
      try {
        new RegExp(f.pattern);
      } catch {
        errors.push(`field "${f.name}" has an invalid pattern`);
      }
    }
  }
  return { meta: meta.data, fields, errors };
}

function hasRequired(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'required' in raw;
}

function isNamed(raw: unknown): raw is { name: string } {
  return typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string';
}

function readMarkdownTemplate(file: string, rel: string, library: Map<string, LibraryClause>): MarkdownTemplate | undefined {
  const { data, content } = frontMatter(file);
  if (!data || typeof data !== 'object' || !('fields' in data || 'id' in data)) return undefined; // a README, not a template
  const { meta, fields, errors } = parseMeta(data, rel);
  const warnings: string[] = [];
  const clauses: ClauseUse[] = meta.clauses ?? [];
  const body = content.trim();
  const markers = [...body.matchAll(CLAUSE_MARKER)].map((m) => m[1] as string);
  const used = new Set(placeholdersIn(body.replace(CLAUSE_MARKER, '')));
  for (const c of clauses) {
    const clause = library.get(c.id);
    if (!clause) errors.push(`clause "${c.id}" is not in the clause library (clauses/)`);
    else for (const p of clause.placeholders) used.add(p);
    if (!markers.includes(c.id)) errors.push(`clause "${c.id}" has no {clause:${c.id}} marker in the text`);
    if (c.when && !fields.some((f) => f.name === c.when?.field)) errors.push(`clause "${c.id}" depends on unknown field "${c.when.field}"`);
  }
  for (const m of markers) if (!clauses.some((c) => c.id === m)) errors.push(`{clause:${m}} is in the text but not listed under clauses`);
  checkPlaceholders(fields, used, new Set(clauses.flatMap((c) => (c.when ? [c.when.field] : []))), errors, warnings);
  return {
    format: 'markdown',
    id: meta.id ?? path.basename(file, path.extname(file)),
    title: meta.title ?? meta.name ?? path.basename(file, '.md'),
    version: meta.version ?? '0',
    owner: meta.owner ?? 'unspecified',
    ...(meta.description ? { description: meta.description.trim() } : {}),
    aliases: meta.aliases ?? [],
    fields,
    source: rel,
    errors,
    warnings,
    body,
    clauses,
  };
}

/** A placeholder with no field blocks drafting; a field that nothing uses is only a warning. */
export function checkPlaceholders(
  fields: { name: string; type: string }[],
  used: Set<string>,
  conditionFields: Set<string>,
  errors: string[],
  warnings: string[],
): void {
  const names = new Set(fields.map((f) => f.name));
  const orphans = [...used].filter((p) => !names.has(p) && !isDerived(p, names)).sort();
  if (orphans.length)
    errors.push(
      `placeholder${orphans.length > 1 ? 's' : ''} ${orphans.map((p) => `{${p}}`).join(', ')} ha${orphans.length > 1 ? 've' : 's'} no field`,
    );
  const derivedBases = new Set([...used].filter((p) => isDerived(p, names)).map((p) => p.replace(/_display$/, '')));
  const unused = fields
    .filter(
      (f) => !used.has(f.name) && !conditionFields.has(f.name) && !derivedBases.has(f.name) && !isDisplaySibling(f.name, derivedBases),
    )
    .map((f) => f.name);
  if (unused.length)
    warnings.push(
      `field${unused.length > 1 ? 's' : ''} ${unused.join(', ')} ${unused.length > 1 ? 'are' : 'is'} not used by the template text`,
    );
}

/** `{x_display}` (the corpus' signature blocks) shows field x, blank when the signatory is an individual. */
export function isDerived(placeholder: string, names: Set<string>): boolean {
  return placeholder.endsWith('_display') && names.has(placeholder.slice(0, -'_display'.length));
}

function isDisplaySibling(name: string, derivedBases: Set<string>): boolean {
  const prefix = name.replace(/_(type|company|title)$/, '');
  return prefix !== name && [...derivedBases].some((b) => b.startsWith(`${prefix}_`));
}

function readDocxTemplate(file: string, rel: string): DocxTemplate {
  // Checked when the catalogue loads, so a zip bomb is never offered as a template (ooxml.ts checks again on use).
  const bomb = zipProblem(fs.readFileSync(file));
  if (bomb) throw new KikiError(ErrorCode.InvalidInput, `the Word file cannot be used: ${bomb}`);
  const dir = path.dirname(file);
  const stem = path.basename(file, path.extname(file));
  const corpusStyle = stem === 'template' && fs.existsSync(path.join(dir, 'metadata.yaml'));
  const sidecar = corpusStyle
    ? path.join(dir, 'metadata.yaml')
    : [`${stem}.yaml`, `${stem}.yml`].map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
  const defaultId = corpusStyle ? path.basename(dir) : stem;
  const base: DocxTemplate = {
    format: 'docx',
    id: defaultId,
    title: defaultId,
    version: '0',
    owner: 'unspecified',
    aliases: [],
    fields: [],
    source: rel,
    errors: [],
    warnings: [],
    docxPath: file,
    selections: [],
    replacements: {},
    clauses: [],
  };
  if (!sidecar) {
    base.errors.push(`no sidecar YAML listing its fields (expected ${stem}.yaml beside it)`);
    return base;
  }
  const where = path.relative(path.dirname(path.dirname(file)), sidecar);
  const { meta, fields, errors } = parseMeta(parseYaml(fs.readFileSync(sidecar, 'utf8'), where), where);
  const t: DocxTemplate = {
    ...base,
    id: meta.id ?? defaultId,
    title: meta.title ?? meta.name ?? defaultId,
    version: meta.version ?? '0',
    owner: meta.owner ?? 'unspecified',
    ...(meta.description ? { description: meta.description.trim() } : {}),
    aliases: meta.aliases ?? [],
    fields,
    errors,
  };
  const selectionsFile = path.join(dir, corpusStyle ? 'selections.json' : `${stem}.selections.json`);
  if (fs.existsSync(selectionsFile)) {
    const parsed = selectionsSchema.safeParse(safeJson(selectionsFile, t.errors));
    if (parsed.success) t.selections = parsed.data.groups as SelectionGroup[];
    else t.errors.push(`${path.basename(selectionsFile)} does not have the expected shape`);
  }
  const replacementsFile = path.join(dir, corpusStyle ? 'replacements.json' : `${stem}.replacements.json`);
  if (fs.existsSync(replacementsFile)) {
    const parsed = z.record(z.string(), z.string()).safeParse(safeJson(replacementsFile, t.errors));
    if (parsed.success) t.replacements = parsed.data;
    else t.errors.push(`${path.basename(replacementsFile)} must map text to placeholders`);
  }
  return t;
}

function safeJson(file: string, errors: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    errors.push(`${path.basename(file)} is not valid JSON`);
    return undefined;
  }
}

/** Finds a template by id, alias, or a word of its id when that is unambiguous ("nda" → mutual-nda via its alias). */
export function findTemplate(templates: Template[], query: string): Template | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return undefined;
  const exact = templates.find((t) => t.id.toLowerCase() === q) ?? templates.find((t) => t.aliases.some((a) => a.toLowerCase() === q));
  if (exact) return exact;
  const partial = templates.filter((t) => t.id.toLowerCase().split(/[-_.]/).includes(q));
  return partial.length === 1 ? partial[0] : undefined;
}
