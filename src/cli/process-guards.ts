import type { Logger } from '../logger.js';

/**
 * For the long-running `kiki start`: a stray rejection or exception from one request (in Kiki, Bolt or a
 * library) is logged with its stack and the process keeps serving everyone else. Kiki keeps no state between
 * requests outside the database, so the next request starts clean; Node's default (exit) would turn one bad
 * request into an outage for the whole workspace. Returns a function that removes the guards.
 */
export function keepServingOnStrayErrors(logger: Logger): () => void {
  const onRejection = (reason: unknown) => logger.error({ err: reason }, 'unhandled promise rejection; Kiki keeps running');
  const onException = (error: Error) => logger.error({ err: error }, 'uncaught exception; Kiki keeps running');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
