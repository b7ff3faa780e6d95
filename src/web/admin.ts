/**
 * bull-board at /admin/queues. Who may in:
 *
 *   - a bearer token (tools), as for /api;
 *   - a browser signed in at /admin/login with a token: the cookie `nianbao_admin` holds a random
 *     session id (the database keeps its hash and the token it was made with; revoking the token
 *     ends it), never the token itself;
 *   - a review-UI session: admins fully, other roles read-only (GET and HEAD).
 *
 * Every request that changes something (not GET/HEAD) and rides on a cookie must carry an Origin
 * header naming this host: SameSite alone lets through another port or subdomain of the same
 * site. The sign-in form is protected against login CSRF by a double-submit token and the same
 * origin check.
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../store/db.js';
import { createAdminSession, getAdminSession } from '../store/tokens.js';
import { roleAtLeast } from '../store/users.js';
import type { Queues } from '../service/queues.js';
import { bearerOf, cookieOf, type Authenticator } from './auth.js';
import { escapeHtml } from './ui/html.js';
import { formOf, newLoginToken, sameOrigin, sameToken, setCookie, type SessionReader } from './ui/session.js';

export const ADMIN_BASE = '/admin/queues';
export const ADMIN_COOKIE = 'nianbao_admin';
const ADMIN_LOGIN_COOKIE = 'nianbao_admin_login';
const SESSION_MAX_AGE_MS = 12 * 3_600_000;

const loginPage = (
  csrf: string,
  error = '',
): string => `<!doctype html><meta charset="utf-8"><title>nianbao · sign in</title>
<form method="post" action="/admin/login" style="font:16px system-ui;margin:4em auto;max-width:28em">
${error ? `<p style="color:#b91c1c">${escapeHtml(error)}</p>` : ''}<p>API token (<code>nianbao token create</code>):</p>
<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">
<p><input name="token" type="password" autocomplete="off" style="width:100%" autofocus></p>
<p><button>Sign in</button></p></form>`;

export interface AdminDeps {
  db: Db;
  queues: Queues;
  auth: Authenticator;
  sessions: SessionReader;
  secureCookie: boolean;
}

type Access = { who: string; full: boolean; viaCookie: boolean };

export async function registerAdmin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  const { auth, db, secureCookie } = deps;
  const sendLogin = (reply: FastifyReply, status: number, error?: string): FastifyReply => {
    const csrf = newLoginToken();
    setCookie(reply, ADMIN_LOGIN_COOKIE, csrf, { path: '/admin/login', maxAgeSeconds: 3600, secure: secureCookie });
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(loginPage(csrf, error));
  };
  // Form bodies are parsed by the app's urlencoded parser (app.ts).
  app.get('/admin/login', async (_request, reply) => sendLogin(reply, 200));
  app.post('/admin/login', async (request, reply) => {
    const form = formOf(request);
    if (!sameOrigin(request) || !sameToken(form._csrf, cookieOf(request, ADMIN_LOGIN_COOKIE)))
      return sendLogin(reply, 403, 'The form had expired or did not come from this site: try again.');
    const found = typeof form.token === 'string' ? await auth.check(form.token) : null;
    if (!found) return sendLogin(reply, 401, 'Not a valid token.');
    const id = await createAdminSession(db, found.id, SESSION_MAX_AGE_MS);
    setCookie(reply, ADMIN_COOKIE, id, {
      path: '/admin',
      maxAgeSeconds: SESSION_MAX_AGE_MS / 1000,
      secure: secureCookie,
    });
    setCookie(reply, ADMIN_LOGIN_COOKIE, '', { path: '/admin/login', maxAgeSeconds: 0, secure: secureCookie });
    request.log.info({ token: found.name }, 'bull-board sign-in');
    return reply.redirect(ADMIN_BASE, 303);
  });

  async function accessOf(request: FastifyRequest): Promise<Access | null> {
    const bearer = bearerOf(request);
    if (bearer) {
      const found = await auth.check(bearer);
      return found ? { who: `token:${found.name}`, full: true, viaCookie: false } : null;
    }
    const sid = cookieOf(request, ADMIN_COOKIE);
    const board = sid ? await getAdminSession(db, sid) : null;
    if (board) return { who: `token:${board.name}`, full: true, viaCookie: true };
    const session = await deps.sessions.read(request);
    if (session) return { who: session.user.name, full: roleAtLeast(session.user.role, 'admin'), viaCookie: true };
    return null;
  }

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(ADMIN_BASE);
  // @bull-board/fastify 9.10.1 carries its own copy of @bull-board/api 9.10.1 (top level: 9.10.2): same shape, separate
  // types.
  createBullBoard({
    queues: deps.queues.all().map((q) => new BullMQAdapter(q)),
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
  });
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        const access = await accessOf(request);
        if (!access) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="nianbao"')
            .send({ error: 'authentication required: a bearer token, or sign in at /admin/login' });
        }
        const reading = request.method === 'GET' || request.method === 'HEAD';
        if (!reading) {
          // A cookie is sent by the browser whoever made the page: a change needs this site's Origin.
          if (!sameOrigin(request, access.viaCookie))
            return reply.code(403).send({ error: 'refused: this request did not come from this site (Origin)' });
          if (!access.full)
            return reply.code(403).send({ error: 'read-only: changing the queues needs the admin role' });
        }
        request.log = request.log.child({ admin: access.who });
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: ADMIN_BASE },
  );
}
