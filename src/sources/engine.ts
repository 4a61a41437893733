import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { isKikiError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { type AccessDecision, accessKey } from './access-map.js';
import { createConnector } from './connectors/index.js';
import { fileText, removeFile, safeSegment, sourceDir, toMarkdown, writeAtomic } from './materialise.js';
import { SLACK_SEARCH_NOTE } from './slack-search.js';
import type { SourceSpec } from './spec.js';
import { SourceState } from './state.js';
import type { Connector, FetchedDocument, KnownDocument, SyncEvent } from './types.js';

export interface SourceSyncSummary {
  source: string;
  type: SourceSpec['type'];
  fetched: number;
  unchanged: number;
  removed: number;
  hidden: number;
  failed: { id: string; title: string; reason: string }[];
  requests: number;
  retries: number;
  rateLimited: number;
  seconds: number;
  /** Set when the sync stopped early: what was done is kept, the next sync resumes from the last checkpoint. */
  error?: string;
  /** Why a source is not synced at all (a folder is read by ingest directly; Slack search needs an API). */
  note?: string;
}

export interface SyncProgress {
  source: string;
  done: number;
  total: number;
}

export interface SyncDeps {
  config: Config;
  store: Store;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  full?: boolean;
  onProgress?: (p: SyncProgress) => void;
  /** Tests and benchmarks: tune the connector's HTTP (delays). */
  connectorFor?: (spec: SourceSpec) => Connector | undefined;
}

function emptySummary(spec: SourceSpec): SourceSyncSummary {
  return {
    source: spec.name,
    type: spec.type,
    fetched: 0,
    unchanged: 0,
    removed: 0,
    hidden: 0,
    failed: [],
    requests: 0,
    retries: 0,
    rateLimited: 0,
    seconds: 0,
  };
}

/** One source's sync under way: what the store knew, what this sync has seen so far, and its summary. */
interface Run {
  spec: SourceSpec;
  deps: SyncDeps;
  state: SourceState;
  /** The source's folder under KIKI_DATA_DIR/sources. */
  root: string;
  known: Map<string, KnownDocument>;
  /** Which document each file of the folder belongs to, by relative path. */
  owners: Map<string, string>;
  seen: Set<string>;
  summary: SourceSyncSummary;
  total: number;
  done: number;
}

/** Syncs one source into its folder under KIKI_DATA_DIR/sources and records every document in the store. */
export async function syncSource(spec: SourceSpec, deps: SyncDeps): Promise<SourceSyncSummary> {
  const started = performance.now();
  const summary = emptySummary(spec);
  if (spec.type === 'folder') return { ...summary, note: 'read by ingest directly' };
  if (spec.type === 'slack-search') return { ...summary, note: SLACK_SEARCH_NOTE };
  const state = new SourceState(deps.store);
  const root = sourceDir(deps.config.KIKI_DATA_DIR, spec.name);
  const previous = await state.state(spec.name);
  await state.begin(spec.name, spec.type);
  const known = await state.known(spec.name);
  // In a fleet another replica may have synced last: what its folder holds and this one's lacks is fetched again.
  const missing = missingHere(root, known);
  const owners = new Map<string, string>();
  for (const [id, k] of known) if (k.path) owners.set(k.path, id);
  const run: Run = { spec, deps, state, root, known, owners, seen: new Set<string>(), summary, total: known.size, done: 0 };

  let connector: Connector | undefined;
  try {
    const c = deps.connectorFor?.(spec) ?? createConnector(spec, deps.env, deps.logger);
    connector = c;
    const cursor = deps.full || missing ? undefined : (previous?.cursor ?? undefined);
    for await (const ev of c.sync({ full: deps.full ?? false, cursor, known, logger: deps.logger })) {
      await apply(run, ev);
      if (run.done % 50 === 0) progress(run);
    }
  } catch (error) {
    deps.logger.warn({ err: error, source: spec.name }, 'source sync stopped');
    summary.error = isKikiError(error) ? error.userMessage : 'the sync failed (details in the log)';
  }
  progress(run);
  Object.assign(summary, connector?.counts() ?? {}, { seconds: (performance.now() - started) / 1000 });
  await state.finish(spec.name, { error: summary.error, summary });
  return summary;
}

/** Reports how far the sync is (never fewer documents in total than done). */
function progress(run: Run): void {
  run.deps.onProgress?.({ source: run.spec.name, done: run.done, total: Math.max(run.total, run.done) });
}

/** Applies one event of the connector to the folder, the store and the summary. */
async function apply(run: Run, ev: SyncEvent): Promise<void> {
  const { summary, known, seen, root } = run;
  switch (ev.kind) {
    case 'total':
      run.total = ev.total;
      progress(run);
      break;
    case 'checkpoint':
      await run.state.checkpoint(run.spec.name, ev.cursor);
      break;
    case 'unchanged':
      seen.add(ev.id);
      summary.unchanged++;
      run.done++;
      break;
    case 'deleted':
      if (known.has(ev.id)) summary.removed++;
      await drop(run, ev.id);
      run.done++;
      break;
    case 'hidden':
      seen.add(ev.id);
      summary.hidden++;
      run.done++;
      removeFile(root, known.get(ev.id)?.path ?? null);
      await record(run, ev.id, ev.title, ev.url, ev.version, ev.access, { path: null, error: null });
      break;
    case 'failed':
      seen.add(ev.id);
      run.done++;
      summary.failed.push({ id: ev.id, title: ev.title, reason: ev.reason });
      removeFile(root, known.get(ev.id)?.path ?? null);
      await record(run, ev.id, ev.title, undefined, ev.version, { kind: 'nobody', unmapped: [] }, { path: null, error: ev.reason });
      break;
    case 'document':
      seen.add(ev.doc.id);
      run.done++;
      await write(run, ev.doc);
      break;
    case 'complete':
      if (ev.snapshot) await dropUnseen(run);
      break;
  }
}

/** After a complete listing: every known document this sync did not see is gone. */
async function dropUnseen(run: Run): Promise<void> {
  for (const id of run.known.keys()) {
    if (run.seen.has(id)) continue;
    run.summary.removed++;
    await drop(run, id);
  }
}

/** Removes a document: its file, its place in the folder, its row in the store. */
async function drop(run: Run, id: string): Promise<void> {
  const k = run.known.get(id);
  removeFile(run.root, k?.path ?? null);
  if (k?.path) run.owners.delete(k.path);
  await run.state.remove(run.spec.name, id);
}

/** Records a document in the store: its version and access, and its file or why it has none. */
async function record(
  run: Run,
  id: string,
  title: string,
  url: string | undefined,
  version: string,
  access: AccessDecision,
  extra: { path: string | null; error: string | null },
): Promise<void> {
  await run.state.upsert({
    source: run.spec.name,
    doc_id: id,
    title,
    url: url ?? null,
    version,
    access: accessKey(access),
    unmapped: access.unmapped.length ? JSON.stringify(access.unmapped) : null,
    synced_at: Date.now(),
    ...extra,
  });
}

/** Writes a fetched document as Markdown into the folder and records it; hidden or failed when it cannot be. */
async function write(run: Run, doc: FetchedDocument): Promise<void> {
  const { summary, root, owners } = run;
  const before: KnownDocument | undefined = run.known.get(doc.id);
  if (doc.access.kind === 'nobody') {
    summary.hidden++;
    removeFile(root, before?.path ?? null);
    await record(run, doc.id, doc.title, doc.url, doc.version, doc.access, { path: null, error: null });
    return;
  }
  let body: string;
  try {
    body = await toMarkdown(doc);
  } catch (error) {
    run.deps.logger.warn({ err: error, source: run.spec.name, doc: doc.id }, 'source document not converted');
    const reason = isKikiError(error) || error instanceof Error ? (error.message.split('\n')[0] ?? 'unreadable') : 'unreadable';
    summary.failed.push({ id: doc.id, title: doc.title, reason });
    removeFile(root, before?.path ?? null);
    await record(run, doc.id, doc.title, doc.url, doc.version, { kind: 'nobody', unmapped: [] }, { path: null, error: reason });
    return;
  }
  const rel = placeFor(doc, owners);
  if (before?.path && before.path !== rel) {
    removeFile(root, before.path);
    owners.delete(before.path);
  }
  writeAtomic(path.join(root, rel), fileText(doc, body, doc.access));
  owners.set(rel, doc.id);
  summary.fetched++;
  await record(run, doc.id, doc.title, doc.url, doc.version, doc.access, { path: rel, error: null });
}

/** Marks the known documents whose file is absent from `root` as changed (version ""); returns how many. */
function missingHere(root: string, known: Map<string, KnownDocument>): number {
  let missing = 0;
  for (const [id, k] of known) {
    if (!k.path || fs.existsSync(path.join(root, k.path))) continue;
    known.set(id, { ...k, version: '' });
    missing++;
  }
  return missing;
}

/** "HR/Parental leave.md"; a second document of the same name gets its id in the name. */
function placeFor(doc: FetchedDocument, owners: Map<string, string>): string {
  const dir = doc.folders.map(safeSegment);
  const base = safeSegment(doc.title);
  const plain = [...dir, `${base}.md`].join('/');
  const owner = owners.get(plain);
  if (owner === undefined || owner === doc.id) return plain;
  return [...dir, `${base} (${safeSegment(doc.id).slice(0, 40)}).md`].join('/');
}
