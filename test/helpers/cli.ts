import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/kiki.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `kiki` binary, as a user would, with only the environment given (plus PATH and HOME). */
export function runKiki(
  args: string[],
  env: Record<string, string> = {},
  options: { input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnKiki(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

export function spawnKiki(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** What a spawned `kiki` prints on stderr, collected as it comes, with a wait for a line to appear. */
export interface ChildStderr {
  readonly text: string;
  /** The first capture group of `pattern` once it (and `also`, if given) holds; rejects after 30 s with the output. */
  waitFor(pattern: RegExp, what: string, also?: (text: string) => boolean): Promise<string>;
}

export function watchStderr(child: ChildProcess): ChildStderr {
  let text = '';
  const listeners = new Set<() => void>();
  child.stderr?.on('data', (d: Buffer) => {
    text += d;
    for (const check of listeners) check();
  });
  return {
    get text() {
      return text;
    },
    waitFor(pattern, what, also = () => true) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = text.match(pattern);
          if (m?.[1] && also(text)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve(m[1]);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${what}: ${text}`));
        }, 30_000);
        listeners.add(check);
        check();
      });
    },
  };
}
