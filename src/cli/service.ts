/**
 * The composition root: the one place that wires the service's shells together — the store,
 * the queues and settings of ../service/, the workers of ../workers/ and the HTTP app of
 * ../web/ (which never import each other). Which parts a process runs depends on its role.
 *
 *   serve   (one per installation) API, watched folder, scheduler, reconciler and workers of
 *           every queue: everything for a single machine.
 *   worker  (any number, any machine sharing Redis and the data dir) page reads; with
 *           DATABASE_URL also the report and bulk queues. Without it (embedded PGlite, which only
 *           one process may open) the stages that touch the database stay with `serve`.
 *
 * Start order: Redis reachable → database (migrated) → queues → workers → reconciler and
 * schedule → watcher → HTTP. close() undoes it in reverse: stop taking work in, let running
 * jobs finish (worker.close waits for them), then close queues, Redis and the database.
 */
import type { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { tokenAction } from './token.js';
import { userAction } from './user.js';
import { startControlInbox } from '../store/control.js';
import { restrictDataDir } from '../store/files.js';
import { openStore, type Db } from '../store/index.js';
import { importPendingTokens } from '../store/tokens.js';
import { buildApp } from '../web/app.js';
import { ConfigError, type ServiceConfig } from '../service/config.js';
import { createPageWorker } from '../workers/pageWorker.js';
import { createQueues, type Queues } from '../service/queues.js';
import { startReconciler } from '../workers/reconcile.js';
import { checkRedis, connectionErrorLogger, RedisProbe } from '../service/redis.js';
import { createReportWorker } from '../workers/reportWorker.js';
import { applySchedule, createReprocessWorker } from '../workers/reprocess.js';
import { startWatcher, type WatcherHandle } from '../workers/watcher.js';

export interface ServiceRoles {
  api: boolean;
  watcher: boolean;
  /** Report and bulk queues, the reconciler and the schedule (need the database). */
  orchestrate: boolean;
  /** Sandboxed page reads (config.pageConcurrency at once). */
  pages: boolean;
}

/** `nianbao serve`: everything. */
export function serveRoles(config: ServiceConfig): ServiceRoles {
  return { api: true, watcher: config.watchDir !== null, orchestrate: true, pages: config.pageConcurrency > 0 };
}

/** `nianbao worker`: page reads; the database stages too when the database can be shared. */
export function workerRoles(config: ServiceConfig): ServiceRoles {
  return { api: false, watcher: false, orchestrate: config.databaseUrl !== null, pages: config.pageConcurrency > 0 };
}

export interface Service {
  config: ServiceConfig;
  roles: ServiceRoles;
  db: Db | null;
  queues: Queues;
  app: FastifyInstance | null;
  /** http://host:port of the API, when it runs. */
  url: string | null;
  watcher: WatcherHandle | null;
  workers: Worker[];
  close(): Promise<void>;
}

/** How long running jobs get to finish on shutdown (docker-compose allows 60 s). */
const SHUTDOWN_WAIT_MS = 25_000;

/**
 * worker.close() waits for running jobs. It never returns while Redis is unreachable, so the
 * wait is bounded: past it the worker's connections are dropped (its jobs are recovered later
 * as stalled jobs by another worker or the next start).
 */
async function closeWorker(worker: Worker, log: Logger, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), waitMs)));
  const result = await Promise.race([worker.close().then(() => 'closed' as const), timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    log.warn(
      { queue: worker.name },
      'worker did not close in time: dropping its connections (its jobs will be picked up again)',
    );
    await Promise.race([worker.disconnect().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }
}

export async function startService(config: ServiceConfig, roles: ServiceRoles, log: Logger): Promise<Service> {
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => log.warn({ err }, 'error while closing'));
    }
    cleanups.length = 0;
  };
  if (!roles.api && !roles.watcher && !roles.orchestrate && !roles.pages) {
    throw new ConfigError(
      'nothing to run: this worker reads no pages (concurrency 0) and has no DATABASE_URL for the other stages',
    );
  }
  try {
    await checkRedis(config.redisUrl, config.redisWaitMs);
    if (!(await restrictDataDir(config.dataDir)).restricted)
      log.warn(
        { dataDir: config.dataDir },
        'could not make the data dir 0700 (not its owner?): others may be able to read it',
      );

    const needsDb = roles.api || roles.watcher || roles.orchestrate;
    const db = needsDb ? await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }) : null;
    if (db) {
      cleanups.push(() => db.close());
      log.info({ database: db.kind }, 'database ready');
      await importPendingTokens(db, config.dataDir);
      if (db.kind === 'pglite') {
        // The command line cannot open the embedded database while we hold it: it hands its commands over.
        const inbox = startControlInbox(
          config.dataDir,
          (r) => (r.command === 'token' ? tokenAction(db, r.args, r.who) : userAction(db, r.args, r.who)),
          log,
        );
        cleanups.push(() => inbox.close());
      }
    }

    const queues = createQueues(config, connectionErrorLogger(log, 'queue error'));
    cleanups.push(() => queues.close());

    const workers: Worker[] = [];
    cleanups.push(async () => {
      const redisUp = await checkRedis(config.redisUrl, 0).then(
        () => true,
        () => false,
      );
      await Promise.all(workers.map((w) => closeWorker(w, log, redisUp ? SHUTDOWN_WAIT_MS : 2000)));
    });
    if (roles.pages) workers.push(createPageWorker(config, log));
    if (roles.orchestrate && db) {
      workers.push(createReportWorker({ db, queues, config, log }));
      workers.push(createReprocessWorker({ db, queues, config, log }));
      await applySchedule(queues, config);
      const reconciler = startReconciler({ db, queues, config, log });
      cleanups.push(() => reconciler.close());
    }

    let watcher: WatcherHandle | null = null;
    if (roles.watcher && db) {
      const w = await startWatcher({ db, queues, config, log });
      watcher = w;
      cleanups.push(() => w.close());
    }

    let app: FastifyInstance | null = null;
    let url: string | null = null;
    if (roles.api && db) {
      const redis = new RedisProbe(config.redisUrl);
      cleanups.push(async () => redis.close());
      const a = await buildApp({ config, db, queues, log, redis });
      app = a;
      cleanups.push(() => a.close());
      await a.listen({ host: config.host, port: config.port });
      const address = a.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    }

    log.info(
      {
        roles,
        pageConcurrency: config.pageConcurrency,
        reportConcurrency: config.reportConcurrency,
        worker: config.workerName,
        url,
      },
      'nianbao service started',
    );
    let closing: Promise<void> | null = null;
    return {
      config,
      roles,
      db,
      queues,
      app,
      url,
      watcher,
      workers,
      close: () => (closing ??= closeAll().then(() => log.info('nianbao service stopped'))),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
