// `npm run eval`: runs every scripts/eval-*.ts in turn; pass names to run only some (`npm run eval -- sentiment`).
// Arguments after the names that start with -- go to each evaluation (`npm run eval -- sentiment --test`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const flags = args.filter((a) => a.startsWith('--'));
const evals = fs
  .readdirSync(dir)
  .filter((f) => /^eval-.+\.ts$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (evals.length === 0) {
  console.error(`no evaluation matches ${only.join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const file of evals) {
  console.log(`\n### ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
