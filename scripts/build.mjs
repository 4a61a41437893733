// `npm run build` (also run by `npm install`, through `prepare`): compiles src/ to dist/ with tsc, copies the
// files the code reads at run time (the sandbox page, the sentiment model), and stamps the build last, so that
// bin/kiki.js only runs dist/ when it is complete and newer than every source file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const ASSETS = ['sandbox/public', 'comms/scoring/model-en.json'];

fs.rmSync(dist, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build: tsc failed; bin/kiki.js keeps running the sources through tsx');
  process.exit(r.status ?? 1);
}
for (const asset of ASSETS) fs.cpSync(path.join(root, 'src', asset), path.join(dist, asset), { recursive: true });
fs.writeFileSync(path.join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
