// `npm run bench`: runs every scripts/bench-*.ts in turn. Each prints its own tables, with ratios against a
// baseline measured in the same run. Pass names to run only some: `npm run bench -- retrieval usage`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
// Names pick benchmarks; `--flag value` pairs are passed on to them (e.g. `npm run bench -- soak --dms 2000`).
const args = process.argv.slice(2);
const only: string[] = [];
const passOn: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a.startsWith('--')) {
    passOn.push(a);
    if (!a.includes('=') && args[i + 1] !== undefined && !args[i + 1]?.startsWith('--')) passOn.push(args[++i] as string);
  } else only.push(a);
}
const benches = fs
  .readdirSync(dir)
  .filter((f) => /^bench-.+\.ts$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (benches.length === 0) {
  console.error(`no benchmark matches ${only.join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n### ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, file), ...passOn], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
