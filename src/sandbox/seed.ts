import fs from 'node:fs';
import path from 'node:path';
import type { RoutingTable } from '../assistant/routing.js';
import type { IngestProgress, IngestSummary } from '../retrieval/ingest.js';
import type { Services } from '../services.js';
import { countEvents, generateDemoEvents, insertEvents } from '../usage/demo-data.js';
import { SANDBOX_MARKER } from './defaults.js';

/**
 * What the sandbox prepares on its first start so that there is something to try: the search index of
 * `knowledge/` and demo usage data. Each step runs once per data folder; a step added later (a feature that
 * landed since) runs on the next start.
 */

export interface SeedProgress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

export interface SeedStep {
  id: string;
  title: string;
  /** Runs on every start, not only the first (cheap when nothing changed, e.g. an incremental ingest). */
  always?: boolean;
  /** Returns a one-line summary for the console. */
  run(progress: SeedProgress): Promise<string>;
}

export interface SeedReport {
  ran: { id: string; summary: string }[];
  skipped: string[];
}

/** The steps the sandbox knows how to run with the services this build has. */
export function sandboxSeedSteps(services: Services): SeedStep[] {
  // The sample people directory needs no step: the sandbox loads examples/people.csv unless KIKI_DIRECTORY
  // names another file.
  return [knowledgeIndex(services), demoUsage(services), helpChannel(services)];
}

/** A public help channel where everyone sits, with Kiki answering questions unprompted (issue 23). */
export const HELP_CHANNEL = { id: 'C0HELPHR', name: 'help-hr' } as const;

/**
 * `kiki channels enable` for #help-hr, once: questions only, in thread. Once, so that an admin who turns it off
 * (or changes a setting) in the App Home keeps that choice on the next start.
 */
export function helpChannel(services: Services): SeedStep {
  return {
    id: 'help-channel',
    title: 'Auto-answer in #help-hr',
    async run() {
      await services.channels.enable(
        { channelId: HELP_CHANNEL.id, questionsOnly: true, onlyTagged: false, reply: 'thread', allowExternal: false },
        'sandbox',
      );
      return `Auto-answer is on in #${HELP_CHANNEL.name}: questions Kiki is sure of get an answer in thread (kiki channels list).`;
    },
  };
}

const PHASES: Record<IngestProgress['phase'], string> = {
  scan: 'Scanning knowledge/',
  load: 'Reading documents',
  embed: 'Embedding',
  index: 'Indexing',
  write: 'Writing the index',
};

/** `kiki ingest` for the sandbox: the first start builds the index; later starts only pick up changed files. */
export function knowledgeIndex(services: Services): SeedStep {
  return {
    id: 'knowledge-index',
    title: 'Knowledge index',
    always: true,
    async run(progress) {
      let phase: string | undefined;
      const onProgress = (p: IngestProgress) => {
        if (p.phase !== phase) {
          if (phase) progress.stop();
          phase = p.phase;
          progress.start(Math.max(p.total, 1), PHASES[p.phase]);
        }
        progress.update(p.done);
      };
      let summary: IngestSummary;
      try {
        summary = await services.retrieval.ingest({ onProgress });
      } finally {
        if (phase) progress.stop();
      }
      const failed = summary.failed.length ? `; ${summary.failed.length} could not be read (see kiki ingest)` : '';
      return summary.upToDate
        ? `Knowledge index: up to date (${summary.files} documents, ${summary.chunks} passages).`
        : `Knowledge index: ${summary.files} documents, ${summary.chunks} passages from ${services.config.KNOWLEDGE_DIR} in ${summary.seconds.toFixed(1)} s${failed}.`;
    },
  };
}

/** `kiki demo-data` for the sandbox: six weeks of events marked as demo, so /kiki-usage has a story to tell. */
export function demoUsage(services: Services, weeks = 6): SeedStep {
  return {
    id: 'demo-usage',
    title: 'Demo usage data',
    async run(progress) {
      const counts = await countEvents(services.store);
      if (counts.real > 0 || counts.demo > 0) {
        return `Usage data: the store already holds ${counts.real} real and ${counts.demo} demo events; no demo data added.`;
      }
      const rows = generateDemoEvents(services.directory.people, { weeks, seed: 7 });
      progress.start(rows.length, 'Demo usage data');
      try {
        await insertEvents(services.store, rows, (done) => progress.update(done));
      } finally {
        progress.stop();
      }
      return `Added ${rows.length} demo usage events (${weeks} weeks, marked as demo) for /kiki-usage and the App Home.`;
    },
  };
}

/**
 * Who sits in each team channel of the routing table, so that a team member who did not reply can still save a
 * hand-off reply as a verified answer: the department named like the team, or listed by its route, and the bot.
 * The escalation channel (the help desk) has the admins.
 */
export function sandboxChannelMembers(
  routing: RoutingTable,
  people: { id: string; department: string }[],
  options: { escalationChannel?: string; admins: string[]; botUserId: string },
): Map<string, string[]> {
  const members = new Map<string, Set<string>>();
  const add = (channel: string, ids: string[]) => {
    const set = members.get(channel) ?? new Set([options.botUserId]);
    for (const id of ids) set.add(id);
    members.set(channel, set);
  };
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const r of routing.routes) {
    const departments = [r.team, ...(r.departments ?? [])];
    add(
      r.channel,
      people.filter((p) => departments.some((d) => same(d, p.department))).map((p) => p.id),
    );
  }
  const help = options.escalationChannel ?? routing.fallback?.channel;
  if (help) add(help, options.admins);
  return new Map([...members].map(([channel, set]) => [channel, [...set]]));
}

export async function seedSandbox(dataDir: string, steps: SeedStep[], progress: SeedProgress): Promise<SeedReport> {
  const file = path.join(dataDir, SANDBOX_MARKER);
  const done = readMarker(file);
  const report: SeedReport = { ran: [], skipped: [] };
  for (const step of steps) {
    if (done[step.id] && !step.always) {
      report.skipped.push(step.id);
      continue;
    }
    const summary = await step.run(progress);
    done[step.id] = Date.now();
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(done, null, 2)}\n`);
    report.ran.push({ id: step.id, summary });
  }
  return report;
}

function readMarker(file: string): Record<string, number> {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, number>) : {};
  } catch {
    return {};
  }
}
