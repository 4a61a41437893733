import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { ErrorCode, KikiError } from '../../errors.js';

export interface FetchOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface FetchedPage {
  url: string;
  contentType: string;
  body: Buffer;
}

export const FETCH_DEFAULTS = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };

/** True for an address anyone on the internet could reach: not loopback, private, link-local, multicast… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() turns ::ffff:127.0.0.1 into 127.0.0.1, so a mapped address is judged by what it maps to.
  return ipaddr.process(address).range() === 'unicast';
}

function blocked(host: string, address: string): KikiError {
  return new KikiError(
    ErrorCode.NotAllowed,
    `${host} points to a private or local address (${address}); Kiki only reads public web pages.`,
  );
}

/**
 * The DNS lookup used for every connection: the address is checked after resolution and at connect time,
 * so neither a redirect nor a DNS answer that changes between check and use (rebinding) reaches the inside.
 */
function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as dns.LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (bad) return callback(blocked(hostname, bad.address), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

/** GET a public http(s) page with a timeout, a size cap and a bounded number of re-checked redirects. */
export async function safeFetch(rawUrl: string, options: FetchOptions): Promise<FetchedPage> {
  const { timeoutMs, maxBytes, maxRedirects } = { ...FETCH_DEFAULTS, ...options };
  const deadline = AbortSignal.timeout(timeoutMs);
  let url = parseUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const res = await request(url, options.allowPrivate, maxBytes, deadline, timeoutMs);
    if (res.status >= 300 && res.status < 400 && res.location) {
      if (hop >= maxRedirects) throw new KikiError(ErrorCode.InvalidInput, `${rawUrl} redirects more than ${maxRedirects} times.`);
      url = parseUrl(new URL(res.location, url).toString());
      continue;
    }
    if (res.status >= 400) throw new KikiError(ErrorCode.InvalidInput, `${url.host} answered HTTP ${res.status} for ${url.pathname}.`);
    return { url: url.toString(), contentType: res.contentType, body: res.body };
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new KikiError(ErrorCode.InvalidInput, `"${raw}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KikiError(ErrorCode.InvalidInput, `Only http and https links can be read (got ${url.protocol}).`);
  }
  return url;
}

interface RawResponse {
  status: number;
  location: string | undefined;
  contentType: string;
  body: Buffer;
}

function request(url: URL, allowPrivate: boolean, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<RawResponse> {
  // Node skips the lookup for literal IPs, so those are checked here.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && net.isIP(host) && !isPublicAddress(host)) return Promise.reject(blocked(host, host));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      {
        lookup: guardedLookup(allowPrivate),
        signal,
        headers: {
          'user-agent': 'Kiki press reader (+internal)',
          accept: 'text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5',
          'accept-encoding': 'identity',
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, location, contentType: '', body: Buffer.alloc(0) });
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > maxBytes) {
          req.destroy();
          return reject(tooBig(url, maxBytes));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            req.destroy();
            reject(tooBig(url, maxBytes));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status, location, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      if (error instanceof KikiError) return reject(error);
      if (signal.aborted)
        return reject(
          new KikiError(ErrorCode.InvalidInput, `${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s.`, { cause: error }),
        );
      reject(
        new KikiError(ErrorCode.InvalidInput, `Could not reach ${url.host}: ${networkReason((error as NodeJS.ErrnoException).code)}.`, {
          cause: error,
        }),
      );
    });
  });
}

function tooBig(url: URL, maxBytes: number): KikiError {
  return new KikiError(
    ErrorCode.InvalidInput,
    `${url.host}${url.pathname} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; Kiki reads articles, not archives.`,
  );
}

/** A network failure in words a person understands; the error code itself stays in the log (the cause). */
export function networkReason(code: string | undefined): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'that address does not exist or cannot be looked up; check the link';
    case 'ECONNREFUSED':
      return 'the site refused the connection';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the connection was cut off; try again later';
    case 'ETIMEDOUT':
      return 'the site did not answer in time';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return "the site's security certificate is not valid";
    default:
      return 'the site could not be reached';
  }
}
