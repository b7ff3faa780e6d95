/**
 * The review UI (issue 5), served by the same fastify app as the API: plain server-rendered
 * HTML with a little JS (./static/review.js), sessions with CSRF tokens, roles.
 *
 *   /login, /logout                 ./login.ts
 *   /, /queue                       ./queue.ts
 *   /report/:id[…]                  ./report.ts
 *   /export.csv, /export.xlsx       ./exports.ts
 *   /export/series.{csv,xlsx}       ./seriesExport.ts (one row per agency and year)
 *   /manage[…]                      ./manage.ts (admin)
 *   /agencies[/:id[…]]              ./agencies.ts (merge, split: admin)
 *   /overview[…]                    ./overview.ts
 *   /language                       ./language.ts (the user's language)
 *   /static/review.{css,js}         fixed assets from memory
 */
import type { FastifyInstance } from 'fastify';
import { importPendingUsers } from '../../store/users.js';
import type { UiContext, UiDeps } from './context.js';
import { registerAgencies } from './agencies.js';
import { registerExports } from './exports.js';
import { registerLanguage } from './language.js';
import { registerOverview } from './overview.js';
import { registerSeriesExport } from './seriesExport.js';
import { ASSETS } from './layout.js';
import { registerLogin } from './login.js';
import { registerManage } from './manage.js';
import { PageRenderer } from './pageImages.js';
import { registerQueue } from './queue.js';
import { registerReport } from './report.js';
import { createSessionReader, LoginLimiter, type SessionReader } from './session.js';

export type { UiDeps } from './context.js';

export interface Ui {
  sessions: SessionReader;
  close(): Promise<void>;
}

export async function registerUi(app: FastifyInstance, deps: UiDeps): Promise<Ui> {
  const limits = { maxAgeMs: deps.config.sessionMaxAgeMs, idleMs: deps.config.sessionIdleMs };
  const ctx: UiContext = {
    deps,
    sessions: createSessionReader(deps.db, limits),
    renderer: new PageRenderer(deps.config.dataDir, deps.log),
    review: { minConfidence: deps.config.minConfidence },
    limiter: new LoginLimiter(),
    limits,
    secureCookies: deps.config.secureCookies,
  };
  const imported = await importPendingUsers(deps.db, deps.config.dataDir);
  if (imported.applied.length || imported.skipped.length)
    deps.log.info(imported, 'took in users added from the command line');

  for (const [name, a] of Object.entries(ASSETS)) {
    app.get(`/static/${name}`, async (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .type(a.type)
        .send(a.body),
    );
  }
  // Browsers ask for it on every site: nothing to show, and no 404 in their consoles.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.code(204).header('cache-control', 'public, max-age=86400').send(),
  );
  registerLogin(app, ctx);
  registerQueue(app, ctx);
  registerReport(app, ctx);
  registerExports(app, ctx);
  registerManage(app, ctx);
  registerAgencies(app, ctx);
  registerOverview(app, ctx);
  registerSeriesExport(app, ctx);
  registerLanguage(app, ctx);
  return { sessions: ctx.sessions, close: () => ctx.renderer.close() };
}
