import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { LRUCache } from 'lru-cache';
import type { Config } from './config.js';
import { ErrorCode, KikiError } from './errors.js';
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
  /** Set when the file as a whole cannot be read (missing, not UTF-8, no usable header): Kiki refuses to start. */
  fatal?: DirectoryProblem;
}

function unreadable(problem: DirectoryProblem): DirectoryLoad {
  return { people: [], problems: [problem], fatal: problem };
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
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'the file does not exist' : e.code === 'EACCES' ? 'permission denied' : e.message;
    return unreadable({ line: null, message: `cannot read ${file}: ${why}` });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return unreadable({ line: lineOfInvalidUtf8(bytes), message: 'the file is not valid UTF-8; save it as UTF-8 CSV' });
  }
  return parseDirectoryCsv(text);
}

/**
 * One person per line, each line parsed on its own: a stray or unclosed quote costs that row only (csv-parse
 * on the whole file would read an unclosed quote to the end of the file and load nobody). A field cannot
 * span lines, which a people directory never needs.
 */
export function parseDirectoryCsv(text: string): DirectoryLoad {
  const problems: DirectoryProblem[] = [];
  const rows: { line: number; cells: string[] }[] = [];
  let headerLine: number | undefined;
  for (const [i, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    if (!raw.trim()) continue;
    headerLine ??= i + 1;
    try {
      rows.push({ line: i + 1, cells: (parse(raw, { relax_column_count: true, trim: true }) as string[][])[0] ?? [] });
    } catch (error) {
      problems.push({ line: i + 1, message: `${csvReason(error)}; the row is skipped` });
    }
  }
  const [header, ...body] = rows;
  if (headerLine === undefined) return unreadable({ line: 1, message: 'the file is empty; expected a header row' });
  const badHeader = problems.find((p) => p.line === headerLine);
  if (badHeader || !header) {
    return unreadable({ line: headerLine, message: `the header row cannot be read (${badHeader?.message ?? 'no columns'})` });
  }
  const columns = header.cells.map((h) => h.toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return unreadable({
      line: header.line,
      message: `missing column(s) ${missing.join(', ')}; the header must include ${REQUIRED_COLUMNS.join(',')}`,
    });
  }
  const index = (name: string) => columns.indexOf(name);
  const seen = new Map<string, number>();
  const people: Person[] = [];
  for (const { line, cells: row } of body) {
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
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { people, problems };
}

/** csv-parse's reason for one line, in words a person editing the CSV can act on. */
function csvReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quote (") is opened and never closed';
  if (code === 'CSV_INVALID_OPENING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
    return 'a stray quote (") inside a field; quote the whole field and double the quote inside, e.g. "Dan ""D"" Roe"';
  }
  return (error as Error).message.replace(/ at line \d+/, '');
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

export interface DirectoryOptions {
  /**
   * KIKI_PROFILE_DEPARTMENTS: let the Slack profile's department count for access (documents, drafting,
   * sentiment) for people the CSV does not list. Off by default: people can usually edit their own profile.
   */
  trustProfiles?: boolean;
  /** How many profile departments are kept, and for how long (defaults: 10,000 people, one hour). */
  profileCache?: { max?: number; ttlMs?: number };
}

const PROFILE_CACHE_MAX = 10_000;
const PROFILE_CACHE_TTL_MS = 60 * 60 * 1000;

/** The people directory: department of a user, headcount per department. */
export class Directory {
  private readonly byId: Map<string, Person>;
  /**
   * Slack-profile departments, looked up once per person and kept for an hour (a changed profile is seen
   * within the hour), at most 10,000 people (a big workspace cannot grow the process without bound).
   */
  private readonly profileCache: LRUCache<string, Promise<string>>;
  private readonly trustProfiles: boolean;

  constructor(
    people: Person[],
    /** Where users missing from the CSV are looked up (Slack's users.info when connected). */
    private readonly lookupProfile?: ProfileLookup,
    options: DirectoryOptions = {},
  ) {
    this.byId = new Map(people.map((p) => [p.slackUserId, p]));
    this.trustProfiles = options.trustProfiles ?? false;
    this.profileCache = new LRUCache({
      max: options.profileCache?.max ?? PROFILE_CACHE_MAX,
      ttl: options.profileCache?.ttlMs ?? PROFILE_CACHE_TTL_MS,
    });
  }

  get people(): Person[] {
    return [...this.byId.values()];
  }

  get(userId: string): Person | undefined {
    return this.byId.get(userId);
  }

  /**
   * The department that decides what a user may read and do: the CSV's, else "Unassigned". The Slack profile
   * counts only when an admin turned KIKI_PROFILE_DEPARTMENTS on, so it never widens access by default.
   */
  async departmentOf(userId: string): Promise<string> {
    const known = this.byId.get(userId);
    if (known) return known.department;
    return this.trustProfiles ? this.profileDepartment(userId) : UNASSIGNED;
  }

  /**
   * The department to label a user with where nothing is granted by it (usage events, the App Home greeting,
   * suggested prompts): the CSV first, then the Slack profile (cached per user), then "Unassigned".
   */
  async labelDepartmentOf(userId: string): Promise<string> {
    const known = this.byId.get(userId);
    return known ? known.department : this.profileDepartment(userId);
  }

  private profileDepartment(userId: string): Promise<string> {
    if (!this.lookupProfile) return Promise.resolve(UNASSIGNED);
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
export function loadDirectory(
  config: Pick<Config, 'KIKI_DIRECTORY' | 'KIKI_PROFILE_DEPARTMENTS'>,
  logger: Logger,
  lookup?: ProfileLookup,
): Directory {
  const options = { trustProfiles: config.KIKI_PROFILE_DEPARTMENTS };
  if (!config.KIKI_DIRECTORY) {
    logger.warn(
      config.KIKI_PROFILE_DEPARTMENTS
        ? 'KIKI_DIRECTORY is not set: departments come from Slack profiles (KIKI_PROFILE_DEPARTMENTS=true)'
        : 'KIKI_DIRECTORY is not set and KIKI_PROFILE_DEPARTMENTS is off: nobody but admins reads department-restricted documents',
    );
    return new Directory([], lookup, options);
  }
  const { people, problems, fatal } = readDirectoryFile(config.KIKI_DIRECTORY);
  if (fatal) {
    // A directory that cannot be read at all would quietly make everyone "Unassigned": refuse instead.
    throw new KikiError(
      ErrorCode.InvalidInput,
      `KIKI_DIRECTORY ${config.KIKI_DIRECTORY} cannot be read${fatal.line ? ` (line ${fatal.line})` : ''}: ${fatal.message}. Fix the file or unset KIKI_DIRECTORY.`,
    );
  }
  for (const p of problems) {
    logger.warn({ file: config.KIKI_DIRECTORY, line: p.line }, `people directory: ${p.message}`);
  }
  logger.info({ people: people.length, problems: problems.length }, 'people directory loaded');
  return new Directory(people, lookup, options);
}
