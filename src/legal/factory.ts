import type { Config } from '../config.js';
import type { Directory } from '../directory.js';
import type { ChatModel } from '../llm/chat.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import type { UsageRecorder } from '../usage/events.js';
import { ContractService, defaultTemplatesDir } from './contracts.js';
import { openAiSuggester, suggesterFor } from './suggest.js';

/** Templates from KNOWLEDGE_DIR/legal/templates (or another folder, for the CLI's --templates). */
export function createContractService(
  config: Config,
  logger: Logger,
  { chat, ...deps }: { store?: Store; usage?: UsageRecorder; directory?: Directory; chat?: ChatModel | undefined } = {},
  templatesDir = defaultTemplatesDir(config.KNOWLEDGE_DIR),
): ContractService {
  const suggester = chat ? suggesterFor(chat) : openAiSuggester(config);
  return new ContractService({ templatesDir, logger, config, ...deps, ...(suggester ? { suggester } : {}) });
}
