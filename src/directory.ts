import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export const UNASSIGNED = 'Unassigned';
const REQUIRED_COLUMNS = ['slack_user_id', 'email', 'name', 'department'] as const;

export interface Person {
  slackUserId: string;
  email: string;
  name: string;
  department: string;
  /** Any other columns of the CSV, such as `title`. */
  extra: Record<string, string>;
}

export interface DirectoryProblem {
  line: number | null;
  message: string;
}

/** Looks a user up in Slack (users.info) when the CSV does not know them; returns their department, if any. */
export type ProfileLookup = (userId: string) => Promise<string | undefined>;

export interface DirectoryLoad {
  people: Person[];
  problems: DirectoryProblem[];
}

/**
 * Reads the people CSV. Bad rows are reported with their line number and skipped; the rest loads, so a
 * typo in one row never keeps Kiki from starting.
 */
export function readDirectoryFile(file: string): DirectoryLoad {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { people: [], problems: [{ line: null, message: `cannot read ${file}: ${(error as Error).message}` }] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { people: [], problems: [{ line: lineOfInvalidUtf8(bytes), message: 'the file is not valid UTF-8; save it as UTF-8 CSV' }] };
  }
  return parseDirectoryCsv(text);
}

export function parseDirectoryCsv(text: string): DirectoryLoad {
  const problems: DirectoryProblem[] = [];
  let rows: string[][];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { people: [], problems: [{ line: e.lines ?? null, message: e.message }] };
  }
  const [header, ...body] = rows;
  if (!header) return { people: [], problems: [{ line: 1, message: 'the file is empty; expected a header row' }] };
  const columns = header.map((h) => h.toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      people: [],
      problems: [{ line: 1, message: `missing column(s) ${missing.join(', ')}; the header must include ${REQUIRED_COLUMNS.join(',')}` }],
    };
  }
  const index = (name: string) => columns.indexOf(name);
  const seen = new Map<string, number>();
  const people: Person[] = [];
  for (const [i, row] of body.entries()) {
    const line = i + 2;
    const get = (name: string) => row[index(name)]?.trim() ?? '';
    const id = get('slack_user_id');
    const problem = !id
      ? 'slack_user_id is empty'
      : !/^[UW][A-Z0-9]{2,}$/.test(id)
        ? `"${id}" does not look like a Slack user id (U… or W…)`
        : seen.has(id)
          ? `duplicate slack_user_id ${id} (first on line ${seen.get(id)})`
          : undefined;
    if (problem) {
      problems.push({ line, message: problem });
      continue;
    }
    seen.set(id, line);
    const extra: Record<string, string> = {};
    columns.forEach((c, j) => {
      if (!(REQUIRED_COLUMNS as readonly string[]).includes(c)) extra[c] = row[j] ?? '';
    });
    people.push({ slackUserId: id, email: get('email'), name: get('name'), department: get('department') || UNASSIGNED, extra });
  }
  return { people, problems };
}

function lineOfInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}

/** The people directory: department of a user, headcount per department. */
export class Directory {
  private readonly byId: Map<string, Person>;
  private readonly profileCache = new Map<string, Promise<string>>();

  constructor(
    people: Person[],
    /** Where users missing from the CSV are looked up (Slack's users.info when connected). */
    private readonly lookupProfile?: ProfileLookup,
  ) {
    this.byId = new Map(people.map((p) => [p.slackUserId, p]));
  }

  get people(): Person[] {
    return [...this.byId.values()];
  }

  get(userId: string): Person | undefined {
    return this.byId.get(userId);
  }

  /** The CSV first, then the Slack profile (cached per user), then "Unassigned". */
  async departmentOf(userId: string): Promise<string> {
    const known = this.byId.get(userId);
    if (known) return known.department;
    if (!this.lookupProfile) return UNASSIGNED;
    let pending = this.profileCache.get(userId);
    if (!pending) {
      const lookup = this.lookupProfile;
      pending = lookup(userId)
        .then((d) => d?.trim() || UNASSIGNED)
        .catch(() => {
          this.profileCache.delete(userId);
          return UNASSIGNED;
        });
      this.profileCache.set(userId, pending);
    }
    return pending;
  }

  /** Headcount per department, from the CSV only (the denominator of penetration). */
  headcount(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const p of this.byId.values()) counts.set(p.department, (counts.get(p.department) ?? 0) + 1);
    return counts;
  }
}

/** The people directory of KIKI_DIRECTORY (problems logged line by line), with an optional profile lookup. */
export function loadDirectory(config: Pick<Config, 'KIKI_DIRECTORY'>, logger: Logger, lookup?: ProfileLookup): Directory {
  if (!config.KIKI_DIRECTORY) {
    logger.warn('KIKI_DIRECTORY is not set: departments come from Slack profiles, or "Unassigned"');
    return new Directory([], lookup);
  }
  const { people, problems } = readDirectoryFile(config.KIKI_DIRECTORY);
  for (const p of problems) {
    logger.warn({ file: config.KIKI_DIRECTORY, line: p.line }, `people directory: ${p.message}`);
  }
  logger.info({ people: people.length, problems: problems.length }, 'people directory loaded');
  return new Directory(people, lookup);
}
