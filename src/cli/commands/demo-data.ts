import type { Command } from 'commander';
import { CliUsageError, ErrorCode, KikiError } from '../../errors.js';
import { SAMPLE_DIRECTORY } from '../../sandbox/defaults.js';
import { cliConfig, cliLogger, openServices } from '../context.js';

interface DemoDataOptions {
  weeks: string;
  force?: boolean;
  clear?: boolean;
  seed: string;
}

export function registerDemoData(program: Command): void {
  program
    .command('demo-data')
    .description('Fill the store with a few weeks of demo usage events (marked as demo) for the sample directory')
    .option('--weeks <n>', 'how many weeks of events', '6')
    .option('--seed <n>', 'random seed, for the same data every time', '7')
    .option('--force', 'add demo events even though the store holds real usage events')
    .option('--clear', 'remove all demo events and stop')
    .action(async (opts: DemoDataOptions) => {
      const weeks = Number(opts.weeks);
      if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) {
        throw new CliUsageError(`--weeks "${opts.weeks}" must be a whole number from 1 to 52.`);
      }
      const config = cliConfig();
      const services = await openServices(config, cliLogger(config));
      try {
        const [{ clearDemoEvents, countEvents, generateDemoEvents, insertEvents }, { readDirectoryFile }, { analyzeUsageEvents }] =
          await Promise.all([import('../../usage/demo-data.js'), import('../../directory.js'), import('../../usage/retention.js')]);
        const { store } = services;
        if (opts.clear) {
          process.stderr.write(`Removed ${await clearDemoEvents(store)} demo events from ${store.location}.\n`);
          return;
        }
        const counts = await countEvents(store);
        if (counts.real > 0 && !opts.force) {
          throw new KikiError(
            ErrorCode.InvalidInput,
            `${store.location} already holds ${counts.real} real usage events; demo events would mix into real reports. Use a fresh KIKI_DATA_DIR, or --force to add them anyway (they stay marked as demo; remove them with kiki demo-data --clear).`,
          );
        }
        const file = config.KIKI_DIRECTORY ?? SAMPLE_DIRECTORY;
        const { people, problems } = readDirectoryFile(file);
        if (people.length === 0) {
          throw new KikiError(ErrorCode.InvalidInput, `No people in ${file}${problems[0] ? `: ${problems[0].message}` : ''}.`);
        }
        const replaced = counts.demo > 0 ? await clearDemoEvents(store) : 0;
        const rows = generateDemoEvents(people, { weeks, seed: Number(opts.seed) || 7 });
        await insertEvents(store, rows);
        await analyzeUsageEvents(store);
        process.stderr.write(
          `${replaced ? `Replaced ${replaced} earlier demo events. ` : ''}Added ${rows.length} demo usage events (${weeks} weeks, ${people.length} people from ${file}) to ${store.location}.\n` +
            `They are marked as demo and reports say so. Try: kiki report --since 30d${config.KIKI_DIRECTORY ? '' : ` (with KIKI_DIRECTORY=${file})`}\n`,
        );
      } finally {
        await services.close();
      }
    });
}
