import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, IndexUnavailableError, isKikiError } from '../src/errors.js';
import { currentPointerFile, currentVersionDir, indexRoot } from '../src/retrieval/index-files.js';
import { runKiki } from './helpers/cli.js';
import { tempDir } from './helpers/env.js';

describe('typed errors', () => {
  it('a damaged index is an IndexUnavailableError with its stable code and a way out', () => {
    const dataDir = tempDir();
    fs.mkdirSync(indexRoot(dataDir), { recursive: true });
    fs.writeFileSync(currentPointerFile(dataDir), 'not json');
    const error = (() => {
      try {
        currentVersionDir(dataDir);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(IndexUnavailableError);
    expect(isKikiError(error) && error.code).toBe(ErrorCode.IndexUnavailable);
    expect((error as IndexUnavailableError).userMessage).toMatch(/is damaged; run "kiki ingest" to rebuild the index$/);
  });

  it('the CLI prints the constant message on one line, and the cause with its code only with KIKI_DEBUG', async () => {
    const chart = path.join(tempDir(), 'missing-folder', 'chart.png');
    const env = { KIKI_DATA_DIR: tempDir(), LOG_LEVEL: 'error' };
    const plain = await runKiki(['report', '--chart', chart], env);
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim()).toBe(`kiki: Cannot write ${chart}: check that its folder exists and that you may write there.`);
    const debug = await runKiki(['report', '--chart', chart], { ...env, KIKI_DEBUG: 'true' });
    expect(debug.stderr).toMatch(/^cause \(kiki_file_not_writable\): Error: ENOENT/m);
  });
});
