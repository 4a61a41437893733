import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { isKikiError } from '../errors.js';
import { registerAnswers } from './commands/answers.js';
import { registerAsk } from './commands/ask.js';
import { registerContract } from './commands/contract.js';
import { registerDemoData } from './commands/demo-data.js';
import { registerIngest } from './commands/ingest.js';
import { registerReport } from './commands/report.js';
import { registerSearch } from './commands/search.js';
import { registerSentiment } from './commands/sentiment.js';
import { registerStart } from './commands/start.js';
import { packageVersion } from './version.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('kiki')
    .description('Kiki, the internal assistant in Slack: answers, contract drafts, press sentiment and adoption reports.')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run kiki --help for usage)')
    .exitOverride();
  registerStart(program);
  registerAsk(program);
  registerAnswers(program);
  registerContract(program);
  registerSentiment(program);
  registerReport(program);
  registerDemoData(program);
  registerIngest(program);
  registerSearch(program);
  return program;
}

/** Runs the CLI; every failure is one clear line on stderr and a non-zero exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed help, the version, or its own one-line error.
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`kiki: ${error.message}\n`);
    return 78;
  }
  if (isKikiError(error)) {
    process.stderr.write(`kiki: ${error.userMessage}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kiki: ${message}\n`);
  if (process.env.KIKI_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  return 1;
}
