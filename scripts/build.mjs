// `npm run build` (also run by `npm install`, through `prepare`): compiles src/ to dist/ with tsc, copies every
// other file of src/ the code reads at run time (the sandbox page, the sentiment model and lexicons: any file that
// is not TypeScript, so a new data file cannot be forgotten), and stamps the build last, so that bin/kiki.js only
// runs dist/ when it is complete and newer than every source file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

/** Every file under src/ that tsc does not emit, relative to src/. */
function assets(dir = path.join(root, 'src')) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return assets(abs);
    return /\.(ts|tsx)$/.test(e.name) ? [] : [path.relative(path.join(root, 'src'), abs)];
  });
}

fs.rmSync(dist, { recursive: true, force: true });
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('build: tsc failed; bin/kiki.js keeps running the sources through tsx');
  process.exit(r.status ?? 1);
}
for (const asset of assets()) fs.cpSync(path.join(root, 'src', asset), path.join(dist, asset), { recursive: true });
fs.writeFileSync(path.join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
