import path from 'node:path';
import type { WebClient } from '@slack/web-api';
import { SUPPORTED_EXTENSIONS } from '../comms/intake/index.js';
import type { FailedArticle, SourceInput } from '../comms/types.js';
import type { Logger } from '../logger.js';
import { filesOf, type SlackFileRef } from './payloads.js';

export type { SlackFileRef } from './payloads.js';

export const MAX_SLACK_FILE_BYTES = 20 * 1024 * 1024;

/** Slack hosts its files on slack.com and slack-files.com; a test's fake Slack on its own origin. */
function allowedOrigin(url: URL, client: WebClient): boolean {
  if (url.protocol === 'https:' && /(^|\.)(slack\.com|slack-files\.com)$/.test(url.hostname)) return true;
  try {
    return url.origin === new URL(client.slackApiUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Downloads files people shared with Kiki (with the bot token) into sources the sentiment service reads.
 * A file that cannot be read becomes a per-file problem, never a failure of the whole report.
 */
export async function slackFilesToInputs(
  client: WebClient,
  files: SlackFileRef[],
  logger: Logger,
): Promise<{ inputs: SourceInput[]; problems: FailedArticle[] }> {
  const inputs: SourceInput[] = [];
  const problems: FailedArticle[] = [];
  for (const ref of files) {
    let file = ref;
    const name = ref.name ?? ref.id;
    if (!SUPPORTED_EXTENSIONS.includes(path.extname(name).toLowerCase())) {
      problems.push({ source: name, error: `Unsupported file type (Kiki reads ${SUPPORTED_EXTENSIONS.join(', ')}).` });
      continue;
    }
    try {
      if (!file.url_private_download && !file.url_private) {
        const info = await client.files.info({ file: ref.id });
        file = { ...ref, ...filesOf({ files: [info.file] })[0] };
      }
      const url = new URL(file.url_private_download ?? file.url_private ?? '');
      if (!allowedOrigin(url, client)) throw new Error(`file URL outside Slack: ${url.origin}`);
      const res = await fetch(url, { headers: { authorization: `Bearer ${client.token ?? ''}` }, redirect: 'follow' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const declared = Number(res.headers.get('content-length') ?? 0);
      const data = declared > MAX_SLACK_FILE_BYTES ? Buffer.alloc(0) : Buffer.from(await res.arrayBuffer());
      if (declared > MAX_SLACK_FILE_BYTES || data.length > MAX_SLACK_FILE_BYTES) {
        await res.body?.cancel().catch(() => undefined);
        problems.push({ source: name, error: `Too large (over ${MAX_SLACK_FILE_BYTES / 1024 / 1024} MB).` });
        continue;
      }
      inputs.push({ kind: 'buffer', filename: name, data });
    } catch (error) {
      logger.warn({ err: error, file: ref.id }, 'could not download a Slack file for sentiment');
      problems.push({ source: name, error: 'Could not download this file from Slack.' });
    }
  }
  return { inputs, problems };
}
