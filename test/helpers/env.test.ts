import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('tempDir', () => {
  it('removes the folders it made, with their files, when the process exits', () => {
    const script = `import fs from 'node:fs'; import { tempDir } from ${JSON.stringify(path.join(import.meta.dirname, 'env.ts'))};
      const a = tempDir(); const b = tempDir('kiki-other-'); fs.mkdirSync(a + '/sub'); fs.writeFileSync(a + '/sub/f.txt', 'x');
      console.log(JSON.stringify([a, b]));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const dirs = JSON.parse(r.stdout) as string[];
    expect(dirs).toHaveLength(2);
    for (const d of dirs) expect(fs.existsSync(d)).toBe(false);
  });
});
