import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { ThreadKind } from '../assistant/handoffs.js';
import { wantsHuman } from '../assistant/intent.js';
import { preferredTeam } from '../assistant/team-preference.js';
import type { Answer, AskInput } from '../assistant/types.js';
import { APOLOGY } from '../errors.js';
import { modelSignal } from '../llm/chat.js';
import { askerFor } from '../retrieval/access.js';
import type { Asker } from '../retrieval/types.js';
import type { Services } from '../services.js';
import type { Surface } from '../usage/events.js';
import { gapFacts } from '../usage/gaps.js';
import { agentReply, wantsAgent } from './agent-flow.js';
import { AnswerStream } from './answer-stream.js';
import { readThread, showProgress, stripMentions } from './ask-context.js';
import { audienceOf, OUTSIDE_CHANNEL, withheldNote } from './audience.js';
import { answerFallbackText, buildAnswerBlocks } from './blocks/answer.js';
import { escapeMrkdwn, unescapeEntities } from './blocks/escape.js';
import { startHandoff } from './handoff-flow.js';
import { liveCandidatesFor } from './live-search.js';
import { membershipOf, OUTSIDER_REFUSAL, UNVERIFIED_REFUSAL } from './outsiders.js';
import { beginSession } from './sessions.js';
import { SLACK_FAILED, withoutRetries } from './slack-calls.js';
import { serveVerified } from './verified-flow.js';
import { viewedTeam } from './viewing.js';
import { currentWork, usageKey } from './work.js';

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

function filesNote(names: string[]): KnownBlock {
  const list = names.map((n) => `_${escapeMrkdwn(n)}_`).join(', ');
  return {
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: `:paperclip: I did not read ${list}: I answer from our documents and the text of your message only.` },
    ],
  };
}

const EMPTY_QUESTION =
  'Ask me a question about how we work, for example _"How do I submit an expense claim?"_. Type `/kiki help` to see everything I can do.';

/**
 * The one sequence every surface runs: progress → answer → reply with sources and buttons → usage event.
 * Whoever addressed Kiki gets an answer or a reason, never silence.
 */
export async function answerQuestion(services: Services, client: WebClient, q: Question): Promise<void> {
  const started = performance.now();
  // Slack sends message text with &, < and > as entities: the question is kept as the person typed it,
  // and escaped once wherever it is shown again (otherwise "a > b" reaches people as "a &gt; b").
  const text = unescapeEntities(q.text).trim();
  const work = currentWork();
  const thread = q.threadTs ? { thread_ts: q.threadTs } : {};
  /** When Slack itself refuses the reply, the person is told so (ephemeral: a different method, often still up). */
  const tellSlackFailed = async () => {
    await client.chat
      .postEphemeral({ channel: q.channel, user: q.userId, ...thread, text: SLACK_FAILED })
      .catch((error: unknown) => services.logger.error({ err: error }, 'Slack refused the reply and the notice about it'));
  };
  const reply = async (args: { text: string; blocks?: KnownBlock[] }): Promise<boolean> => {
    try {
      if (q.respond) await q.respond({ response_type: 'ephemeral', replace_original: false, ...args });
      else {
        const previous = work?.previousReply;
        if (previous) {
          // Resumed after a crash: the half-written message is finished in place.
          const updated = await client.chat.update({ channel: previous.channel, ts: previous.ts, ...args }).then(
            () => true,
            () => false,
          );
          if (updated) return true;
        }
        const res = await client.chat.postMessage({ channel: q.channel, ...thread, ...args });
        if (res.ts) work?.noteReply(q.channel, res.ts);
      }
      return true;
    } catch (error) {
      services.logger.error({ err: error, surface: q.surface }, 'Slack refused the reply');
      await tellSlackFailed();
      return false;
    }
  };
  const files = q.files ?? [];
  if (!text) {
    await reply({ text: files.length ? NO_FILES : EMPTY_QUESTION });
    return;
  }
  const membership = await membershipOf(client, services.logger, {
    userId: q.userId,
    ...(q.teamId ? { workspaceTeamId: q.teamId } : {}),
    ...(q.enterpriseId ? { enterpriseId: q.enterpriseId } : {}),
    ...(q.userTeam ? { userTeamHint: q.userTeam } : {}),
  });
  if (membership.outsider && services.config.KIKI_EXTERNAL_USERS === 'refuse') {
    services.usage.record({
      name: 'ask.refused',
      userId: q.userId,
      feature: 'ask',
      surface: q.surface,
      outcome: 'refused',
      ...usageKey('ask'),
    });
    await reply({ text: membership.unverified ? UNVERIFIED_REFUSAL : OUTSIDER_REFUSAL });
    return;
  }
  const history = q.followUp && q.threadTs ? await readThread(services, client, q) : [];

  if (wantsHuman(text)) {
    // The thread's subject is the question that started it: quoted, and routed with the follow-ups after it.
    const asked = history.filter((t) => t.role === 'user' && !wantsHuman(t.text)).map((t) => t.text);
    const previousAnswer = [...history].reverse().find((t) => t.role === 'assistant');
    await startHandoff(services, client, {
      askerId: q.userId,
      channel: q.channel,
      ...(q.threadTs ? { threadTs: q.threadTs } : {}),
      question: asked[0] ?? text,
      ...(asked.length > 1 ? { subject: asked.join('\n') } : {}),
      ...(previousAnswer ? { answerText: previousAnswer.text } : {}),
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

  // With a model, a request for an action (a contract, a press report, figures) goes to the agent (src/agent).
  const useAgent = wantsAgent(services, q.surface, text);
  // A guest from another organisation reads public documents only (KIKI_EXTERNAL_USERS=public).
  const asker: Asker = membership.outsider
    ? { userId: q.userId, isAdmin: false, external: true }
    : await askerFor(services.config, services.directory, q.userId);

  // A verified answer with the same meaning comes first (issue 14), within the same audience bound as documents;
  // a follow-up needs the thread, so it goes on to the documents.
  if (
    !useAgent &&
    !history.some((t) => t.role === 'user') &&
    (await serveVerified(
      services,
      client,
      { ...q, text, asker, shareable: Boolean(q.respond), started, ...(audience ? { audience } : {}) },
      reply,
    ))
  ) {
    await rememberThread(services, q);
    return;
  }
  const progress = showProgress(services, client, q);
  // Kiki's Messages tab: the thread is an agent session, with a status, a title and Slack's stop button.
  const session =
    q.surface === 'dm' && q.threadTs && !q.respond
      ? beginSession(services, client, {
          channel: q.channel,
          threadTs: q.threadTs,
          userId: q.userId,
          first: !history.some((t) => t.role === 'user'),
          question: text,
        })
      : undefined;
  const stream =
    services.assistant.mode === 'llm' && !useAgent && q.threadTs && !q.respond && !work?.previousReply
      ? new AnswerStream(
          client,
          {
            channel: q.channel,
            threadTs: q.threadTs,
            userId: q.userId,
            // The recipient's own team: a Slack Connect guest's, not the workspace's.
            ...((membership.teamId ?? q.teamId) ? { teamId: membership.teamId ?? q.teamId } : {}),
          },
          services.logger,
          { startClient: withoutRetries(client, services.config), onMessage: (ts) => work?.noteReply(q.channel, ts) },
        )
      : undefined;
  stream?.start();
  session?.work.onStop(() => void stream?.halt((ts) => session.work.endedBySlack.has(ts)));
  let answer: Answer;
  // In the asker's own DM or pane, the team whose channel they are viewing has its documents preferred.
  const team = inPrivate && !q.respond ? await viewedTeam(services, q.userId) : undefined;
  const within = <T>(work: () => Promise<T>): Promise<T> => {
    const preferring = team ? () => preferredTeam.run(team, work) : work;
    return session ? modelSignal.run(session.work.signal, preferring) : preferring();
  };
  // Slack's own messages (a slack-search source): searched as the asker; where others read, public channels only.
  const live = liveCandidatesFor(services, client, {
    ...(q.actionToken ? { actionToken: q.actionToken } : {}),
    outsider: membership.outsider,
    publicOnly: Boolean(audience),
  });
  const input: AskInput = {
    question: text,
    asker,
    history,
    ...(audience ? { audience } : {}),
    ...(stream ? { onText: (d: string) => stream.append(d) } : {}),
    ...(live ? { liveCandidates: live } : {}),
  };
  let acted: Awaited<ReturnType<typeof agentReply>> | undefined;
  try {
    if (useAgent) {
      acted = await within(() =>
        agentReply(
          services,
          client,
          {
            ...q,
            text,
            history,
            asker,
            ...(audience ? { audience } : {}),
            outsider: membership.outsider,
          },
          () => Boolean(session?.work.stopped),
        ),
      );
      answer = acted.answer;
    } else answer = await within(() => services.assistant.answer(input));
  } catch (error) {
    if (session?.work.stopped) return stopped(services, q, session, started, progress);
    services.logger.error({ err: error, surface: q.surface }, 'answering failed');
    services.usage.record({
      ...usageKey('ask'),
      name: 'ask.error',
      userId: q.userId,
      feature: 'ask',
      surface: q.surface,
      outcome: 'error',
      latencyMs: performance.now() - started,
      question: text,
    });
    await progress.done();
    if (stream?.started) await stream.fail(APOLOGY);
    else await reply({ text: APOLOGY });
    await session?.end();
    return;
  }
  if (session?.work.stopped) return stopped(services, q, session, started, progress);
  if (acted?.handedOff) {
    // The hand-off told the asker who follows up (and recorded itself); nothing more is said.
    await progress.done();
    await session?.end();
    await rememberThread(services, q);
    return;
  }
  const outcome = answer.citations.length > 0 ? 'answered' : 'not_found';
  const eventId = services.usage.record({
    ...usageKey('ask'),
    name: `ask.${outcome}`,
    userId: q.userId,
    feature: 'ask',
    surface: q.surface,
    outcome,
    latencyMs: performance.now() - started,
    question: text,
    meta: {
      mode: answer.mode,
      citations: answer.citations.length,
      retrievalMs: Math.round(answer.timings.retrievalMs),
      ...(answer.timings.modelMs !== undefined ? { modelMs: Math.round(answer.timings.modelMs) } : {}),
      // Token counts only, never text: what a model answer cost.
      ...(answer.tokens ? { promptTokens: answer.tokens.prompt, completionTokens: answer.tokens.completion } : {}),
      ...(answer.notice ? { fallback: true } : {}),
      ...(acted ? { agent: true, toolCalls: acted.toolCalls } : {}),
      ...gapFacts(services.routing, answer),
    },
  });
  const options = { eventId, shareable: Boolean(q.respond) };
  const note = files.length ? [filesNote(files)] : [];
  const blocks = [...note, ...buildAnswerBlocks(answer, options), ...(acted?.blocks ?? [])];
  const fallback = answerFallbackText(answer);
  if (stream?.started) {
    const shown = await stream.finish(
      answer.text,
      [...note, ...buildAnswerBlocks(answer, { ...options, streamed: true })],
      blocks,
      fallback,
      answer.citations.length,
    );
    if (!shown) await tellSlackFailed();
  } else {
    await reply({ text: fallback, blocks });
  }
  await progress.done();
  if (answer.withheld) {
    await client.chat
      .postEphemeral({
        channel: q.channel,
        user: q.userId,
        ...(q.threadTs ? { thread_ts: q.threadTs } : {}),
        text: withheldNote(answer.withheld),
      })
      .catch((error: unknown) => services.logger.warn({ err: error }, 'could not tell the asker what was left out'));
  }
  await session?.end();
  await rememberThread(services, q);
}

/** Stopped by the person: what was written stays, nothing more is posted, the session is set back to active. */
async function stopped(
  services: Services,
  q: Question,
  session: ReturnType<typeof beginSession>,
  started: number,
  progress: { done(): Promise<void> },
): Promise<void> {
  services.usage.record({
    ...usageKey('ask'),
    name: 'ask.stopped',
    userId: q.userId,
    feature: 'ask',
    surface: q.surface,
    outcome: 'stopped',
    latencyMs: performance.now() - started,
    meta: { stoppedAfterMs: Date.now() - session.work.startedAt },
  });
  await progress.done();
  await session.end();
  await rememberThread(services, q);
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
