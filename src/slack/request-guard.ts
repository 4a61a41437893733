import type http from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { ErrorCode as BoltErrorCode, defaultBodyLimit, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { oddEvent, oddForm, oddInteraction } from './request-shape.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Why a body is not one Slack would send, or undefined when it is. Mirrors how Bolt's HTTP receiver reads a
 * body (a form with a JSON `payload`, a plain form, or JSON), so that whatever passes is an object Bolt can
 * read: a body of `null` used to reach `body.ssl_check` and end the process. Objects are then checked for the
 * fields Bolt and the listeners read (request-shape.ts).
 */
export function malformedBody(raw: string, contentType: string | undefined): string | undefined {
  if (contentType === FORM) {
    const form = parseQuery(raw);
    const { payload } = form;
    if (Array.isArray(payload)) return 'payload given more than once';
    if (typeof payload !== 'string') return oddForm(form);
    const parsed = parseJson(payload);
    return isPlainObject(parsed) ? oddInteraction(parsed) : 'payload is not a JSON object';
  }
  const parsed = parseJson(raw);
  return isPlainObject(parsed) ? oddEvent(parsed) : 'body is not a JSON object';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Wraps Bolt's request listener: the body is read (within Bolt's size limit) and checked before Bolt sees it;
 * a signed but malformed body gets 400, an unsigned one 401 as before; an unknown path gets 404 instead of
 * an exception thrown out of the server's request event; anything else that goes wrong is logged and answered
 * with 500. No request, however odd, reaches the process as an uncaught error.
 */
export function guardRequests(
  listener: http.RequestListener,
  logger: Logger,
  signingSecret: string,
  bodyLimit = defaultBodyLimit,
): http.RequestListener {
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.method === 'POST') {
      const raw = await readBody(req, bodyLimit);
      if (raw === 'too-large') return reply(res, 413);
      const text = raw.toString('utf8');
      const problem = malformedBody(text, req.headers['content-type']);
      if (problem) {
        const signed = isValidSlackRequest({
          signingSecret,
          body: text,
          headers: {
            'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
            'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
          },
        });
        logger.warn({ path: req.url, problem, signed }, 'malformed request refused');
        return reply(res, signed ? 400 : 401);
      }
      // Bolt reads a body already buffered here instead of the (consumed) stream.
      Object.assign(req, { rawBody: raw });
    }
    try {
      listener(req, res);
    } catch (error) {
      if ((error as { code?: string }).code === BoltErrorCode.HTTPReceiverDeferredRequestError) return reply(res, 404);
      throw error;
    }
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'request failed');
      if (!res.headersSent) reply(res, 500);
      else res.destroy();
    });
  };
}

function reply(res: http.ServerResponse, status: number): void {
  res.writeHead(status).end();
}

/** The whole body, or "too-large" once it passes the limit (the rest is drained, so the 413 still arrives). */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
