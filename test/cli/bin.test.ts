import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';

/** A copy of bin/kiki.js in a project of its own, whose src/ and dist/ just say which one ran. */
function project(): { root: string; run(): string } {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'bin'));
  fs.writeFileSync(path.join(root, 'package.json'), '{"type": "module"}\n');
  fs.copyFileSync(path.join(ROOT, 'bin/kiki.js'), path.join(root, 'bin/kiki.js'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  fs.mkdirSync(path.join(root, 'src/cli'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/main.ts'), "const from: string = 'src';\nconsole.log(from);\n");
  fs.writeFileSync(path.join(root, 'src/cli/deep.ts'), 'export {};\n');
  fs.mkdirSync(path.join(root, 'dist'));
  fs.writeFileSync(path.join(root, 'dist/main.js'), "console.log('dist');\n");
  return {
    root,
    run: () => spawnSync(process.execPath, [path.join(root, 'bin/kiki.js')], { encoding: 'utf8' }).stdout.trim(),
  };
}

describe('bin/kiki.js', () => {
  it('runs the build when it is complete and newer than every source file, the sources through tsx otherwise', () => {
    const p = project();
    expect(p.run()).toBe('src'); // no build stamp: an interrupted or missing build
    const stamp = path.join(p.root, 'dist/.build-stamp');
    fs.writeFileSync(stamp, 'now\n');
    const past = new Date(Date.now() - 60_000);
    for (const f of ['src/main.ts', 'src/cli/deep.ts']) fs.utimesSync(path.join(p.root, f), past, past);
    expect(p.run()).toBe('dist');
    fs.utimesSync(path.join(p.root, 'src/cli/deep.ts'), new Date(), new Date(Date.now() + 1000)); // an edit, deep in src/
    expect(p.run()).toBe('src');
  });
});
