import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/** The sandbox's cast: the sample people, their admin and the sample routing table. */
export const SANDBOX_ADMIN = 'U0IT01';
export const SAMPLE_DIRECTORY = path.resolve(import.meta.dirname, '../../examples/people.csv');
export const SAMPLE_ROUTING = path.resolve(import.meta.dirname, '../../examples/routing.yml');
/** Written into KIKI_DATA_DIR by the sandbox's first start: a data folder holding it is the sandbox's. */
export const SANDBOX_MARKER = 'sandbox-seed.json';

/** The people, admin and routing the sandbox plays with, wherever the configuration leaves them unset. */
export function withSandboxDefaults(config: Config): Config {
  return {
    ...config,
    KIKI_DIRECTORY: config.KIKI_DIRECTORY ?? SAMPLE_DIRECTORY,
    KIKI_ADMINS: config.KIKI_ADMINS.length > 0 ? config.KIKI_ADMINS : [SANDBOX_ADMIN],
    KIKI_ROUTING: config.KIKI_ROUTING ?? (fs.existsSync(SAMPLE_ROUTING) ? SAMPLE_ROUTING : undefined),
  };
}

/** Whether KIKI_DATA_DIR is a folder the sandbox filled (then the CLI reads it with the sandbox's people). */
export function isSandboxData(config: Config): boolean {
  return fs.existsSync(path.join(config.KIKI_DATA_DIR, SANDBOX_MARKER));
}
