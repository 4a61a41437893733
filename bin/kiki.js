#!/usr/bin/env node
// Runs the compiled dist/ (built by `npm install` or `npm run build`): a start in a fraction of a second.
// When dist/ is missing or older than a source file (a checkout being edited), it runs the TypeScript sources
// through tsx instead, so what runs is always what the sources say.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function builtIsFresh() {
  let built;
  try {
    built = fs.statSync(path.join(root, 'dist', '.build-stamp')).mtimeMs;
  } catch {
    return false;
  }
  const newer = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? newer(file) : fs.statSync(file).mtimeMs > built;
    });
  return !newer(path.join(root, 'src'));
}

if (builtIsFresh()) {
  await import('../dist/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
