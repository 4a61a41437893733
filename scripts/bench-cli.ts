// `npm run bench -- cli`: wall time of `kiki` commands as a user starts them (a fresh process each), against
// a bare `node -e 0` measured in the same run, interleaved so that machine load hits every row alike.
// Targets (issue 16): `kiki --version` within 8× `node -e 0`; `kiki ask` on the sample knowledge under 1.5 s.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { median, printTable, tempDataDir } from './lib/bench-utils.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  KIKI_DATA_DIR: tempDataDir('kiki-bench-cli-'),
  LOG_LEVEL: 'silent',
};

function run(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
run(['bin/kiki.js', 'ingest']);

const cases: [string, string[]][] = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['kiki --version', ['bin/kiki.js', '--version']],
  ['kiki --help', ['bin/kiki.js', '--help']],
  ['kiki ask (sample knowledge)', ['bin/kiki.js', 'ask', 'What is the per diem for business travel?']],
  ['kiki search (sample knowledge)', ['bin/kiki.js', 'search', 'per diem']],
  ['before: tsx src/main.ts --version', ['--import', 'tsx', 'src/main.ts', '--version']],
];
const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let i = 0; i < ROUNDS; i++) for (const [name, args] of cases) samples.get(name)?.push(run(args));

const base = median(samples.get('node -e 0 (baseline)') ?? []);
const rows = cases.map(([name]) => {
  const s = samples.get(name) ?? [];
  return [name, Math.round(median(s)), Math.round(Math.min(...s)), Math.round(Math.max(...s)), `${(median(s) / base).toFixed(1)}×`];
});
printTable(
  `CLI start-up, ${ROUNDS} rounds, ms (median, min, max; ratio of medians to node -e 0)`,
  ['command', 'median', 'min', 'max', 'ratio'],
  rows,
);
const version = median(samples.get('kiki --version') ?? []) / base;
const ask = median(samples.get('kiki ask (sample knowledge)') ?? []);
console.log(`\nkiki --version: ${version.toFixed(1)}× node -e 0 (target ≤ 8×) ${version <= 8 ? 'PASS' : 'FAIL'}`);
console.log(`kiki ask: ${Math.round(ask)} ms (target < 1500 ms) ${ask < 1500 ? 'PASS' : 'FAIL'}`);
