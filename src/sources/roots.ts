import path from 'node:path';
import type { Config } from '../config.js';
import type { IngestRoot } from '../retrieval/ingest.js';
import { loadSources } from './spec.js';

/** The folders ingest reads when KIKI_SOURCES is set: each source's, under its name. Unset: none (KNOWLEDGE_DIR as today). */
export function ingestRoots(config: Config, sources = loadSources(config.KIKI_SOURCES, config.KNOWLEDGE_DIR)): IngestRoot[] | undefined {
  if (!config.KIKI_SOURCES) return undefined;
  const roots: IngestRoot[] = [];
  for (const s of sources) {
    if (s.type === 'slack-search') continue;
    const dir = s.type === 'folder' ? path.resolve(s.path) : path.join(config.KIKI_DATA_DIR, 'sources', s.name);
    const access =
      s.type === 'folder' && s.access && s.access !== 'everyone' ? (typeof s.access === 'string' ? [s.access] : s.access) : undefined;
    roots.push({ dir, prefix: `${s.name}/`, ...(access ? { access } : {}) });
  }
  return roots;
}
