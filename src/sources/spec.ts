import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { ErrorCode, KikiError } from '../errors.js';

/** A department list, or "everyone" (no restriction). */
const departments = z.union([z.literal('everyone'), z.string().min(1), z.array(z.string().min(1)).min(1)]);
export type Departments = z.infer<typeof departments>;

/** How a source's own principals become Kiki access groups (departments). Unmapped principals grant nothing. */
const accessMap = z
  .object({
    anyone: departments.optional(),
    domains: z.record(z.string(), departments).optional(),
    groups: z.record(z.string(), departments).optional(),
    users: z.record(z.string(), departments).optional(),
  })
  .strict();
export type AccessMap = z.infer<typeof accessMap>;

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'must name an environment variable (e.g. CONFLUENCE_TOKEN), not hold the secret itself' });

const common = {
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, { message: 'lowercase letters, digits and "-" (it names a folder)' }),
  /** Most HTTP requests one sync may make; beyond it the sync stops and the next one continues. */
  requestBudget: z.number().int().min(1).max(10_000_000).default(50_000),
  concurrency: z.number().int().min(1).max(32).default(4),
};

const httpUrl = z.url({ protocol: /^https?$/ });

export const folderSource = z
  .object({ ...common, type: z.literal('folder'), path: z.string().min(1), access: departments.optional() })
  .strict();
export const webSource = z
  .object({
    ...common,
    type: z.literal('web'),
    /** A sitemap.xml, or a start page whose same-origin links are followed. */
    url: httpUrl,
    /** Hosts the crawler may fetch from (the url's host is always one). */
    hosts: z.array(z.string().min(1)).default([]),
    include: z.array(z.string().startsWith('/')).default([]),
    exclude: z.array(z.string().startsWith('/')).default([]),
    maxPages: z.number().int().min(1).max(100_000).default(2000),
    userAgent: z.string().default('KikiBot'),
    access: departments.optional(),
  })
  .strict();
export const confluenceSource = z
  .object({
    ...common,
    type: z.literal('confluence'),
    /** The site, e.g. https://acme.atlassian.net (the API is under /wiki). */
    url: httpUrl,
    spaces: z.array(z.string().min(1)).min(1),
    contentTypes: z.array(z.enum(['page', 'blogpost'])).default(['page', 'blogpost']),
    credentials: z.object({ email: envName, token: envName }).strict(),
    access: accessMap.default({}),
  })
  .strict();
export const driveSource = z
  .object({
    ...common,
    type: z.literal('google-drive'),
    /** A shared drive (all of it) or a folder (and its subfolders). */
    driveId: z.string().min(1).optional(),
    folderId: z.string().min(1).optional(),
    credentials: z
      .object({
        /** A service account key (JSON) with domain-wide delegation, impersonating `subject`. */
        serviceAccountKey: envName.optional(),
        subject: z.string().optional(),
        /** Or an OAuth access token (short-lived; for trials). */
        token: envName.optional(),
      })
      .strict()
      .refine((c) => c.serviceAccountKey || c.token, { message: 'needs serviceAccountKey (with subject) or token' }),
    apiUrl: httpUrl.default('https://www.googleapis.com'),
    access: accessMap.default({}),
  })
  .strict()
  .refine((s) => Boolean(s.driveId) !== Boolean(s.folderId), { message: 'needs exactly one of driveId or folderId' });
/**
 * Slack messages found at question time with Slack's Real-time Search API (assistant.search.context), never synced
 * or stored. Private channels, group DMs and DMs are searched only when listed here.
 */
export const slackSearchSource = z
  .object({
    ...common,
    type: z.literal('slack-search'),
    channelTypes: z
      .array(z.enum(['public_channel', 'private_channel', 'mpim', 'im']))
      .min(1)
      .default(['public_channel'])
      .refine((list) => new Set(list).size === list.length, { message: 'lists a channel type twice' }),
    /** Messages asked of Slack per question (Slack gives at most 20 a page; more are paged with its cursor). */
    limit: z.number().int().min(1).max(50).default(10),
    /** Messages written by bots and apps (Kiki's own answers among them) are left out unless this is true. */
    includeBots: z.boolean().default(false),
  })
  .strict();

const sourceSchema = z.discriminatedUnion('type', [folderSource, webSource, confluenceSource, driveSource, slackSearchSource]);
const fileSchema = z.object({ sources: z.array(sourceSchema) }).strict();

export type SourceSpec = z.infer<typeof sourceSchema>;
export type FolderSpec = z.infer<typeof folderSource>;
export type WebSpec = z.infer<typeof webSource>;
export type ConfluenceSpec = z.infer<typeof confluenceSource>;
export type DriveSpec = z.infer<typeof driveSource>;
export type SlackSearchSpec = z.infer<typeof slackSearchSource>;

export class SourcesConfigError extends KikiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.ConfigInvalid, message, options);
    this.name = 'SourcesConfigError';
  }
}

/** The sources Kiki syncs: KIKI_SOURCES, or KNOWLEDGE_DIR as the one folder source it always was. */
export function loadSources(file: string | undefined, knowledgeDir: string): SourceSpec[] {
  if (!file) return [defaultFolderSource(knowledgeDir)];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SourcesConfigError(`KIKI_SOURCES: ${file} cannot be read`, { cause: error });
  }
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new SourcesConfigError(`KIKI_SOURCES: ${file} is not valid YAML${line ? ` (line ${line})` : ''}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top)';
    // The message names the field, never its value: a pasted secret is not echoed.
    throw new SourcesConfigError(`KIKI_SOURCES: ${file}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const names = new Set<string>();
  for (const s of parsed.data.sources) {
    if (names.has(s.name)) throw new SourcesConfigError(`KIKI_SOURCES: ${file}: two sources are named "${s.name}"`);
    names.add(s.name);
  }
  if (parsed.data.sources.filter((s) => s.type === 'slack-search').length > 1)
    throw new SourcesConfigError(`KIKI_SOURCES: ${file}: one slack-search source at most (Slack is searched once per question)`);
  const base = path.dirname(path.resolve(file));
  return parsed.data.sources.map((s) => (s.type === 'folder' ? { ...s, path: path.resolve(base, s.path) } : s));
}

export function defaultFolderSource(knowledgeDir: string): FolderSpec {
  return { name: 'knowledge', type: 'folder', path: knowledgeDir, requestBudget: 1, concurrency: 1 };
}

/** Reads the secrets a source names; the values live only in the returned object, never in logs or errors. */
export function readSecret(env: NodeJS.ProcessEnv, name: string | undefined, source: string): string {
  const value = name ? env[name]?.trim() : undefined;
  if (!value) throw new SourcesConfigError(`source "${source}": the environment variable ${name ?? '(none)'} is not set`);
  return value;
}
