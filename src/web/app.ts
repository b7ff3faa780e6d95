/**
 * The HTTP service (fastify): /api behind bearer tokens (browser sessions of the review UI may
 * read it too), /admin/queues (bull-board) behind the same tokens, /healthz open, and the
 * review UI (./ui: /login, /queue, /report/:id, exports, /manage). Routes are in ./reports.ts
 * and ./ui; this file wires them together.
 */
import multipart from '@fastify/multipart';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DatabaseUnavailableError, type Db } from '../store/db.js';
import { StoreWriteError } from '../store/files.js';
import type { ServiceConfig } from '../service/config.js';
import type { Queues } from '../service/queues.js';
import type { RedisProbe } from '../service/redis.js';
import { RefusedError } from '../service/errors.js';
import { checkHealth } from '../service/health.js';
import { statusOfRefusal } from './errorStatus.js';
import { registerAdmin } from './admin.js';
import { registerAgencyRoutes } from './agencies.js';
import { createAuthenticator, requireToken } from './auth.js';
import { registerReportRoutes } from './reports.js';
import { registerUi } from './ui/index.js';

export interface AppDeps {
  config: ServiceConfig;
  db: Db;
  queues: Queues;
  log: Logger;
  redis: RedisProbe;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Upload size is enforced by the multipart limit; this is for JSON bodies.
    bodyLimit: 1024 * 1024,
    // Ids in logs: requests get one, jobs log their job id.
    requestIdHeader: false,
    // Behind a reverse proxy the client's address (rate limits, logs) is in X-Forwarded-For: believed only from these.
    trustProxy: deps.config.trustProxy,
  });
  // Before any route or plugin: routes registered earlier would keep fastify's default handler,
  // which sends a 500's message (a database error, an address) to the client.
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE')
      return reply
        .code(413)
        .send({ error: `the file is larger than the upload limit of ${deps.config.maxUploadBytes} bytes` });
    if (err instanceof DatabaseUnavailableError) {
      request.log.warn(
        { err: { message: String((err.cause as Error | undefined)?.message ?? err.message) } },
        'database unreachable',
      );
      return reply
        .code(503)
        .header('retry-after', '5')
        .send({ error: 'the database is not reachable right now: try again in a moment' });
    }
    if (err instanceof StoreWriteError) {
      request.log.error({ err }, 'the data dir refuses writes');
      return reply
        .code(err.full ? 507 : 503)
        .header('retry-after', '30')
        .send({
          error: `the file could not be stored: the service's data directory ${
            err.full ? 'is full' : 'refuses writes'
          } (${err.code}); nothing was kept, try again later`,
        });
    }
    if (err instanceof RefusedError) return reply.code(statusOfRefusal(err.kind)).send({ error: err.message });
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : err.message });
  });
  await app.register(multipart, { limits: { fileSize: deps.config.maxUploadBytes, files: 1, fields: 10, parts: 20 } });

  const auth = createAuthenticator(deps.db, deps.config.dataDir);
  app.get('/healthz', async (_request, reply) => {
    const h = await checkHealth(deps);
    return reply.code(h.ok ? 200 : 503).send(h);
  });

  // HTML forms (the review UI, bull-board's sign-in): urlencoded fields as an object of strings.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 32 * 1024 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  const ui = await registerUi(app, deps);
  app.addHook('onClose', async () => ui.close());

  await app.register(async (api) => {
    // Tools send a bearer token; a browser signed in to the review UI may read (GET) with its session.
    api.addHook(
      'onRequest',
      requireToken(auth, { session: async (request) => (await ui.sessions.read(request))?.user.name ?? null }),
    );
    registerReportRoutes(api, deps);
    registerAgencyRoutes(api, deps);
  });
  await registerAdmin(app, {
    db: deps.db,
    queues: deps.queues,
    auth,
    sessions: ui.sessions,
    secureCookie: deps.config.secureCookies,
  });
  return app;
}
