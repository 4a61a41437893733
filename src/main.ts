import fs from 'node:fs';
import { runCli } from './cli/index.js';

// A .env file in the working directory is read first; variables already set in the environment win.
if (fs.existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');

process.exitCode = await runCli(process.argv);
