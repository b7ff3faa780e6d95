/**
 * GET /login, POST /login, POST /logout.
 *
 * The login form is protected against CSRF before there is a session by a double-submit token
 * (a cookie scoped to /login and the same value in the form). Failed logins are counted per
 * name and address, and per address (LoginLimiter), counted before the password is checked:
 * past the limit, 429 with Retry-After. The password check takes as long for an unknown name as
 * for a known one; a hash made with weaker scrypt settings is made again at login.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { authenticate, createSession, deleteSession, importPendingUsers } from '../../store/users.js';
import { cookieOf } from '../auth.js';
import { sendHtml, type UiContext } from './context.js';
import { html } from './html.js';
import { layout } from './layout.js';
import {
  clearCookie,
  formOf,
  LOGIN_COOKIE,
  newLoginToken,
  safeNext,
  sameToken,
  SESSION_COOKIE,
  setCookie,
} from './session.js';

function loginPage(
  reply: FastifyReply,
  ctx: UiContext,
  status: number,
  o: { next: string; name?: string; error?: string; notice?: string },
): FastifyReply {
  const token = newLoginToken();
  setCookie(reply, LOGIN_COOKIE, token, { path: '/login', maxAgeSeconds: 3600, secure: ctx.secureCookies });
  return sendHtml(
    reply,
    status,
    layout(
      { title: '登录 · Log in', session: null, error: o.error, notice: o.notice, bodyClass: 'login-page' },
      html`<form method="post" action="/login" class="card login">
        <h1>登录 <span class="muted" lang="en">Log in</span></h1>
        <p class="muted">政府信息公开工作年度报告审核 · review</p>
        <input type="hidden" name="_csrf" value="${token}">
        <input type="hidden" name="next" value="${o.next}">
        <label>用户名 <span lang="en" class="muted small">Name</span> <input name="name" autocomplete="username" required
          maxlength="64" value="${o.name ?? ''}" ${o.name ? '' : 'autofocus'}></label>
        <label>密码 <span lang="en" class="muted small">Password</span> <input name="password" type="password"
          autocomplete="current-password" required maxlength="1024" ${o.name ? 'autofocus' : ''}></label>
        <button class="primary">登录 · Log in</button>
      </form>`,
    ),
  );
}

export function registerLogin(app: FastifyInstance, ctx: UiContext): void {
  const { db, config, log } = ctx.deps;

  app.get('/login', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const session = await ctx.sessions.read(request);
    const next = safeNext(q.next);
    if (session) return reply.redirect(next, 303);
    return loginPage(reply, ctx, 200, { next, notice: q.bye === '1' ? '已退出。You are logged out.' : undefined });
  });

  app.post('/login', async (request, reply) => {
    const form = formOf(request);
    const next = safeNext(form.next);
    const name = (form.name ?? '').trim().slice(0, 64);
    if (!sameToken(form._csrf, cookieOf(request, LOGIN_COOKIE))) {
      return loginPage(reply, ctx, 403, {
        next,
        name,
        error:
          '登录表单已过期（或并非来自本站），请重试。The login form had expired (or did not come from this site): please try again.',
      });
    }
    // Counted now, before the (deliberately slow) password hash.
    const attempt = ctx.limiter.begin(name, request.ip);
    const wait = attempt.wait;
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return loginPage(reply, ctx, 429, {
        next,
        name,
        error:
          `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试。Too many failed logins: try again in ` +
          `${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
      });
    }
    const password = form.password ?? '';
    let user = await authenticate(db, name, password);
    if (!user) {
      // A user added by `nianbao user add` while this server held the embedded database.
      const imported = await importPendingUsers(db, config.dataDir);
      if (imported.applied.length) {
        log.info({ users: imported.applied }, 'took in users added from the command line');
        user = await authenticate(db, name, password);
      }
    }
    if (!user) {
      log.warn({ user: name, ip: request.ip }, 'failed login');
      return loginPage(reply, ctx, 401, { next, name, error: '用户名或密码错误。Wrong name or password.' });
    }
    attempt.succeeded();
    const old = cookieOf(request, SESSION_COOKIE);
    if (old) await deleteSession(db, old);
    const session = await createSession(db, user.id, ctx.limits);
    log.info({ user: user.name, role: user.role }, 'login');
    setCookie(reply, SESSION_COOKIE, session.id, {
      path: '/',
      maxAgeSeconds: ctx.limits.maxAgeMs / 1000,
      secure: ctx.secureCookies,
    });
    clearCookie(reply, LOGIN_COOKIE, '/login', ctx.secureCookies);
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const session = await ctx.sessions.read(request);
    const id = cookieOf(request, SESSION_COOKIE);
    // Logging out needs the form's token too (a forged logout is a nuisance, not harmless).
    if (session && !sameToken(formOf(request)._csrf, session.csrfToken)) {
      return sendHtml(
        reply,
        403,
        layout(
          { title: 'Not allowed', session, error: 'missing or wrong CSRF token: reload the page and try again' },
          html`<p><a href="/queue">Back</a></p>`,
        ),
      );
    }
    if (id) await deleteSession(db, id);
    clearCookie(reply, SESSION_COOKIE, '/', ctx.secureCookies);
    return reply.redirect('/login?bye=1', 303);
  });
}
