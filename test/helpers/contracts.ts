import path from 'node:path';
import mammoth from 'mammoth';
import { SAMPLE_VALUES } from '../../scripts/lib/contract-values.js';
import { ContractService } from '../../src/legal/contracts.js';
import { createLogger } from '../../src/logger.js';
import { startFakeOpenAI } from '../../src/sandbox/fake-openai.js';

export const TEMPLATES = path.resolve(import.meta.dirname, '../../knowledge/legal/templates');
export const CORPUS = path.resolve(import.meta.dirname, '../../../shared/corpora/contracts/openagreements-templates/templates');

export function contractService(dir = TEMPLATES): ContractService {
  return new ContractService({
    templatesDir: dir,
    logger: createLogger('silent'),
    config: { KIKI_CONTRACT_DEPARTMENTS: ['Legal'], KIKI_ADMINS: [] },
  });
}

export async function docxText(data: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: data })).value;
}

export { inDays } from '../../scripts/lib/contract-values.js';

/** How a draft spells an ISO date: `2025-05-01` → `1 May 2025`. */
export function longDate(iso: string): string {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** Valid values for each shipped template. */
export const VALID = SAMPLE_VALUES;

/** The shared fake OpenAI-compatible server with one reply; `delayMs` simulates a slow model. */
export async function startFakeChat(reply: string, delayMs = 0): Promise<{ url: string; requests: unknown[]; close(): Promise<void> }> {
  const server = await startFakeOpenAI();
  server.reply = reply;
  server.delayMs = delayMs;
  return { url: server.url, requests: server.chatRequests, close: () => server.close() };
}
