import { AnswerService } from './assistant/answer.js';
import { AskService } from './assistant/ask-service.js';
import { AskThreads, HandoffStore } from './assistant/handoffs.js';
import type { ModelAnswerOptions } from './assistant/model-answer.js';
import { loadRouting, type RoutingTable } from './assistant/routing.js';
import { TeamPreferringRetriever } from './assistant/team-preference.js';
import { ChannelAnswerSettings } from './channels/settings.js';
import { SentimentCorrections } from './comms/corrections.js';
import type { SentimentService } from './comms/service.js';
import type { Config } from './config.js';
import { type Directory, loadDirectory } from './directory.js';
import type { ContractService } from './legal/contracts.js';
import { type ChatModel, createChatModel } from './llm/chat.js';
import type { Logger } from './logger.js';
import { RetrievalService } from './retrieval/service.js';
import { ingestRoots } from './sources/roots.js';
import { openStore, type Store } from './store/db.js';
import { AdoptionReports } from './usage/adoption.js';
import { UsageRecorder } from './usage/events.js';
import { VerifiedAnswers } from './verified/service.js';

/** What answering a question needs: `kiki ask` and `kiki search` build only this. */
export interface CoreServices {
  config: Config;
  logger: Logger;
  store: Store;
  directory: Directory;
  usage: UsageRecorder;
  /** The answer pipeline (src/assistant), used by every Slack surface and `kiki ask`. */
  assistant: AnswerService;
  /** Hybrid search over the ingested knowledge; reloads itself when a new index is published. */
  retrieval: RetrievalService;
  /** One chat model for the process, if configured: answers, contract suggestions and sentiment scoring share it. */
  chat: ChatModel | undefined;
  /** Verified answers saved from hand-offs (issue 14): served before the documents when the meaning matches. */
  verified: VerifiedAnswers;
  /** The one conductor for a question (verified answer → documents → usage event), for Slack and the CLI alike. */
  ask: AskService;
  close(): Promise<void>;
}

/** Everything the Slack listeners and the CLI share. Built once per process by createServices. */
export interface Services extends CoreServices {
  handoffs: HandoffStore;
  askThreads: AskThreads;
  routing: RoutingTable;
  contracts: ContractService;
  sentiment: SentimentService;
  /** Sentiment reports posted in Slack and the labels people gave their articles. */
  sentimentChecks: SentimentCorrections;
  /** Adoption and quality reports (issue 7). */
  reports: AdoptionReports;
  /** Channels opted in to auto-answer, with their settings (issue 23). */
  channels: ChannelAnswerSettings;
}

export interface ServiceDeps {
  /** The people directory; default KIKI_DIRECTORY with no profile lookup (Slack passes one with users.info). */
  directory?: Directory;
}

/** What the answer pipeline takes from the configuration when a model answers. */
export function modelOptions(config: Pick<Config, 'KIKI_LLM_MAX_PROMPT_TOKENS' | 'KIKI_LLM_RERANK'>): Partial<ModelAnswerOptions> {
  return { maxPromptTokens: config.KIKI_LLM_MAX_PROMPT_TOKENS, rerank: config.KIKI_LLM_RERANK };
}

export async function createCoreServices(config: Config, logger: Logger, deps: ServiceDeps = {}): Promise<CoreServices> {
  const store = await openStore({ dataDir: config.KIKI_DATA_DIR, databaseUrl: config.DATABASE_URL, logger });
  const directory = deps.directory ?? loadDirectory(config, logger);
  const usage = new UsageRecorder(store, directory, config, logger);
  const retrieval = new RetrievalService(config, logger, ingestRoots(config));
  retrieval.watch();
  const chat = createChatModel(config);
  const assistant = new AnswerService({
    // Prefers the documents of the team whose channel the asker is viewing, when as relevant (issue 23).
    retriever: new TeamPreferringRetriever(retrieval),
    ...(chat ? { chat } : {}),
    logger,
    model: modelOptions(config),
  });
  const core = {
    config,
    logger,
    store,
    directory,
    usage,
    assistant,
    retrieval,
    chat,
    verified: new VerifiedAnswers(store, config, logger),
    close: async () => {
      retrieval.close();
      await usage.flush();
      await store.close();
    },
  };
  // The conductor reads its collaborators from the container when asked, so a swapped one (tests) is used.
  return Object.assign(core, { ask: new AskService(core) });
}

export async function createServices(config: Config, logger: Logger, deps: ServiceDeps = {}): Promise<Services> {
  const core = await createCoreServices(config, logger, deps);
  let routing: RoutingTable;
  let legal: typeof import('./legal/factory.js');
  let comms: typeof import('./comms/service.js');
  try {
    routing = loadRouting(config.KIKI_ROUTING);
    // Word and PDF writers, the press pipeline: loaded here, so that `kiki ask` (core only) never pays for them.
    [legal, comms] = await Promise.all([import('./legal/factory.js'), import('./comms/service.js')]);
  } catch (error) {
    await core.close();
    throw error;
  }
  const { store, usage, directory, chat } = core;
  const sentimentChecks = new SentimentCorrections(store);
  const services = {
    ...core,
    handoffs: new HandoffStore(store),
    askThreads: new AskThreads(store),
    routing,
    contracts: legal.createContractService(config, logger, { store, usage, directory, chat }),
    sentiment: new comms.SentimentService({
      ...comms.sentimentOptionsFromConfig(config, logger, chat),
      // This workspace's labels feed its scorer (team.ts); one store per installation, so one workspace.
      teamLabels: async () => comms.teamExamplesFrom(await sentimentChecks.export()),
    }),
    sentimentChecks,
    reports: new AdoptionReports(store, directory, config),
    channels: new ChannelAnswerSettings(store),
  };
  // In Slack, usage events also name the team that owns each answer (services.routing, the hand-off routing).
  return Object.assign(services, { ask: new AskService(services) });
}
