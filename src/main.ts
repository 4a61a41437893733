import fs from 'node:fs';
import { packageVersion } from './cli/version.js';

// A .env file in the working directory is read first; variables already set in the environment win.
if (fs.existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  // The version needs no command parser at all: this is what `kiki --version` costs over a bare node.
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { runCli } = await import('./cli/index.js');
  process.exitCode = await runCli(process.argv);
}
