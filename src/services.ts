import { AnswerService } from './assistant/answer.js';
import { AskThreads, HandoffStore } from './assistant/handoffs.js';
import { loadRouting, type RoutingTable } from './assistant/routing.js';
import { SentimentCorrections } from './comms/corrections.js';
import { SentimentService, sentimentOptionsFromConfig } from './comms/service.js';
import type { Config } from './config.js';
import { ErrorCode, KikiError } from './errors.js';
import { ContractService, defaultTemplatesDir } from './legal/contracts.js';
import { openAiSuggester, suggesterFor } from './legal/suggest.js';
import { type ChatModel, createChatModel } from './llm/chat.js';
import type { Logger } from './logger.js';
import { RetrievalService } from './retrieval/service.js';
import { openStore, type Store } from './store/db.js';
import { AdoptionReports } from './usage/adoption.js';
import { Directory, readDirectoryFile } from './usage/directory.js';
import { UsageRecorder } from './usage/events.js';
import { VerifiedAnswers } from './verified/service.js';

/** Everything the Slack listeners and the CLI share. Built once per process by createServices. */
export interface Services {
  config: Config;
  logger: Logger;
  store: Store;
  directory: Directory;
  usage: UsageRecorder;
  /** The answer pipeline (src/assistant), used by every Slack surface and `kiki ask`. */
  assistant: AnswerService;
  handoffs: HandoffStore;
  askThreads: AskThreads;
  routing: RoutingTable;
  contracts: ContractService;
  sentiment: SentimentService;
  /** Sentiment reports posted in Slack and the labels people gave their articles. */
  sentimentChecks: SentimentCorrections;
  /** Adoption and quality reports (issue 7). */
  reports: AdoptionReports;
  /** Hybrid search over the ingested knowledge; reloads itself when a new index is published. */
  retrieval: RetrievalService;
  /** Verified answers saved from hand-offs (issue 14): served before the documents when the meaning matches. */
  verified: VerifiedAnswers;
  close(): Promise<void>;
}

export async function createServices(config: Config, logger: Logger): Promise<Services> {
  const directory = loadDirectory(config, logger);
  const store = await openStore({ dataDir: config.KIKI_DATA_DIR, databaseUrl: config.DATABASE_URL, logger });
  const usage = new UsageRecorder(store, directory, config, logger);
  const retrieval = new RetrievalService(config, logger);
  retrieval.watch();
  let routing: RoutingTable;
  try {
    routing = loadRouting(config.KIKI_ROUTING);
  } catch (error) {
    retrieval.close();
    await store.close();
    throw error;
  }
  const chat = createChatModel(config);
  const assistant = new AnswerService({
    retriever: retrieval,
    ...(chat ? { chat } : {}),
    logger,
  });
  // One chat model for the process: answers, contract suggestions and sentiment scoring share it.
  const contracts = createContractService(config, logger, { store, usage, directory, chat });
  const sentiment = new SentimentService(sentimentOptionsFromConfig(config, logger, chat));
  const reports = new AdoptionReports(store, directory, config);
  return {
    config,
    logger,
    store,
    directory,
    usage,
    assistant,
    handoffs: new HandoffStore(store),
    askThreads: new AskThreads(store),
    routing,
    contracts,
    sentiment,
    sentimentChecks: new SentimentCorrections(store),
    reports,
    retrieval,
    verified: new VerifiedAnswers(store, config, logger),
    close: async () => {
      retrieval.close();
      await usage.flush();
      await store.close();
    },
  };
}

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

function loadDirectory(config: Config, logger: Logger): Directory {
  if (!config.KIKI_DIRECTORY) {
    logger.warn(
      config.KIKI_PROFILE_DEPARTMENTS
        ? 'KIKI_DIRECTORY is not set: departments come from Slack profiles (KIKI_PROFILE_DEPARTMENTS=true)'
        : 'KIKI_DIRECTORY is not set and KIKI_PROFILE_DEPARTMENTS is off: nobody but admins reads department-restricted documents',
    );
    return new Directory([], undefined, { trustProfiles: config.KIKI_PROFILE_DEPARTMENTS });
  }
  const { people, problems, fatal } = readDirectoryFile(config.KIKI_DIRECTORY);
  if (fatal) {
    // A directory that cannot be read at all would quietly make everyone "Unassigned": refuse instead.
    throw new KikiError(
      ErrorCode.InvalidInput,
      `KIKI_DIRECTORY ${config.KIKI_DIRECTORY} cannot be read${fatal.line ? ` (line ${fatal.line})` : ''}: ${fatal.message}. Fix the file or unset KIKI_DIRECTORY.`,
    );
  }
  for (const p of problems) {
    logger.warn({ file: config.KIKI_DIRECTORY, line: p.line }, `people directory: ${p.message}`);
  }
  logger.info({ people: people.length, problems: problems.length }, 'people directory loaded');
  return new Directory(people, undefined, { trustProfiles: config.KIKI_PROFILE_DEPARTMENTS });
}
