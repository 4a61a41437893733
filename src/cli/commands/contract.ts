import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { CliUsageError, ErrorCode, FileNotWritableError, KikiError } from '../../errors.js';
import type { Draft } from '../../legal/types.js';
import { cliConfig, cliLogger, openServices } from '../context.js';

interface CommonOptions {
  templates?: string;
  json?: boolean;
}

interface DraftOptions extends CommonOptions {
  set: string[];
  values?: string;
  clause: string[];
  instructions?: string;
  out?: string;
  preview?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function offline(options: CommonOptions) {
  const config = cliConfig();
  const logger = cliLogger(config);
  const dir = options.templates ? path.resolve(options.templates) : undefined;
  const { createContractService } = await import('../../legal/factory.js');
  return { config, logger, contracts: createContractService(config, logger, {}, dir) };
}

/** `contract list`: the templates in the folder, with a note on those that need fixing. */
function registerList(contract: Command): void {
  contract
    .command('list')
    .description('List the contract templates')
    .option('--templates <dir>', 'template folder (default KNOWLEDGE_DIR/legal/templates)')
    .option('--json', 'print JSON')
    .action(async (options: CommonOptions) => {
      const { contracts } = await offline(options);
      const { templates, problems } = contracts.catalog();
      for (const p of problems) process.stderr.write(`kiki: warning: ${p}\n`);
      if (options.json) {
        out(JSON.stringify({ templates: templates.map((t) => ({ id: t.id, title: t.title, version: t.version, format: t.format })) }));
        return;
      }
      if (templates.length === 0) {
        out(`No templates in ${contracts.templatesDir}.`);
        return;
      }
      const width = Math.max(...templates.map((t) => t.id.length));
      for (const t of templates)
        out(`${t.id.padEnd(width)}  v${t.version.padEnd(8)} ${t.format.padEnd(8)} ${t.title}${t.errors.length ? '  (needs fixing)' : ''}`);
    });
}

/** `contract fields <id>`: a template's fields and clauses, then its errors and warnings on stderr. */
function registerFields(contract: Command): void {
  contract
    .command('fields <id>')
    .description("Show a template's fields and clauses")
    .option('--templates <dir>', 'template folder (default KNOWLEDGE_DIR/legal/templates)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: CommonOptions) => {
      const { contracts } = await offline(options);
      const t = contracts.get(id);
      const clauses = contracts.clausesOf(t);
      if (options.json) {
        out(
          JSON.stringify({
            template: t.id,
            title: t.title,
            version: t.version,
            owner: t.owner,
            format: t.format,
            fields: t.fields,
            clauses,
            errors: t.errors,
            warnings: t.warnings,
          }),
        );
        return;
      }
      out(`${t.title} (${t.id} v${t.version}, ${t.format}) – owner: ${t.owner}`);
      out('');
      for (const f of t.fields) {
        const extras = [
          f.required ? 'required' : 'optional',
          f.default !== undefined ? `default "${f.default}"` : '',
          f.options ? `one of: ${f.options.join(', ')}` : '',
          f.min !== undefined || f.max !== undefined ? `range ${f.min ?? ''}..${f.max ?? ''}` : '',
        ].filter(Boolean);
        out(`  ${f.name}  (${f.type}; ${extras.join('; ')})${f.help ? `\n      ${f.help}` : ''}`);
      }
      if (clauses.length) {
        out('');
        out('Clauses:');
        for (const c of clauses) {
          const when = c.when
            ? `included when ${c.when.field}${c.when.equals !== undefined ? ` = ${c.when.equals}` : ' is set'}`
            : `optional, ${c.default ? 'on' : 'off'} by default (--clause ${c.id})`;
          out(`  ${c.id}: ${c.title} – ${when}`);
        }
      }
      for (const e of t.errors) process.stderr.write(`kiki: error: ${e}\n`);
      for (const w of t.warnings) process.stderr.write(`kiki: warning: ${w}\n`);
    });
}

/** `contract draft <id>`: fill a template and write the Word file (and an optional preview). */
function registerDraft(contract: Command): void {
  contract
    .command('draft <id>')
    .description('Draft a contract as a Word file')
    .option('--set <key=value>', 'a field value (repeatable)', collect, [])
    .option('--values <file.json>', 'field values as a JSON object')
    .option('--clause <id>', 'include an optional clause (repeatable; replaces the defaults)', collect, [])
    .option('--instructions <text>', 'special instructions: a drafting note, or suggested wording when a model is configured')
    .option('--out <file.docx>', 'where to write the draft')
    .option('--preview <file.md>', 'also write a Markdown preview')
    .option('--templates <dir>', 'template folder (default KNOWLEDGE_DIR/legal/templates)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: DraftOptions) => {
      if (!options.out) throw new CliUsageError('Say where to write the draft with --out draft.docx.');
      if (!options.out.toLowerCase().endsWith('.docx')) throw new CliUsageError(`--out must name a .docx file, got "${options.out}".`);
      const values = { ...readValues(options.values), ...parseSets(options.set) };
      const config = cliConfig();
      const logger = cliLogger(config);
      const services = await openServices(config, logger);
      const [{ createContractService }, { DraftValidationError }] = await Promise.all([
        import('../../legal/factory.js'),
        import('../../legal/contracts.js'),
      ]);
      try {
        const dir = options.templates ? path.resolve(options.templates) : undefined;
        const contracts = dir
          ? createContractService(config, logger, { store: services.store, usage: services.usage, directory: services.directory }, dir)
          : services.contracts;
        let draft: Awaited<ReturnType<typeof contracts.draft>>;
        try {
          draft = await contracts.draft(
            {
              templateId: id,
              values,
              ...(options.clause.length ? { clauses: options.clause } : {}),
              ...(options.instructions ? { instructions: options.instructions } : {}),
            },
            { userId: cliUser(), surface: 'cli' },
          );
        } catch (error) {
          if (options.json && error instanceof DraftValidationError) {
            out(
              JSON.stringify({
                template: error.template.id,
                version: error.template.version,
                output: null,
                missing: error.missing,
                warnings: error.warnings,
                errors: error.problems.map((p) => ({ field: p.field, message: p.message })),
              }),
            );
          }
          throw error;
        }
        writeDraft(draft, options.out, options);
      } finally {
        await services.close();
      }
    });
}

/** Write the draft (and its optional Markdown preview), then report where it went, as JSON or text. */
function writeDraft(draft: Draft, target: string, options: DraftOptions): void {
  const output = path.resolve(target);
  writeAtomically(output, draft.docx);
  if (options.preview) writeAtomically(path.resolve(options.preview), Buffer.from(draft.markdown));
  if (options.json) {
    out(JSON.stringify({ template: draft.template.id, version: draft.template.version, output, missing: [], warnings: draft.warnings }));
  } else {
    for (const w of draft.warnings) process.stderr.write(`kiki: warning: ${w}\n`);
    out(
      `Drafted ${draft.template.id} v${draft.template.version} → ${output} (${Math.round(draft.docx.length / 1024)} KB). DRAFT – for legal review.`,
    );
    if (draft.clauses.length) out(`Clauses: ${draft.clauses.join(', ')}`);
  }
}

export function registerContract(program: Command): void {
  const contract = program.command('contract').description('Draft contracts from approved templates');
  registerList(contract);
  registerFields(contract);
  registerDraft(contract);
}

function parseSets(sets: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new CliUsageError(`--set expects key=value, got "${s}".`);
    values[s.slice(0, eq).trim()] = s.slice(eq + 1);
  }
  return values;
}

function readValues(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new KikiError(ErrorCode.NotFound, `Cannot read the values file ${file}.`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new KikiError(ErrorCode.InvalidInput, `The values file ${file} is not valid JSON; check its quotes, commas and braces.`, {
      cause: error,
    });
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new KikiError(ErrorCode.InvalidInput, `The values file ${file} must hold a JSON object of field names to values.`);
  }
  return data as Record<string, unknown>;
}

/** Write to a temporary file beside the target, then rename: a failure never leaves a partial draft. */
function writeAtomically(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) throw new KikiError(ErrorCode.NotFound, `The folder ${dir} does not exist.`);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw new FileNotWritableError(file, { cause: error });
  }
}

function cliUser(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli:unknown'; // no passwd entry for this uid (some containers)
  }
}
