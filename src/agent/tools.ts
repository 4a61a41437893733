import { type StructuredToolInterface, tool } from '@langchain/core/tools';
import { z } from 'zod';
import { audienceMayRead } from '../assistant/audience.js';
import { DEFAULT_MODEL_OPTIONS, promptPassages } from '../assistant/model-answer.js';
import { parsePasted } from '../comms/intake/index.js';
import { addUsage } from '../llm/chat.js';
import type { Passage } from '../retrieval/types.js';
import { modelOptions } from '../services.js';
import { buildUsageSummaryBlocks, usageSummaryText } from '../slack/blocks/usage-report.js';
import { runSentimentReport } from '../slack/flows/sentiment-report.js';
import { startHandoff } from '../slack/handoff-flow.js';
import { parseSince } from '../usage/window.js';
import { type AgentContext, setOutcome, TOOL, type ToolName } from './context.js';
import { contractTool } from './contract-tool.js';

/** Passages one search hands the model at most. */
const PER_SEARCH = 6;

const attr = (s: string) => s.replace(/["<>&\n]/g, ' ').slice(0, 200);

/** Passages as the model reads them, numbered after those it already has. */
function numbered(ctx: AgentContext, passages: Passage[]): string {
  return passages
    .map((p) => {
      ctx.passages.push(p);
      return `<passage n="${ctx.passages.length}" title="${attr(p.title)}" heading="${attr(p.heading)}">\n${p.text}\n</passage>`;
    })
    .join('\n');
}

function searchTool(ctx: AgentContext): StructuredToolInterface {
  return tool(
    async ({ query }, config) => {
      const { services } = ctx;
      const r = await services.assistant.retrieve(query, ctx.history, ctx.asker, undefined, ctx.audience);
      addUsage(ctx.tally)(r.tokens ?? { prompt: 0, completion: 0 });
      ctx.retrieved = r;
      const options = { ...DEFAULT_MODEL_OPTIONS, ...modelOptions(services.config), maxPassages: PER_SEARCH };
      const passages = promptPassages(r.judged, options);
      setOutcome(ctx, config, passages.length ? 'answered' : 'not_found');
      if (passages.length === 0) return 'No document this person may read matches. Say so; do not answer from memory.';
      return `${numbered(ctx, passages)}\nAnswer only from these passages and cite each sentence with its [n].`;
    },
    {
      name: TOOL.search,
      description:
        "Search the company's documents (policies, handbooks, how-tos) with the asker's access. Returns numbered passages; an answer must quote only them, citing [n].",
      schema: z.object({ query: z.string().trim().min(2).max(500).describe('What to look for, in the words documents would use') }),
    },
  );
}

function verifiedTool(ctx: AgentContext): StructuredToolInterface {
  return tool(
    async ({ question }, config) => {
      const match = await ctx.services.verified.match(question, ctx.asker);
      if (!match || (ctx.audience && !audienceMayRead(ctx.audience, match.answer.visibleTo))) {
        setOutcome(ctx, config, 'not_found');
        return 'No verified answer matches this question.';
      }
      setOutcome(ctx, config, 'answered');
      const a = match.answer;
      const passage: Passage = {
        id: `verified:${a.id}`,
        source: a.sources[0]?.source ?? `verified/${a.id}`,
        title: `Verified answer (${a.team}): ${a.question}`,
        heading: '',
        headingPath: [],
        text: a.answer,
        score: match.score,
        signals: {},
        ...(a.sources[0]?.url ? { url: a.sources[0].url } : {}),
      };
      return `${numbered(ctx, [passage])}\nThis answer was checked by ${a.team}${match.due ? ' (due for review)' : ''}. Cite it with its [n].`;
    },
    {
      name: TOOL.verified,
      description: 'Read the answer a team verified for a question with the same meaning, if there is one.',
      schema: z.object({ question: z.string().trim().min(2).max(500) }),
    },
  );
}

function pressTool(ctx: AgentContext): StructuredToolInterface {
  return tool(
    async ({ urls }, config) => {
      const inputs = parsePasted(urls.join('\n'));
      if (inputs.length === 0) {
        setOutcome(ctx, config, 'error');
        return 'None of these is a link to an article.';
      }
      await runSentimentReport(ctx.client, ctx.services, {
        userId: ctx.userId,
        // An ephemeral /kiki reply has no thread: the report goes to the person's DM.
        destination: ctx.respond
          ? { kind: 'dm' }
          : { kind: 'conversation', channel: ctx.channel, ...(ctx.threadTs ? { threadTs: ctx.threadTs } : {}) },
        inputs,
        surface: 'agent',
      });
      ctx.acted.push(TOOL.press);
      setOutcome(ctx, config, 'completed');
      return `The press sentiment report on ${inputs.length} article(s) is posted ${ctx.respond ? "in the person's DM" : 'in this conversation'}, with its chart and CSV. Say so in one sentence; do not repeat its figures.`;
    },
    {
      name: TOOL.press,
      description: 'Build a press sentiment report (tone, reach, themes) on articles given by their links, and post it here.',
      schema: z.object({
        urls: z
          .array(z.url({ protocol: /^https?$/ }))
          .min(1)
          .max(20),
      }),
    },
  );
}

function usageTool(ctx: AgentContext): StructuredToolInterface {
  return tool(
    async ({ window }, config) => {
      const report = await ctx.services.reports.report(parseSince(window));
      ctx.blocks.push(...buildUsageSummaryBlocks(report, ctx.services.reports.minutesSavedText()));
      ctx.acted.push(TOOL.usage);
      setOutcome(ctx, config, 'completed');
      return `${usageSummaryText(report)}\nThe full figures are shown below your reply: summarise in one sentence.`;
    },
    {
      name: TOOL.usage,
      description: "Kiki's adoption figures (active people, interactions, satisfaction, hand-offs) over the last 7, 30 or 90 days.",
      schema: z.object({ window: z.enum(['7d', '30d', '90d']).default('30d') }),
    },
  );
}

function handoffTool(ctx: AgentContext): StructuredToolInterface {
  return tool(
    async ({ summary }, config) => {
      const asked = ctx.history.filter((t) => t.role === 'user').map((t) => t.text);
      await startHandoff(ctx.services, ctx.client, {
        askerId: ctx.userId,
        channel: ctx.channel,
        ...(ctx.threadTs && !ctx.respond ? { threadTs: ctx.threadTs } : {}),
        question: asked[0] ?? ctx.question,
        subject: [...asked, ctx.question, summary ?? ''].join('\n').trim(),
        owners: ctx.retrieved?.judged.slice(0, 3).flatMap((j) => (j.passage.owner ? [j.passage.owner] : [])) ?? [],
        surface: ctx.surface,
        ...(ctx.respond ? { respond: ctx.respond } : {}),
      });
      ctx.handedOff = true;
      setOutcome(ctx, config, 'handed_off');
      return 'The question went to the team that owns it and the person was told who follows up. Reply with nothing more.';
    },
    {
      name: TOOL.handoff,
      description: 'Hand the question to the team that owns it, when the person asks for a human or the documents cannot answer.',
      schema: z.object({ summary: z.string().trim().max(500).optional().describe('One line on what the person needs') }),
    },
  );
}

/** The tools offered to this person: only those `allowed` (see allowedTools). */
export function buildTools(ctx: AgentContext, allowed: Set<ToolName>): StructuredToolInterface[] {
  const all: [ToolName, (c: AgentContext) => StructuredToolInterface][] = [
    [TOOL.search, searchTool],
    [TOOL.verified, verifiedTool],
    [TOOL.contract, contractTool],
    [TOOL.press, pressTool],
    [TOOL.usage, usageTool],
    [TOOL.handoff, handoffTool],
  ];
  return all.filter(([name]) => allowed.has(name)).map(([, make]) => make(ctx));
}
