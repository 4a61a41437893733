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
import type { Connector, FetchedDocument, KnownDocument } from './types.js';

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
  const seen = new Set<string>();
  let total = known.size;
  let done = 0;
  const progress = () => deps.onProgress?.({ source: spec.name, done, total: Math.max(total, done) });

  const drop = async (id: string) => {
    const k = known.get(id);
    removeFile(root, k?.path ?? null);
    if (k?.path) owners.delete(k.path);
    await state.remove(spec.name, id);
  };
  const record = async (
    id: string,
    title: string,
    url: string | undefined,
    version: string,
    access: AccessDecision,
    extra: { path: string | null; error: string | null },
  ) => {
    await state.upsert({
      source: spec.name,
      doc_id: id,
      title,
      url: url ?? null,
      version,
      access: accessKey(access),
      unmapped: access.unmapped.length ? JSON.stringify(access.unmapped) : null,
      synced_at: Date.now(),
      ...extra,
    });
  };

  let connector: Connector | undefined;
  try {
    const c = deps.connectorFor?.(spec) ?? createConnector(spec, deps.env, deps.logger);
    connector = c;
    const cursor = deps.full || missing ? undefined : (previous?.cursor ?? undefined);
    for await (const ev of c.sync({ full: deps.full ?? false, cursor, known, logger: deps.logger })) {
      switch (ev.kind) {
        case 'total':
          total = ev.total;
          progress();
          break;
        case 'checkpoint':
          await state.checkpoint(spec.name, ev.cursor);
          break;
        case 'unchanged':
          seen.add(ev.id);
          summary.unchanged++;
          done++;
          break;
        case 'deleted':
          if (known.has(ev.id)) summary.removed++;
          await drop(ev.id);
          done++;
          break;
        case 'hidden':
          seen.add(ev.id);
          summary.hidden++;
          done++;
          removeFile(root, known.get(ev.id)?.path ?? null);
          await record(ev.id, ev.title, ev.url, ev.version, ev.access, { path: null, error: null });
          break;
        case 'failed':
          seen.add(ev.id);
          done++;
          summary.failed.push({ id: ev.id, title: ev.title, reason: ev.reason });
          removeFile(root, known.get(ev.id)?.path ?? null);
          await record(ev.id, ev.title, undefined, ev.version, { kind: 'nobody', unmapped: [] }, { path: null, error: ev.reason });
          break;
        case 'document':
          seen.add(ev.doc.id);
          done++;
          await write(ev.doc);
          break;
        case 'complete':
          if (ev.snapshot) {
            for (const id of known.keys()) {
              if (seen.has(id)) continue;
              summary.removed++;
              await drop(id);
            }
          }
          break;
      }
      if (done % 50 === 0) progress();
    }
  } catch (error) {
    deps.logger.warn({ err: error, source: spec.name }, 'source sync stopped');
    summary.error = isKikiError(error) ? error.userMessage : 'the sync failed (details in the log)';
  }
  progress();
  Object.assign(summary, connector?.counts() ?? {}, { seconds: (performance.now() - started) / 1000 });
  await state.finish(spec.name, { error: summary.error, summary });
  return summary;

  async function write(doc: FetchedDocument): Promise<void> {
    const before: KnownDocument | undefined = known.get(doc.id);
    if (doc.access.kind === 'nobody') {
      summary.hidden++;
      removeFile(root, before?.path ?? null);
      await record(doc.id, doc.title, doc.url, doc.version, doc.access, { path: null, error: null });
      return;
    }
    let body: string;
    try {
      body = await toMarkdown(doc);
    } catch (error) {
      deps.logger.warn({ err: error, source: spec.name, doc: doc.id }, 'source document not converted');
      const reason = isKikiError(error) || error instanceof Error ? (error.message.split('\n')[0] ?? 'unreadable') : 'unreadable';
      summary.failed.push({ id: doc.id, title: doc.title, reason });
      removeFile(root, before?.path ?? null);
      await record(doc.id, doc.title, doc.url, doc.version, { kind: 'nobody', unmapped: [] }, { path: null, error: reason });
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
    await record(doc.id, doc.title, doc.url, doc.version, doc.access, { path: rel, error: null });
  }
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
