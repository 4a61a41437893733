import type { Logger } from '../logger.js';
import type { AccessDecision } from './access-map.js';

/** One document as a connector fetched it, before conversion to Markdown. */
export interface FetchedDocument {
  id: string;
  /** Where it lives in the source, folders first, e.g. ["HR"] for a page of the HR space. */
  folders: string[];
  title: string;
  url?: string | undefined;
  updated?: string | undefined;
  /** Changes whenever the document (or its permissions) changes: a version number, a modified time, an ETag. */
  version: string;
  access: AccessDecision;
  bytes: Buffer;
  /** text/markdown, text/html, text/csv, application/pdf or the Word type. */
  contentType: string;
}

export type SyncEvent =
  | { kind: 'document'; doc: FetchedDocument }
  /** Listed and unchanged since the last sync: kept. */
  | { kind: 'unchanged'; id: string }
  /** Visible to nobody through Kiki (permissions unmappable): not fetched, removed from the index. */
  | { kind: 'hidden'; id: string; title: string; version: string; access: AccessDecision; url?: string | undefined }
  | { kind: 'failed'; id: string; title: string; version: string; reason: string }
  | { kind: 'deleted'; id: string }
  /** Where the next sync resumes (stored at once: a crash after it does not repeat what came before). */
  | { kind: 'checkpoint'; cursor: string }
  /** How many documents this sync will look at, for the progress bar. */
  | { kind: 'total'; total: number }
  /** The listing finished. `snapshot`: everything was listed, so whatever was not is gone. */
  | { kind: 'complete'; snapshot: boolean };

export interface KnownDocument {
  version: string;
  access: string;
  path: string | null;
}

export interface SyncContext {
  full: boolean;
  cursor: string | undefined;
  known: ReadonlyMap<string, KnownDocument>;
  logger: Logger;
}

export interface RequestCounts {
  requests: number;
  retries: number;
  rateLimited: number;
}

export interface Connector {
  sync(ctx: SyncContext): AsyncIterable<SyncEvent>;
  counts(): RequestCounts;
}
