/**
 * Bearer-token authentication for /api and /admin. Tokens are made by `nianbao token create`
 * and stored hashed (src/store/tokens.ts). Browsers cannot send an Authorization header to
 * bull-board, so /admin also accepts a session made by POST /admin/login (./admin.ts).
 * Every request looks its token up (one indexed query): a revoked token stops working at once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../store/db.js';
import { importPendingTokens, verifyToken } from '../store/tokens.js';

export interface Authenticator {
  /** The token's id and name when it is valid now. */
  check(token: string): Promise<{ id: number; name: string } | null>;
}

export function createAuthenticator(db: Db, dataDir: string): Authenticator {
  let lastImport = 0;
  return {
    async check(token) {
      let found = await verifyToken(db, token);
      // A token made by `nianbao token create` while this server held the embedded database.
      if (!found && Date.now() - lastImport > 1000) {
        lastImport = Date.now();
        if ((await importPendingTokens(db, dataDir)) > 0) found = await verifyToken(db, token);
      }
      return found;
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
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return null; // malformed (%E0%A4%A): no cookie of ours
    }
  }
  return null;
}

export interface RequireTokenOptions {
  /**
   * Without a token, a GET or HEAD is let through when this says the request has a live review-UI session (its
   * user name).
   */
  session?: (request: FastifyRequest) => Promise<string | null>;
}

/** Who made an authenticated /api request: token:<name>, or the review-UI user's name. */
const requesters = new WeakMap<FastifyRequest, string>();
export function requesterOf(request: FastifyRequest): string {
  return requesters.get(request) ?? 'unknown';
}

/** onRequest hook: 401 unless the request carries a valid token (or, for reading, a session). */
export function requireToken(auth: Authenticator, options: RequireTokenOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = bearerOf(request);
    if (!token && options.session && (request.method === 'GET' || request.method === 'HEAD')) {
      const user = await options.session(request);
      if (user) {
        requesters.set(request, user);
        request.log = request.log.child({ session: true });
        return;
      }
    }
    const found = token ? await auth.check(token) : null;
    if (!found) {
      reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="nianbao"')
        .send({
          error: token
            ? 'invalid or revoked token'
            : 'authentication required: send "Authorization: Bearer <token>" (nianbao token create)',
        });
      return reply;
    }
    requesters.set(request, `token:${found.name}`);
    request.log = request.log.child({ token: found.name });
  };
}
