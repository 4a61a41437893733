import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { type Acted, handoffRequest } from '../assistant/ask-service.js';
import type { ThreadKind } from '../assistant/handoffs.js';
import type { AskInput } from '../assistant/types.js';
import { askerFor } from '../retrieval/access.js';
import type { Asker } from '../retrieval/types.js';
import type { Services } from '../services.js';
import type { Surface } from '../usage/events.js';
import { type AgentRequest, agentReply, wantsAgent } from './agent-flow.js';
import { readThread, stripMentions } from './ask-context.js';
import { AskDelivery, replier } from './ask-delivery.js';
import { audienceOf, OUTSIDE_CHANNEL } from './audience.js';
import { unescapeEntities } from './blocks/escape.js';
import { startHandoff } from './handoff-flow.js';
import { liveCandidatesFor } from './live-search.js';
import { type Membership, membershipOf, OUTSIDER_REFUSAL, UNVERIFIED_REFUSAL } from './outsiders.js';
import { viewedTeam } from './viewing.js';
import { usageKey } from './work.js';

export interface Question {
  surface: Surface;
  userId: string;
  /** The workspace the event came from (Bolt's context.teamId). */
  teamId?: string;
  enterpriseId?: string;
  /** The asker's own team as the event says (user_team in shared channels). */
  userTeam?: string;
  channel: string;
  /** The thread the reply goes in; absent for /kiki (ephemeral). */
  threadTs?: string;
  /** The message that asked, when there is one (its own ts is left out of the thread history). */
  messageTs?: string;
  /** The question came inside an existing thread: read it as conversation memory. */
  followUp: boolean;
  text: string;
  botUserId?: string;
  /** Assistant pane status ("is searching…"). */
  setStatus?: (status: string) => Promise<unknown>;
  /** /kiki: answers go back through response_url, visible to the asker only. */
  respond?: RespondFn;
  /** Names of files sent with the question: Kiki does not read them, and says so. */
  files?: string[];
  /** The event's action_token: with a slack-search source, Slack's messages the asker may read join the documents. */
  actionToken?: string;
}

/** The names of the files attached to a message event, if any. */
export function fileNames(message: unknown): string[] {
  const files = (message as { files?: { name?: string; title?: string }[] }).files;
  return Array.isArray(files) ? files.map((f) => f.name ?? f.title ?? 'file').slice(0, 5) : [];
}

const NO_FILES = 'I can only read text: I did not open the file you sent. Type your question and I will answer it from our documents.';

const EMPTY_QUESTION =
  'Ask me a question about how we work, for example _"How do I submit an expense claim?"_. Type `/kiki help` to see everything I can do.';

/**
 * A question from any Slack surface: who asks (membership, access), where the answer is read (audience), then the
 * AskService decides and records, and AskDelivery shows it. Whoever addressed Kiki gets an answer or a reason,
 * never silence.
 */
export async function answerQuestion(services: Services, client: WebClient, q: Question): Promise<void> {
  const started = performance.now();
  // Slack sends message text with &, < and > as entities: the question is kept as the person typed it,
  // and escaped once wherever it is shown again (otherwise "a > b" reaches people as "a &gt; b").
  const text = unescapeEntities(q.text).trim();
  const { reply } = replier(services, client, q);
  if (!text) {
    await reply({ text: q.files?.length ? NO_FILES : EMPTY_QUESTION });
    return;
  }
  const key = usageKey('ask');
  const who = await whoAsks(services, client, q, key.key);
  if (who.kind === 'refused') {
    await reply({ text: who.text });
    return;
  }
  const { membership, asker } = who;
  const history = q.followUp && q.threadTs ? await readThread(services, client, q) : [];
  const handoff = handoffRequest(text, history);
  if (handoff) {
    await startHandoff(services, client, {
      askerId: q.userId,
      channel: q.channel,
      ...(q.threadTs ? { threadTs: q.threadTs } : {}),
      ...handoff,
      owners: [],
      surface: q.surface,
      ...(q.respond ? { respond: q.respond } : {}),
    });
    return;
  }
  // The asker's DM, the assistant pane and ephemeral replies keep the asker's access; a channel's readers bound it.
  const inPrivate = Boolean(q.respond) || q.surface === 'dm' || q.surface === 'assistant';
  const audience = inPrivate ? undefined : await audienceOf(services, client, q.channel, q.botUserId);
  if (audience?.kind === 'outside') {
    await reply({ text: OUTSIDE_CHANNEL });
    return;
  }
  // In the asker's own DM or pane, the team whose channel they are viewing has its documents preferred.
  const team = inPrivate && !q.respond ? await viewedTeam(services, q.userId) : undefined;
  // With a model, a request for an action (a contract, a press report, figures) goes to the agent (src/agent).
  const useAgent = wantsAgent(services, q.surface, text);
  const recipientTeam = membership.teamId ?? q.teamId;
  const delivery = new AskDelivery(services, client, q, {
    question: text,
    firstInThread: !history.some((t) => t.role === 'user'),
    // The agent's message opens with its first words: a request it hands off or only acts on shows no empty stream.
    startAtOnce: !useAgent,
    ...(recipientTeam ? { recipientTeam } : {}),
  });
  const agent = useAgent
    ? agentFor(
        services,
        client,
        { ...q, text, history, asker, ...(audience ? { audience } : {}), outsider: membership.outsider },
        () => delivery.stopped,
      )
    : undefined;
  // Slack's own messages (a slack-search source): searched as the asker; where others read, public channels only.
  const live = liveCandidatesFor(services, client, {
    ...(q.actionToken ? { actionToken: q.actionToken } : {}),
    outsider: membership.outsider,
    publicOnly: Boolean(audience),
  });
  const result = await services.ask.ask({
    question: text,
    asker,
    userId: q.userId,
    surface: q.surface,
    history,
    started,
    ...(audience ? { audience } : {}),
    ...(team ? { preferTeam: team } : {}),
    ...(key.key ? { usageKey: key.key } : {}),
    ...(agent ? { act: agent.act } : {}),
    ...(live ? { liveCandidates: live } : {}),
    searching: () => delivery.begin(),
  });
  if (result.kind === 'verified') await delivery.verified(result.match, result.eventId);
  else if (result.kind === 'answered') await delivery.answered(result.answer, result.eventId, agent?.blocks());
  else if (result.kind === 'failed') await delivery.failed();
  else await delivery.ended();
  // A failed answer leaves the thread unremembered, as before: a retry in it starts afresh.
  if (result.kind !== 'failed') await rememberThread(services, q);
}

/** Who asks: a guest from another organisation is refused (KIKI_EXTERNAL_USERS=refuse) or reads public documents only. */
async function whoAsks(
  services: Services,
  client: WebClient,
  q: Question,
  usageKey: string | undefined,
): Promise<{ kind: 'refused'; text: string } | { kind: 'asker'; membership: Membership; asker: Asker }> {
  const membership = await membershipOf(client, services.logger, {
    userId: q.userId,
    ...(q.teamId ? { workspaceTeamId: q.teamId } : {}),
    ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}),
    ...(q.userTeam ? { userTeamHint: q.userTeam } : {}),
  });
  if (membership.outsider && services.config.KIKI_EXTERNAL_USERS === 'refuse') {
    services.ask.refused({ userId: q.userId, surface: q.surface, ...(usageKey ? { usageKey } : {}) });
    return { kind: 'refused', text: membership.unverified ? UNVERIFIED_REFUSAL : OUTSIDER_REFUSAL };
  }
  const asker: Asker = membership.outsider
    ? { userId: q.userId, isAdmin: false, external: true }
    : await askerFor(services.config, services.directory, q.userId);
  return { kind: 'asker', membership, asker };
}

/** With a model, the agent answers a request for an action; its extra blocks (Review the draft) follow the answer. */
function agentFor(services: Services, client: WebClient, req: AgentRequest, stopped: () => boolean) {
  let blocks: KnownBlock[] = [];
  const act = async (input: AskInput): Promise<Acted> => {
    const acted = await agentReply(services, client, { ...req, ...(input.onText ? { onText: input.onText } : {}) }, stopped);
    blocks = acted.blocks;
    return acted;
  };
  return { act, blocks: () => blocks };
}

async function rememberThread(services: Services, q: Question): Promise<void> {
  if (q.threadTs && !q.respond) {
    const kind: ThreadKind = q.surface === 'assistant' ? 'assistant' : q.surface === 'mention' ? 'mention' : 'dm';
    await services.askThreads
      .remember(q.channel, q.threadTs, kind, q.userId)
      .catch((error: unknown) => services.logger.warn({ err: error }, 'thread not remembered'));
  }
}

export { stripMentions };
