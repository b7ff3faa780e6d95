/**
 * The page-queue worker: sandboxed, each concurrent read in its own child process running
 * ./sandbox/readPage.ts. The children run the TypeScript sources through tsx, as the parent
 * does, and get the data dir through their environment.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../service/config.js';
import { QUEUE_NAMES, type PageQueueData } from '../service/queues.js';
import { bullConnection, connectionErrorLogger } from '../service/redis.js';
import { workerTimings } from './timings.js';

const require = createRequire(import.meta.url);
const runningTs = import.meta.url.endsWith('.ts');

/** The processor file next to this module, in the same form (.ts under tsx, .js when built). */
export const PAGE_PROCESSOR = new URL(`./sandbox/readPage.${runningTs ? 'ts' : 'js'}`, import.meta.url);

function childExecArgv(): string[] {
  if (!runningTs) return [];
  // `node --import tsx`, by absolute URL so it resolves whatever the child's working directory.
  return ['--import', pathToFileURL(require.resolve('tsx')).href];
}

export function createPageWorker(config: ServiceConfig, log: Logger): Worker<PageQueueData> {
  const worker = new Worker<PageQueueData>(QUEUE_NAMES.page, PAGE_PROCESSOR, {
    connection: bullConnection(config.redisUrl),
    prefix: config.queuePrefix,
    name: config.workerName,
    concurrency: config.pageConcurrency,
    ...workerTimings(config),
    workerForkOptions: {
      execArgv: childExecArgv(),
      env: { ...process.env, NIANBAO_DATA_DIR: config.dataDir },
    },
  });
  worker.on('error', connectionErrorLogger(log, 'page worker error', { queue: QUEUE_NAMES.page }));
  worker.on('failed', (job, err) => {
    if (job)
      log.warn(
        { jobId: job.id, reportId: job.data.reportId, attemptsMade: job.attemptsMade, reason: err.message },
        'page job failed',
      );
  });
  worker.on('stalled', (jobId) => log.warn({ jobId, queue: QUEUE_NAMES.page }, 'stalled page job moved back to wait'));
  return worker;
}
