import path from 'node:path';
/** A run of text under one heading path: a paragraph, list, table or page, before chunking. */
export interface Block {
  headingPath: string[];
  text: string;
  page?: number | undefined;
  lines?: [number, number] | undefined;
}

export interface LoadedDocument {
  title: string;
  url?: string | undefined;
  owner?: string | undefined;
  updated?: string | undefined;
  /** Departments allowed by the document itself (front-matter `access`); undefined means everyone. */
  access?: string[] | undefined;
  blocks: Block[];
}

export class LoadError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'LoadError';
  }
}

export type Loader = (bytes: Buffer, fileName: string) => Promise<LoadedDocument>;

/** Front-matter `access: Legal` or `access: [Legal, People]`; anything else is refused loudly. */
export function parseAccess(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => v.trim()).filter(Boolean);
  throw new LoadError(`${where}: "access" must be a list of department names, e.g. [Legal, People]`);
}

export function stringField(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function titleFromFileName(fileName: string): string {
  // The file's own name only: never the folders above it (a server path is not content, and would be shown).
  const base = path
    .basename(fileName)
    .replace(/\.[^.]+$/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return base ? base.charAt(0).toUpperCase() + base.slice(1) : path.basename(fileName);
}
