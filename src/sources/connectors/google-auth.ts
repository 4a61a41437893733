import crypto from 'node:crypto';
import { SourceError } from '../../errors.js';
import type { PoliteHttp } from '../http.js';

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  token_uri: string;
}

export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive.readonly';

export function parseServiceAccountKey(json: string, source: string): ServiceAccountKey {
  try {
    const k = JSON.parse(json) as Partial<ServiceAccountKey>;
    if (typeof k.client_email === 'string' && typeof k.private_key === 'string') {
      return { client_email: k.client_email, private_key: k.private_key, token_uri: k.token_uri ?? 'https://oauth2.googleapis.com/token' };
    }
  } catch {}
  throw new SourceError(`${source}: the service account key is not a Google JSON key (client_email, private_key)`);
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A signed JWT for the OAuth 2.0 service-account flow with domain-wide delegation (`sub`). */
export function serviceAccountAssertion(key: ServiceAccountKey, subject: string | undefined, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({
      iss: key.client_email,
      scope: DRIVE_SCOPE,
      aud: key.token_uri,
      iat,
      exp: iat + 3600,
      ...(subject ? { sub: subject } : {}),
    }),
  );
  const signature = crypto.sign('RSA-SHA256', Buffer.from(`${header}.${claims}`), key.private_key);
  return `${header}.${claims}.${b64url(signature)}`;
}

/** Exchanges the assertion for an access token. */
export async function fetchAccessToken(
  http: PoliteHttp,
  key: ServiceAccountKey,
  subject: string | undefined,
  source: string,
): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: serviceAccountAssertion(key, subject),
  }).toString();
  const r = await http.post(key.token_uri, body, { 'content-type': 'application/x-www-form-urlencoded' });
  const token = r.status === 200 ? (JSON.parse(r.body.toString('utf8')) as { access_token?: unknown }).access_token : undefined;
  if (typeof token !== 'string') {
    throw new SourceError(
      `${source}: Google refused the service account (HTTP ${r.status}): check the key, domain-wide delegation of ${DRIVE_SCOPE} and the subject`,
    );
  }
  return token;
}
