/**
 * Bearer-token authentication for /api and /admin. Tokens are made by `nianbao token create`
 * and stored hashed (src/store/tokens.ts). Browsers cannot send an Authorization header to
 * bull-board, so /admin also accepts the token from an HttpOnly cookie set by POST /admin/login.
 * Verified tokens are remembered for a few seconds, so a burst of requests costs one look-up.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../store/db.js';
import { importPendingTokens, verifyToken } from '../store/tokens.js';

export const ADMIN_COOKIE = 'nianbao_token';
const CACHE_MS = 10_000;

export interface Authenticator {
  /** The token's name when valid. */
  check(token: string): Promise<string | null>;
}

export function createAuthenticator(db: Db, dataDir: string): Authenticator {
  const cache = new Map<string, { name: string | null; until: number }>();
  let lastImport = 0;
  return {
    async check(token) {
      const now = Date.now();
      const hit = cache.get(token);
      if (hit && hit.until > now) return hit.name;
      let found = await verifyToken(db, token);
      // A token made by `nianbao token create` while this server held the embedded database.
      if (!found && now - lastImport > 1000) {
        lastImport = now;
        if ((await importPendingTokens(db, dataDir)) > 0) found = await verifyToken(db, token);
      }
      const name = found?.name ?? null;
      if (cache.size > 10_000) cache.clear();
      cache.set(token, { name, until: now + (name ? CACHE_MS : 1000) });
      return name;
    },
  };
}

export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

export function cookieOf(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export interface RequireTokenOptions {
  /** Accept the token from the /admin cookie too. */
  allowCookie: boolean;
  /** Without a token, a GET or HEAD is let through when this says the request has a live review-UI session. */
  session?: (request: FastifyRequest) => Promise<boolean>;
}

/** onRequest hook: 401 unless the request carries a valid token (or, for reading, a session). */
export function requireToken(auth: Authenticator, options: RequireTokenOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearerOf(request) ?? (options.allowCookie ? cookieOf(request, ADMIN_COOKIE) : null);
    if (!token && options.session && (request.method === 'GET' || request.method === 'HEAD') && (await options.session(request))) {
      request.log = request.log.child({ session: true });
      return;
    }
    const name = token ? await auth.check(token) : null;
    if (!name) {
      reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="nianbao"')
        .send({ error: token ? 'invalid or revoked token' : 'authentication required: send "Authorization: Bearer <token>" (nianbao token create)' });
      return reply;
    }
    request.log = request.log.child({ token: name });
  };
}
