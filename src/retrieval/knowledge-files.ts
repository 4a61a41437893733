import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, IngestBusyError, isKikiError, KikiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { combineAccess, readFolderRule } from './access.js';
import { indexRoot } from './index-files.js';

export interface FoundFile {
  abs: string;
  source: string;
  access: string[] | undefined;
}

/** Walks KNOWLEDGE_DIR: skips names starting with "." or "_" and folders whose _access.yml says index: false. */
export function scanKnowledge(
  root: string,
  logger?: Logger,
  rootAccess?: string[],
): { files: FoundFile[]; problems: { source: string; reason: string }[] } {
  const files: FoundFile[] = [];
  const problems: { source: string; reason: string }[] = [];
  const walk = (dir: string, inherited: string[] | undefined) => {
    let rule: ReturnType<typeof readFolderRule>;
    try {
      rule = readFolderRule(dir);
    } catch (error) {
      const source = rel(root, path.join(dir, '_access.yml'));
      logger?.warn({ err: error, source }, 'ingest: folder rule unreadable, folder skipped');
      const reason = isKikiError(error) ? error.userMessage.split(': ').slice(1).join(': ') : 'cannot be read';
      problems.push({ source, reason: `${reason}; folder skipped` });
      return;
    }
    if (rule && !rule.index) return;
    const access = combineAccess(inherited, rule?.access);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs, access);
      else if (entry.isFile()) files.push({ abs, source: rel(root, abs), access });
    }
  };
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new KikiError(ErrorCode.NotFound, `KNOWLEDGE_DIR ${root} does not exist or is not a folder`);
  }
  walk(root, rootAccess);
  return { files, problems };
}

/** A folder indexed under a prefix (a knowledge source, KIKI_SOURCES), with the access of the whole source. */
export interface IngestRoot {
  dir: string;
  /** Put before every source path, e.g. "wiki/". */
  prefix: string;
  /** Departments allowed for the whole folder (a source's `access:`); undefined means everyone. */
  access?: string[] | undefined;
}

/** Every root scanned, its files' sources prefixed; a root that is missing is one problem, not a failed ingest. */
export function scanRoots(roots: IngestRoot[], logger?: Logger): ReturnType<typeof scanKnowledge> {
  const files: FoundFile[] = [];
  const problems: { source: string; reason: string }[] = [];
  for (const r of roots) {
    if (!fs.existsSync(r.dir)) {
      problems.push({ source: r.prefix, reason: 'not synced yet (run kiki sync)' });
      continue;
    }
    const found = scanKnowledge(r.dir, logger, r.access);
    files.push(...found.files.map((f) => ({ ...f, source: r.prefix + f.source })));
    problems.push(...found.problems.map((p) => ({ ...p, source: r.prefix + p.source })));
  }
  return { files, problems };
}

function rel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** One ingest at a time per data folder; a lock left by a killed process is taken over. */
export function acquireLock(dataDir: string): () => void {
  const file = path.join(indexRoot(dataDir), 'ingest.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new IngestBusyError(`another ingest is running (process ${pid}); wait for it to finish`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new IngestBusyError(`could not lock ${file}; another ingest may have just started`);
}

/** A file-system failure in words: its errno code is for the log, not for the summary. */
export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'ENOENT') return 'disappeared while indexing';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return 'cannot be read';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
