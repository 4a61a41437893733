import { Command, CommanderError } from 'commander';
import { isKikiError } from '../errors.js';
import { packageVersion } from './version.js';

type Register = (program: Command) => void;

/** Each command's module, in the order of `kiki --help`; only the one being run is loaded (a fast start). */
const COMMANDS: Record<string, () => Promise<Register>> = {
  start: async () => (await import('./commands/start.js')).registerStart,
  ask: async () => (await import('./commands/ask.js')).registerAsk,
  answers: async () => (await import('./commands/answers.js')).registerAnswers,
  channels: async () => (await import('./commands/channels.js')).registerChannels,
  contract: async () => (await import('./commands/contract.js')).registerContract,
  sentiment: async () => (await import('./commands/sentiment.js')).registerSentiment,
  report: async () => (await import('./commands/report.js')).registerReport,
  'demo-data': async () => (await import('./commands/demo-data.js')).registerDemoData,
  ingest: async () => (await import('./commands/ingest.js')).registerIngest,
  search: async () => (await import('./commands/search.js')).registerSearch,
  sources: async () => (await import('./commands/sources.js')).registerSources,
  sync: async () => (await import('./commands/sources.js')).registerSync,
};

/** The program with the commands `argv` needs: the named one, none for --version, all for help and mistakes. */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command()
    .name('kiki')
    .description('Kiki, the internal assistant in Slack: answers, contract drafts, press sentiment and adoption reports.')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run kiki --help for usage)')
    .exitOverride();
  const args = argv.slice(2);
  const named = args.find((a) => !a.startsWith('-'));
  const versionOnly = named === undefined && args.length > 0 && args.every((a) => a === '-v' || a === '--version');
  const wanted = named && named in COMMANDS ? [named] : versionOnly ? [] : Object.keys(COMMANDS);
  const registers = await Promise.all(wanted.map((name) => (COMMANDS[name] as () => Promise<Register>)()));
  for (const register of registers) register(program);
  return program;
}

/** Runs the CLI; every failure is one clear line on stderr and a non-zero exit code. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

export async function reportError(error: unknown): Promise<number> {
  // Loaded here, not at the top: `kiki --version` and `--help` need no configuration (zod) at all.
  const { ConfigError, debugEnabled } = await import('../config.js');
  if (error instanceof CommanderError) {
    // Commander already printed help, the version, or its own one-line error.
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`kiki: ${error.message}\n`);
    return 78;
  }
  const debug = debugEnabled();
  if (isKikiError(error)) {
    process.stderr.write(`kiki: ${error.userMessage}\n`);
    // The cause is the log's business: shown on request, never in the one line above.
    if (debug && error.cause !== undefined) process.stderr.write(`cause (${error.code}): ${stackOf(error.cause)}\n`);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`kiki: ${message.split('\n')[0]}${debug ? '' : ' (set KIKI_DEBUG=true for the stack trace)'}\n`);
  if (debug) process.stderr.write(`${stackOf(error)}\n`);
  return 1;
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
