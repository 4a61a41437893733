import type { Logger } from '../../logger.js';
import type { SourceSpec } from '../spec.js';
import type { Connector } from '../types.js';
import { confluenceConnector } from './confluence.js';
import { driveConnector } from './google-drive.js';
import { webConnector } from './web.js';

export interface HttpTuning {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** The connector of a source that Kiki fetches (not a folder, not Slack search). */
export function createConnector(spec: SourceSpec, env: NodeJS.ProcessEnv, logger: Logger, tuning: HttpTuning = {}): Connector {
  switch (spec.type) {
    case 'confluence':
      return confluenceConnector(spec, env, logger, tuning);
    case 'google-drive':
      return driveConnector(spec, env, logger, tuning);
    case 'web':
      return webConnector(spec, env, logger, tuning);
    default:
      throw new Error(`a ${spec.type} source has no connector`);
  }
}
