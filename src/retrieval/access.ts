import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { type Config, isAdmin } from '../config.js';
import { type Directory, UNASSIGNED } from '../directory.js';
import { AccessRuleError } from '../errors.js';
import type { Asker } from './types.js';

/** What an `_access.yml` in a folder says about everything below it. */
export interface FolderRule {
  access?: string[];
  /** `index: false`: the folder is not ingested (e.g. contract templates, press samples). */
  index: boolean;
}

export const FOLDER_RULE_FILE = '_access.yml';

/** " (line 3)" from a YAML parse error, or nothing: the line helps, the parser's own wording is not for users. */
function yamlLine(error: unknown): string {
  const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
  return line ? ` (line ${line})` : '';
}

/** Reads a folder's `_access.yml`; a malformed file is an error so a typo never opens a restricted folder. */
export function readFolderRule(dir: string): FolderRule | undefined {
  const file = path.join(dir, FOLDER_RULE_FILE);
  if (!fs.existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new AccessRuleError(`${file}: not valid YAML${yamlLine(error)}; check its indentation and brackets`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new AccessRuleError(`${file}: expected keys "access" and/or "index"`);
  const { access, index } = data as { access?: unknown; index?: unknown };
  if (access !== undefined && !(Array.isArray(access) && access.every((a) => typeof a === 'string')) && typeof access !== 'string') {
    throw new AccessRuleError(`${file}: "access" must be a list of department names, e.g. [Legal, People]`);
  }
  if (index !== undefined && typeof index !== 'boolean') throw new AccessRuleError(`${file}: "index" must be true or false`);
  const list = typeof access === 'string' ? [access] : (access as string[] | undefined);
  return { ...(list ? { access: list.map((a) => a.trim()).filter(Boolean) } : {}), index: index ?? true };
}

/**
 * Every restriction on the way down applies: a document is visible to the departments allowed by all of
 * them (the intersection), so a nested rule can narrow a folder's audience but never widen it.
 */
export function combineAccess(...lists: (string[] | undefined)[]): string[] | undefined {
  let result: string[] | undefined;
  for (const list of lists) {
    if (!list) continue;
    if (!result) result = [...new Set(list)];
    else {
      const allowed = new Set(list.map((d) => d.toLowerCase()));
      result = result.filter((d) => allowed.has(d.toLowerCase()));
    }
  }
  return result;
}

/** The access value that opens a document to guests from other organisations (KIKI_EXTERNAL_USERS=public). */
export const PUBLIC_ACCESS = 'public';

export function canSee(asker: Asker, access: string[] | undefined): boolean {
  const isPublic = access?.some((a) => a.toLowerCase() === PUBLIC_ACCESS) ?? false;
  if (asker.external) return isPublic;
  if (!access || asker.isAdmin || isPublic) return true;
  const dept = asker.department?.toLowerCase();
  return dept !== undefined && access.some((a) => a.toLowerCase() === dept);
}

/** The asker for a Slack user: department from the people directory, admin per KIKI_ADMINS. */
export async function askerFor(config: Config, directory: Directory, userId: string): Promise<Asker> {
  const department = await directory.departmentOf(userId);
  return {
    userId,
    ...(department && department !== UNASSIGNED ? { department } : {}),
    isAdmin: isAdmin(config, userId),
  };
}
