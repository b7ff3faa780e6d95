/**
 * GET /manage (admin): users, API tokens and re-processing.
 *
 *   POST /manage/users              add a user (name, role, password)
 *   POST /manage/users/:id          change role, disable, enable, or set a new password
 *   POST /manage/tokens/:id/revoke  revoke an API token (in force at the next request)
 *   POST /manage/reprocess          a bulk re-processing run (all | year | agency | extractor older than)
 *
 * Every change goes into the audit trail. An admin cannot take away their own admin role or
 * disable themselves (there would be no one left to undo it).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit, listAudit } from '../../store/review.js';
import { listRuns, reprocessFilterSchema } from '../../store/reprocess.js';
import { listTokens, revokeToken } from '../../store/tokens.js';
import {
  createUser,
  getUser,
  hashPassword,
  isRole,
  listUsers,
  passwordProblem,
  ROLES,
  setUserDisabled,
  setUserPasswordHash,
  setUserRole,
  USER_NAME,
  UserExistsError,
  type Session,
} from '../../store/users.js';
import { startBulkRun } from '../../service/bulkRun.js';
import { refusal, sendHtml, type UiContext } from './context.js';
import { html } from './html.js';
import { layout, when, wordsOf } from './layout.js';
import { formOf, guardAction, guardPage } from './session.js';

async function renderManage(
  ctx: UiContext,
  reply: FastifyReply,
  session: Session,
  o: { status?: number; error?: string | null; done?: string | null } = {},
): Promise<FastifyReply> {
  const { db } = ctx.deps;
  const [users, runs, trail, tokens] = await Promise.all([
    listUsers(db),
    listRuns(db),
    listAudit(db, null, 50),
    listTokens(db),
  ]);
  const csrf = html`<input type="hidden" name="_csrf" value="${session.csrfToken}">`;
  const words = wordsOf(session);
  const m = words.manage;
  const roleOption = (r: string, current: string) =>
    html`<option value="${r}" ${r === current ? 'selected' : ''}>${words.roles[r] ?? r}</option>`;
  const body = html`<h1>${m.title}</h1>
    <div class="manage-layout">
    <section class="card"><h2>${m.users}</h2>
      <table class="list users"><thead><tr>${m.usersHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
      ${users.map(
        (u) => html`<tr data-user="${u.name}"><td>${u.name}</td>
          <td><span class="role role-${u.role}">${words.roles[u.role] ?? u.role}</span></td>
            <td class="small">${when(u.createdAt)}</td>
          <td>${u.disabledAt ? html`<span class="badge status-rejected">${m.disabled}</span>` : m.active}</td>
          <td>${
            u.id === session.user.id
              ? html`<span class="muted small">${m.you}</span>`
              : html`<form method="post" action="/manage/users/${u.id}" class="inline">${csrf}
                  <select name="role" aria-label="role">${ROLES.map((r) => roleOption(r, u.role))}</select>
                  <button name="op" value="role">${m.setRole}</button>
                  <button name="op" value="${u.disabledAt ? 'enable' : 'disable'}">
                    ${u.disabledAt ? m.enable : m.disable}</button></form>
                <form method="post" action="/manage/users/${u.id}" class="inline">${csrf}
                  <input type="password" name="password" placeholder="${m.newPassword}" minlength="10" maxlength="1024"
                    autocomplete="new-password" required>
                  <button name="op" value="password">${m.setPassword}</button></form>`
          }</td></tr>`,
      )}
      </tbody></table>
      <form method="post" action="/manage/users" class="row add-user">${csrf}
        <input name="name" placeholder="${m.name}" required maxlength="64" pattern="[A-Za-z0-9._@\\-]{1,64}"
          autocomplete="off">
        <select name="role">${ROLES.map((r) => html`<option value="${r}">${words.roles[r] ?? r}</option>`)}</select>
        <input type="password" name="password" placeholder="${m.password}" minlength="10" maxlength="1024" required
          autocomplete="new-password">
        <button class="primary">${m.addUser}</button>
      </form>
      <p class="muted small">${m.cliUser}<code>nianbao user add NAME --role auditor</code>${m.cliUserHint}</p>
    </section>
    <section class="card"><h2>${m.tokens}</h2>
      <table class="list tokens"><thead><tr>${m.tokensHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
      ${tokens.map(
        (
          t,
        ) => html`<tr data-token="${t.id}"><td>${t.id}</td><td>${t.name}</td><td class="small">${when(t.createdAt)}</td>
          <td class="small">${t.lastUsedAt ? when(t.lastUsedAt) : '—'}</td>
          <td>${
            t.revokedAt
              ? html`<span class="badge status-rejected">${m.revoked}</span>
                <span class="small">${when(t.revokedAt)}</span>`
              : html`<form method="post" action="/manage/tokens/${t.id}/revoke"
                class="inline">${csrf}<button>${m.revoke}</button></form>`
          }</td></tr>`,
      )}
      </tbody></table>
      <p class="muted small">${m.cliToken}<code>nianbao token create --name NAME</code>${m.cliTokenHint}</p>
    </section>
    <section class="card"><h2>${m.reprocess}</h2>
      <form method="post" action="/manage/reprocess" class="row">${csrf}
        <label><input type="checkbox" name="all" value="1"> ${m.allReports}</label>
        <input name="year" placeholder="${m.year}" inputmode="numeric" size="6" maxlength="4">
        <input name="agency" placeholder="${m.agency}" maxlength="100">
        <input name="extractorOlderThan" placeholder="${m.olderThan}" maxlength="30">
        <button class="primary">${m.start}</button>
      </form>
      <p class="muted small">${m.reprocessHint}</p>
      <table class="list"><thead><tr>${m.runsHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
      ${runs.slice(0, 20).map(
        (r) =>
          html`<tr><td>${r.id}</td><td>${r.trigger}</td><td><code>${JSON.stringify(r.filter)}</code></td>
              <td>${r.total}</td><td>${r.items.pending + r.items.started}</td><td>${r.items.done}</td>
                <td>${r.items.failed}</td><td>${r.items.skipped}</td><td class="small">${when(r.createdAt)}</td></tr>`,
      )}
      </tbody></table>
    </section>
    <section class="card"><h2>${m.recent}</h2>
      <table class="list"><thead><tr>${m.recentHead.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
      ${trail.map(
        (e) => html`<tr><td class="small">${when(e.at)}</td><td>${e.userName}</td>
        <td>${words.report.actions[e.action] ?? e.action}</td>
          <td>${e.oldValue ?? ''}${
            e.oldValue !== null || e.newValue !== null ? ' → ' + '' : ''
          }${e.newValue ?? ''}</td><td>${e.reason ?? ''}</td></tr>`,
      )}
      </tbody></table>
    </section>
    </div>`;
  return sendHtml(
    reply,
    o.status ?? 200,
    layout(
      { title: m.title, session, active: 'manage', error: o.error, notice: o.done ? (m.done[o.done] ?? null) : null },
      body,
    ),
  );
}

export function registerManage(app: FastifyInstance, ctx: UiContext): void {
  const { db } = ctx.deps;

  app.get('/manage', async (request, reply) => {
    const session = await guardPage(ctx.sessions, request, reply, 'admin', refusal);
    if (!session) return reply;
    const done = (request.query as Record<string, unknown>).done;
    return renderManage(ctx, reply, session, { done: typeof done === 'string' ? done : null });
  });

  const fail = (reply: FastifyReply, session: Session, status: number, error: string): Promise<FastifyReply> =>
    renderManage(ctx, reply, session, { status, error });

  app.post('/manage/users', async (request, reply) => {
    const session = await guardAction(ctx.sessions, request, reply, 'admin', refusal);
    if (!session) return reply;
    const form = formOf(request);
    const name = (form.name ?? '').trim();
    if (!USER_NAME.test(name)) return fail(reply, session, 400, 'a user name is 1–64 of A–Z a–z 0–9 . _ @ -');
    if (!isRole(form.role)) return fail(reply, session, 400, 'choose a role');
    const problem = passwordProblem(form.password ?? '');
    if (problem) return fail(reply, session, 400, problem);
    try {
      const user = await createUser(db, { name, role: form.role, password: form.password! });
      await appendAudit(db, {
        userName: session.user.name,
        userId: session.user.id,
        action: 'user_add',
        newValue: `${user.name} (${user.role})`,
      });
    } catch (err) {
      if (err instanceof UserExistsError) return fail(reply, session, 409, err.message);
      throw err;
    }
    return reply.redirect('/manage?done=added', 303);
  });

  app.post('/manage/users/:id', async (request: FastifyRequest, reply) => {
    const session = await guardAction(ctx.sessions, request, reply, 'admin', refusal);
    if (!session) return reply;
    const raw = (request.params as { id?: string }).id ?? '';
    const user = /^\d{1,9}$/.test(raw) ? await getUser(db, Number(raw)) : null;
    if (!user) return fail(reply, session, 404, 'no such user');
    const form = formOf(request);
    const audit = { userName: session.user.name, userId: session.user.id };
    if (user.id === session.user.id && form.op !== 'password')
      return fail(reply, session, 409, 'you cannot change your own role or disable yourself');
    switch (form.op) {
      case 'role': {
        if (!isRole(form.role)) return fail(reply, session, 400, 'choose a role');
        await db.transaction(async (tx) => {
          await setUserRole(tx, user.id, form.role as (typeof ROLES)[number]);
          await appendAudit(tx, {
            ...audit,
            action: 'user_role',
            oldValue: `${user.name}: ${user.role}`,
            newValue: `${user.name}: ${form.role}`,
          });
        });
        return reply.redirect('/manage?done=role', 303);
      }
      case 'disable':
      case 'enable': {
        await db.transaction(async (tx) => {
          await setUserDisabled(tx, user.id, form.op === 'disable');
          await appendAudit(tx, {
            ...audit,
            action: form.op === 'disable' ? 'user_disable' : 'user_enable',
            newValue: user.name,
          });
        });
        return reply.redirect(`/manage?done=${form.op}d`, 303);
      }
      case 'password': {
        const problem = passwordProblem(form.password ?? '');
        if (problem) return fail(reply, session, 400, problem);
        const hash = await hashPassword(form.password!);
        await db.transaction(async (tx) => {
          await setUserPasswordHash(tx, user.id, hash);
          await appendAudit(tx, { ...audit, action: 'user_password', newValue: user.name });
        });
        if (user.id === session.user.id) return reply.redirect('/login', 303);
        return reply.redirect('/manage?done=password', 303);
      }
      default:
        return fail(reply, session, 400, 'unknown change');
    }
  });

  app.post('/manage/tokens/:id/revoke', async (request: FastifyRequest, reply) => {
    const session = await guardAction(ctx.sessions, request, reply, 'admin', refusal);
    if (!session) return reply;
    const raw = (request.params as { id?: string }).id ?? '';
    const id = /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
    const revoked =
      id > 0 &&
      (await db.transaction(async (tx) => {
        if (!(await revokeToken(tx, id))) return false;
        await appendAudit(tx, {
          userName: session.user.name,
          userId: session.user.id,
          action: 'token_revoke',
          newValue: `token ${id}`,
        });
        return true;
      }));
    if (!revoked) return fail(reply, session, 404, 'no active token with that number');
    return reply.redirect('/manage?done=revoked', 303);
  });

  app.post('/manage/reprocess', async (request, reply) => {
    const session = await guardAction(ctx.sessions, request, reply, 'admin', refusal);
    if (!session) return reply;
    const form = formOf(request);
    const candidate = {
      ...(form.all === '1' ? { all: true } : {}),
      ...(form.year?.trim() ? { year: Number(form.year.trim()) } : {}),
      ...(form.agency?.trim() ? { agency: form.agency.trim() } : {}),
      ...(form.extractorOlderThan?.trim() ? { extractorOlderThan: form.extractorOlderThan.trim() } : {}),
    };
    const filter = reprocessFilterSchema.safeParse(candidate);
    if (!filter.success) return fail(reply, session, 400, filter.error.issues.map((i) => i.message).join('; '));
    await startBulkRun(
      ctx.deps,
      { requestId: `ui-${randomUUID()}`, trigger: 'ui', filter: filter.data, requestedBy: session.user.name },
      ({ runId, total }) =>
        appendAudit(db, {
          userName: session.user.name,
          userId: session.user.id,
          action: 'reprocess_bulk',
          newValue: `run ${runId}: ${total} reports`,
          detail: filter.data,
        }),
    );
    return reply.redirect('/manage?done=reprocess', 303);
  });
}
