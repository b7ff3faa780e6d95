/**
 * bull-board at /admin/queues, behind the same bearer tokens as /api. A browser signs in at
 * /admin/login (the token goes into an HttpOnly, SameSite=Strict cookie scoped to /admin).
 */
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import { ADMIN_COOKIE, requireToken, type Authenticator } from './auth.js';
import type { Queues } from '../workers/queues.js';

export const ADMIN_BASE = '/admin/queues';

const LOGIN_PAGE = `<!doctype html><meta charset="utf-8"><title>nianbao · sign in</title>
<form method="post" action="/admin/login" style="font:16px system-ui;margin:4em auto;max-width:28em">
<p>API token (<code>nianbao token create</code>):</p>
<p><input name="token" type="password" autocomplete="off" style="width:100%" autofocus></p>
<p><button>Sign in</button></p></form>`;

export async function registerAdmin(app: FastifyInstance, queues: Queues, auth: Authenticator, secureCookie: boolean): Promise<void> {
  // Form bodies are parsed by the app's urlencoded parser (app.ts).
  app.get('/admin/login', async (_request, reply) => reply.type('text/html; charset=utf-8').send(LOGIN_PAGE));
  app.post('/admin/login', async (request, reply) => {
    const token = (request.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !(await auth.check(token))) return reply.code(401).type('text/html; charset=utf-8').send(LOGIN_PAGE);
    const cookie = `${ADMIN_COOKIE}=${encodeURIComponent(token)}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=43200${secureCookie ? '; Secure' : ''}`;
    return reply.header('set-cookie', cookie).redirect(ADMIN_BASE, 303);
  });

  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(ADMIN_BASE);
  // @bull-board/fastify 9.10.1 carries its own copy of @bull-board/api 9.10.1 (top level: 9.10.2): same shape, separate types.
  createBullBoard({ queues: queues.all().map((q) => new BullMQAdapter(q)), serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'] });
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', requireToken(auth, { allowCookie: true }));
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: ADMIN_BASE },
  );
}
