import { type Config, loadConfig } from '../config.js';
import { createLogger, type Logger, terminalDestination } from '../logger.js';
import { isSandboxData, withSandboxDefaults } from '../sandbox/defaults.js';
import type { CoreServices, ServiceDeps, Services } from '../services.js';

/**
 * The configuration a `kiki` command runs with. A data folder the sandbox filled is read with the sandbox's
 * people, admin and routing (unless set), so `kiki report` and `kiki ask --as` see what the sandbox shows.
 */
export function cliConfig(): Config {
  const config = loadConfig();
  return isSandboxData(config) ? withSandboxDefaults(config) : config;
}

/** Logs on stderr: one readable line each at a terminal, JSON lines otherwise (files, pipes, log collectors). */
export function cliLogger(config: Config, fallbackLevel = 'warn'): Logger {
  return createLogger(config.LOG_LEVEL ?? fallbackLevel, process.stderr.isTTY ? terminalDestination(process.stderr) : undefined);
}

/** Loaded on first use: the services pull in the index, the store, Word and PDF readers, and the model clients. */
export async function openServices(config: Config, logger: Logger, deps: ServiceDeps = {}): Promise<Services> {
  const { createServices } = await import('../services.js');
  return createServices(config, logger, deps);
}

/** Only what answering needs (store, directory, index, answer pipeline): for `kiki ask` and `kiki search`. */
export async function openCoreServices(config: Config, logger: Logger): Promise<CoreServices> {
  const { createCoreServices } = await import('../services.js');
  return createCoreServices(config, logger);
}

/** Runs `work` with the services of `cliConfig()` (the sandbox's defaults on its data folder), closed afterwards. */
export async function withServices<T>(work: (s: Services) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const services = await openServices(config, cliLogger(config));
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}
